using System.Numerics.Tensors;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Embeddings;

/// <summary>
/// Round 6's clause heads read each clause of a message through its own tokens' states, from the message's one
/// model call: the sentence vector does not change for it, and each clause's vector says what that clause says.
/// </summary>
[Collection(SharedEmbeddingModel.Name)]
public sealed class OneModelCallGivesEachClauseItsOwnVector(EmbeddingModel model)
{
    private const string Letter =
        "The curtains arrived on Tuesday and they look lovely in the bedroom, but the wardrobe came with both doors scratched and nobody has answered my emails.";

    [Fact]
    public void TheSentenceVectorIsUnchangedAndEachClauseHasAVector()
    {
        var spans = SignalHeads.ClauseSpans(Letter);

        var pooled = model.Embedder.EmbedSpans(Letter, spans);

        Assert.Equal(model.Embedder.Embed(Letter), pooled.Mean);
        Assert.NotNull(pooled.Spans);
        Assert.Equal(spans.Count, pooled.Spans.Length);
        Assert.All(pooled.Spans, v => Assert.Equal(1f, TensorPrimitives.Norm(v), 1e-4f));
    }

    [Fact]
    public void EachClausesVectorIsNearerItsOwnWordsThanTheOtherClauses()
    {
        var spans = SignalHeads.ClauseSpans(Letter);
        var clauses = spans.Select(s => Letter[s.Start..s.End]).ToList();
        Assert.True(clauses.Count >= 2, $"Expected the letter to have clauses: {string.Join(" | ", clauses)}");

        var pooled = model.Embedder.EmbedSpans(Letter, spans);

        var alone = model.Embedder.EmbedBatch(clauses);
        for (var i = 0; i < clauses.Count; i++)
        {
            var own = TensorPrimitives.Dot(pooled.Spans![i], alone[i]);
            for (var j = 0; j < clauses.Count; j++)
            {
                if (j != i)
                {
                    Assert.True(own > TensorPrimitives.Dot(pooled.Spans[i], alone[j]), $"clause {i} \"{clauses[i]}\" reads closer to \"{clauses[j]}\"");
                }
            }
        }
    }

    [Fact]
    public void PaddingInABatchNeverChangesAShortMessagesClauses()
    {
        string[] texts = ["human please, this is urgent", Letter];
        IReadOnlyList<(int, int)>[] spans = [SignalHeads.ClauseSpans(texts[0]), SignalHeads.ClauseSpans(texts[1])];

        var batch = model.Embedder.EmbedSpansBatch(texts, spans);

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = model.Embedder.EmbedSpans(texts[i], spans[i]);
            Assert.Equal(alone.Spans!.Length, batch[i].Spans!.Length);
            for (var s = 0; s < alone.Spans.Length; s++)
            {
                Assert.Equal(alone.Spans[s], batch[i].Spans![s], (a, b) => Math.Abs(a - b) < 1e-4f);
            }
        }
    }

    [Fact]
    public void AClauseBeyondTheModelsLengthGetsTheSentenceVector()
    {
        // The model reads 254 word pieces; a clause after a long letter has no token of its own in the call.
        var text = string.Concat(Enumerable.Repeat("the sofa was lovely and the delivery men were polite, ", 40)) + "but I want to speak to a manager";
        var spans = SignalHeads.ClauseSpans(text);

        var pooled = model.Embedder.EmbedSpans(text, spans);

        Assert.Equal(pooled.Mean, pooled.Spans![^1]);
    }

    [Fact]
    public void AnEmbedderWithoutTokenStatesGivesNoClauseVectors()
    {
        ITextEmbedder external = new SentenceOnlyEmbedder(model.Embedder);

        var pooled = external.EmbedSpans(Letter, SignalHeads.ClauseSpans(Letter));

        Assert.Equal(model.Embedder.Embed(Letter), pooled.Mean);
        Assert.Null(pooled.Spans);
    }

    private sealed class SentenceOnlyEmbedder(MiniLmEmbedder inner) : ITextEmbedder
    {
        public int Dimensions => inner.Dimensions;

        public string ModelId => inner.ModelId;

        public float[] Embed(string text) => inner.Embed(text);

        public float[][] EmbedBatch(IReadOnlyList<string> texts) => inner.EmbedBatch(texts);
    }
}
