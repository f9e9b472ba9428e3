using System.Collections.Concurrent;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Infrastructure;

/// <summary>
/// The real embedded model, loaded once per test run and remembering what it has embedded: every test
/// host loads the same firm pack, and embedding it afresh for each would cost seconds per test. The
/// vectors are exactly the model's.
/// </summary>
internal sealed class SharedEmbedder : ITextEmbedder
{
    private static readonly Lazy<SharedEmbedder> Shared = new(() => new SharedEmbedder(new MiniLmEmbedder()));

    private readonly MiniLmEmbedder _model;
    private readonly ConcurrentDictionary<string, float[]> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PooledVectors> _pooled = new(StringComparer.Ordinal);

    private SharedEmbedder(MiniLmEmbedder model) => _model = model;

    public static ITextEmbedder Instance => Shared.Value;

    public int Dimensions => _model.Dimensions;

    public string ModelId => _model.ModelId;

    public float[] Embed(string text) => _seen.GetOrAdd(text, _model.Embed);

    // The turn embeds through here (the sentence vector and the token maximum from one model call), as the server does.
    public PooledVectors EmbedPooled(string text) => _pooled.GetOrAdd(text, _model.EmbedPooled);

    public PooledVectors[] EmbedPooledBatch(IReadOnlyList<string> texts) => [.. texts.Select(EmbedPooled)];

    public float[][] EmbedBatch(IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !_seen.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var vectors = _model.EmbedBatch(missing);
            for (var i = 0; i < missing.Count; i++)
            {
                _seen.TryAdd(missing[i], vectors[i]);
            }
        }
        return [.. texts.Select(t => _seen[t])];
    }
}
