using System.Numerics.Tensors;
using System.Security.Cryptography;
using Tandem.Rules.Routing;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Tests.Stages;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Embeddings;

/// <summary>
/// The signal encoder file carries the fine-tuned top layers as differences from the shipped model: the server must run
/// exactly those layers (not the shipped ones, not a file made for another model), and its head must score what the file
/// says. Files are built here from the real model's tensors, so the test needs nothing the repository does not have.
/// </summary>
[Collection(SharedEmbeddingModel.Name)]
public sealed class TheSignalEncoderServesTheLayersItsFileCarries(EmbeddingModel model)
{
    private static readonly Lazy<(byte[] Bytes, MiniLmGraph Graph)> Shipped = new(() =>
    {
        var bytes = MiniLmEmbedder.ModelBytes();
        return (bytes, new MiniLmGraph(bytes));
    });

    private const string Complaint = "the wardrobe doors arrived split and nobody has answered my emails";
    private const string Question = "what are your opening hours on bank holidays?";

    [Fact]
    public void AFileWithNoDifferencesEmbedsExactlyAsTheShippedModel()
    {
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length]));

        Assert.Equal(model.Embedder.Embed(Complaint), encoder.Embedder.Embed(Complaint));
        Assert.EndsWith("+" + encoder.Version, encoder.Embedder.ModelId, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServedModelRunsTheFilesLayersInPlaceOfTheShippedOnes()
    {
        // Differences that take the last layer's output gain to zero: every token then leaves the model as the same
        // bias vector (to half precision's rounding of the gain), so two unrelated messages get one sentence vector —
        // only if ONNX Runtime used the file's tensors.
        using var encoder = SignalEncoder.Read(File(lastLayer: (role, original) =>
            role.EndsWith(".norm2.gain", StringComparison.Ordinal) ? [.. original.Select(v => -v)] : new float[original.Length]));

        var complaint = encoder.Embedder.Embed(Complaint);
        var question = encoder.Embedder.Embed(Question);

        Assert.True(TensorPrimitives.CosineSimilarity(complaint, question) > 0.9999f);
        Assert.True(TensorPrimitives.CosineSimilarity(model.Embedder.Embed(Complaint), model.Embedder.Embed(Question)) < 0.5f);
    }

    [Fact]
    public void OneModelCallGivesTheShippedAndTheTunedVectorsThatTwoCallsGive()
    {
        // The tuned last layer runs beside the shipped one in one graph (round 18): its shipped vector must be the shipped
        // model's, and its tuned vector the one a model with only the file's layers gives.
        using var encoder = SignalEncoder.Read(File(lastLayer: (role, original) =>
            role.EndsWith(".norm2.gain", StringComparison.Ordinal) ? [.. original.Select(v => -v)] : new float[original.Length]));
        using var tunedAlone = new MiniLmEmbedder(1, encoder.Overrides(Shipped.Value.Bytes));

        var vectors = encoder.EmbedBeside(Complaint, model.Embedder);

        Assert.NotNull(vectors);
        Assert.NotNull(vectors.Tuned);
        AssertClose(model.Embedder.Embed(Complaint), vectors.Mean);
        AssertClose(tunedAlone.Embed(Complaint), vectors.Tuned);
        AssertClose(tunedAlone.Embed(Complaint), encoder.Embedder.Embed(Complaint));
        Assert.True(TensorPrimitives.CosineSimilarity(vectors.Mean, vectors.Tuned) < 0.9f);
        // The turn's reading uses the tuned vector it was given, and scores as a reading of its own would.
        Assert.Equal(encoder.Read(Complaint)!.Probabilities, encoder.Read(Complaint, vectors)!.Probabilities);
    }

    [Theory]
    [InlineData("Wo ist meine Bestellung? Ich warte seit zwei Wochen.")]
    [InlineData("ok thanks")]
    public void AMessageTheEncoderDoesNotReadIsEmbeddedByTheShippedModelAlone(string text)
    {
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length]));

        Assert.Null(encoder.EmbedBeside(text, model.Embedder));
        var vectors = SignalPipeline.Embed(SignalHeads.Shipped!.WithEncoder(encoder), model.Embedder, text);
        Assert.Null(vectors.Tuned);
        Assert.Null(vectors.OfWords);
        Assert.Equal(model.Embedder.Embed(text), vectors.Mean);
    }

    [Fact]
    public void AMessageWithIdentifiersHasWhatTheEncoderAndHeadsReadFromOneMoreCall()
    {
        // Round 21: the order number is taken out for the encoder and the heads, whose two vectors of those words come
        // from one call beside the message's own, not two.
        using var encoder = SignalEncoder.Read(File(lastLayer: (role, original) =>
            role.EndsWith(".norm2.gain", StringComparison.Ordinal) ? [.. original.Select(v => -v)] : new float[original.Length]));
        const string text = "where is order HH-2026-003186? it was due on Monday and nobody has answered my emails";
        var words = SignalHeads.Words(text)!;
        Assert.NotEqual(text, words);

        var vectors = SignalPipeline.Embed(SignalHeads.Shipped!.WithEncoder(encoder), model.Embedder, text);

        Assert.Equal(model.Embedder.Embed(text), vectors.Mean);
        Assert.Null(vectors.Tuned);
        Assert.NotNull(vectors.OfWords?.Tuned);
        AssertClose(model.Embedder.Embed(words), vectors.OfWords.Mean);
        AssertClose(encoder.Embedder.Embed(words), vectors.OfWords.Tuned);
        var alone = encoder.Read(text)!.Probabilities;
        var fromTheCall = encoder.Read(text, vectors)!.Probabilities;
        for (var i = 0; i < alone.Length; i++)
        {
            Assert.Equal(alone[i], fromTheCall[i], 4);
        }
        Assert.Null(SignalPipeline.Embed(SignalHeads.Shipped!.WithEncoder(encoder), model.Embedder, "Wo ist meine Bestellung HH-2026-003186? Ich warte seit zwei Wochen.").OfWords);
    }

    [Fact]
    public void AMessageWhoseSpacingAloneDiffersIsReadFromTheSameCall()
    {
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length]));
        const string text = "the wardrobe doors arrived split\n\nand nobody has   answered my emails";

        var vectors = encoder.EmbedBeside(text, model.Embedder);

        Assert.NotNull(vectors?.Tuned);
        AssertClose(encoder.Embedder.Embed("the wardrobe doors arrived split and nobody has answered my emails"), vectors.Tuned);
    }

    [Fact]
    public void AFileTunedFromAnotherModelFileIsRefusedWithWhatToDo()
    {
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length], modelSha256: new string('0', 64)));

        var error = Assert.Throws<InvalidDataException>(() => encoder.Embedder.Embed(Complaint));

        Assert.Contains("Retrain it with bench/SignalFineTune", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        var bytes = File(lastLayer: (_, original) => new float[original.Length]);

        var error = Assert.Throws<InvalidDataException>(() => SignalEncoder.Read(bytes[..^10]));

        Assert.Contains("ends inside tensor layer5.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHeadAddsTheWeightOfEachWordPresentToTheVectorsScore()
    {
        // A head that ignores the vector and knows one word: "refund" (its bucket) lifts the complaint output from -4 to +4.
        var buckets = 4096;
        var refund = Assert.Single(SignalEncoder.PresentBuckets("refund", buckets));
        Assert.DoesNotContain(refund, SignalEncoder.PresentBuckets(Question, buckets));
        var ngrams = new float[4 * buckets];
        ngrams[refund] = 8;
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length], ngrams: ngrams, bias: [-4, -4, -4, -4]));

        var vector = encoder.Embedder.Embed(Question);
        var withWord = encoder.Probabilities("I want a refund please", vector);
        var without = encoder.Probabilities(Question, vector);

        Assert.Equal(1 / (1 + MathF.Exp(-4)), withWord[0], 1e-5f);
        Assert.Equal(1 / (1 + MathF.Exp(4)), without[0], 1e-5f);
        Assert.Equal(without[1], withWord[1], 1e-6f);
        Assert.Empty(encoder.Detect(Question, _ => true));
        var raised = Assert.Single(encoder.Detect("I want a refund please", _ => true));
        Assert.Equal(SignalKind.Complaint, raised.Kind);
        Assert.Equal("\"I want a refund please\" (model 0.98)", raised.Evidence);
    }

    [Theory]
    [InlineData("Wo ist meine Bestellung? Ich warte seit zwei Wochen.")]
    [InlineData("Bonjour, ma commande n'est pas arrivée, pouvez-vous m'aider ?")]
    [InlineData("HH-2026-003186 jacob.coleman@example.com")]
    public void AMessageNotInEnglishOrWithoutWordsIsNotReadByTheEncoder(string text)
    {
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length]));

        Assert.Null(encoder.Read(text));
        Assert.Empty(encoder.Detect(text, _ => true));
    }

    [Fact]
    public void ARulesComplaintNeedsTheEncodersAssentButARulesSelfHarmDoesNot()
    {
        // An encoder sure of nothing (every probability σ(-4) = 0.018) that asks for 0.5 before a rule's signal stands.
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length], bias: [-4, -4, -4, -4], ruleAssent: 0.5f));
        var heads = SignalHeads.Shipped!.WithEncoder(encoder);
        const string complaint = "I'm really disappointed with how my delivery was handled, it's a complaint as far as I'm concerned";
        const string selfHarm = "honestly I want to kill myself, when is the sofa coming";
        Assert.Contains(SignalPipeline.Rules(complaint), s => s.Kind == SignalKind.Complaint);
        Assert.Contains(SignalPipeline.Rules(selfHarm), s => s.Kind == SignalKind.SelfHarm);

        List<Signal> Detect(string text) => SignalPipeline.Detect(text, model.Embedder.Embed(text), model.Embedder, new SemanticSignals(model.Embedder), heads);

        Assert.DoesNotContain(Detect(complaint), s => s.Kind == SignalKind.Complaint);
        Assert.Contains(Detect(selfHarm), s => s.Kind == SignalKind.SelfHarm);
        // Without the assent rule (the shipped heads alone), the same complaint is raised by its rule.
        Assert.Contains(SignalPipeline.Detect(complaint, model.Embedder.Embed(complaint), model.Embedder, new SemanticSignals(model.Embedder), heads.WithEncoder(null)),
            s => s.Kind == SignalKind.Complaint);
    }

    [Fact]
    public void EachSignalsRuleAsksForItsOwnAssent()
    {
        // Every probability σ(-4) = 0.018: a complaint's rule asks for 0.5 and is held back, a request for a person's asks
        // for 0.01 and stands.
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length], bias: [-4, -4, -4, -4], ruleAssent: 0.5f,
            ruleAssents: [0.5f, 0.5f, 0.5f, 0.01f]));
        var heads = SignalHeads.Shipped!.WithEncoder(encoder);
        const string text = "Really disappointed with the delivery and I want to speak to a manager";
        Assert.Contains(SignalPipeline.Rules(text), s => s.Kind == SignalKind.Complaint);
        Assert.Contains(SignalPipeline.Rules(text), s => s.Kind == SignalKind.HumanRequest);

        var signals = SignalPipeline.Detect(text, model.Embedder.Embed(text), model.Embedder, new SemanticSignals(model.Embedder), heads);

        Assert.DoesNotContain(signals, s => s.Kind == SignalKind.Complaint);
        Assert.Contains(signals, s => s.Kind == SignalKind.HumanRequest);
    }

    [Theory]
    [InlineData("I want to make a formal complaint about how my delivery was handled")]
    [InlineData("help me lodge a complaint against ur company")]
    [InlineData("I'd like to make a complaint about the fitter")]
    public void ACustomersPlainWishToComplainStandsWithoutTheEncodersAssent(string text)
    {
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length], bias: [-4, -4, -4, -4], ruleAssent: 0.5f));
        var heads = SignalHeads.Shipped!.WithEncoder(encoder);

        var signals = SignalPipeline.Detect(text, model.Embedder.Embed(text), model.Embedder, new SemanticSignals(model.Embedder), heads);

        Assert.Contains(signals, s => s.Kind == SignalKind.Complaint);
    }

    [Fact]
    public void AFileWhoseFloorsDoNotMatchItsSignalsIsRefused() =>
        Assert.Throws<InvalidDataException>(() => SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length], ruleAssents: [0.1f, 0.1f])));

    [Fact]
    public void TheSelfHarmAnchorGivesWayToTheEncodersReading()
    {
        // An encoder that reads no self-harm here (bias -4) and assents to every rule (floor 0): the anchor still does not stand.
        using var encoder = SignalEncoder.Read(File(lastLayer: (_, original) => new float[original.Length], bias: [-4, -4, -4, -4], ruleAssent: 0f));
        var heads = SignalHeads.Shipped!.WithEncoder(encoder);
        var semantic = new SemanticSignals(model.Embedder);
        // No rule reads it; the anchor (a likeness to a few sentences of risk) does.
        const string text = "everything feels pointless lately and I keep wishing I could just disappear";
        Assert.DoesNotContain(SignalPipeline.Rules(text), s => s.Kind == SignalKind.SelfHarm);
        Assert.NotNull(semantic.SelfHarm(model.Embedder.Embed(text)));

        Assert.DoesNotContain(SignalPipeline.Detect(text, model.Embedder.Embed(text), model.Embedder, semantic, heads), s => s.Kind == SignalKind.SelfHarm);
        Assert.Contains(SignalPipeline.Detect(text, model.Embedder.Embed(text), model.Embedder, semantic, heads.WithEncoder(null)), s => s.Kind == SignalKind.SelfHarm);
    }

    [Fact]
    public void TheShippedEncoderDecidesTheFourTargetedSignalsAndTheAuditNamesIt()
    {
        var heads = SignalHeads.Shipped;
        Assert.NotNull(heads);
        var encoder = heads.Encoder;
        Assert.NotNull(encoder);
        Assert.Equal([SignalKind.Complaint, SignalKind.Vulnerability, SignalKind.SelfHarm, SignalKind.HumanRequest], encoder.Kinds);
        Assert.Equal(model.Embedder.ModelId, encoder.ModelId);
        Assert.Contains("+signal-encoder/1+sha256:", SamplePack.Firm.Understander.SignalDetectorVersion, StringComparison.Ordinal);
        Assert.All(encoder.Kinds, k => Assert.InRange(encoder.Threshold(k), 0.01f, 0.999f));
        // The file's differences apply to the model this build ships: a package update without retraining fails here.
        Assert.Equal(model.Embedder.Dimensions, encoder.Embedder.Embed(Complaint).Length);
        // Its three tuned layers run beside the shipped ones: the turn's one call still gives the shipped vector.
        AssertClose(model.Embedder.Embed(Complaint), encoder.EmbedBeside(Complaint, model.Embedder)!.Mean);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }

    /// <summary>An encoder file over the real model's last layer, with differences chosen per tensor.</summary>
    private static byte[] File(Func<string, float[], float[]> lastLayer, string? modelSha256 = null, float[]? ngrams = null, float[]? bias = null, float ruleAssent = 0, float[]? ruleAssents = null)
    {
        var (bytes, graph) = Shipped.Value;
        var layer = graph.Layers - 1;
        var names = graph.LayerInitializers(layer);
        var tensors = new List<SignalEncoderTensor>();
        var differences = new List<float[]>();
        for (var r = 0; r < MiniLmGraph.Roles.Length; r++)
        {
            var role = $"layer{layer}.{MiniLmGraph.Roles[r]}";
            var (values, shape) = graph.Initializer(names[r]);
            tensors.Add(new SignalEncoderTensor(names[r], role, shape));
            differences.Add(lastLayer(role, values));
        }
        var buckets = ngrams is null ? 0 : ngrams.Length / 4;
        var header = new SignalEncoderHeader
        {
            Format = SignalEncoder.CurrentFormat,
            Model = MiniLmEmbedder.BaseModelId,
            ModelSha256 = modelSha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes)),
            TrainedOn = "a test file",
            Signals = ["complaint", "vulnerability", "self_harm", "human_request"],
            Thresholds = [0.5f, 0.5f, 0.5f, 0.5f],
            ThresholdPolicy = "fixed",
            HeadScale = MathF.Sqrt(384),
            HeadWeights = new float[4 * 384],
            HeadBias = bias ?? new float[4],
            NgramBuckets = buckets,
            NgramWeights = ngrams ?? [],
            RuleAssent = ruleAssent,
            RuleAssents = ruleAssents,
            Tensors = [.. tensors],
        };
        return SignalEncoder.Write(header, differences);
    }
}
