using System.Security.Cryptography;
using System.Text;
using Spectre.Console;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding.Classification;

/// <summary>
/// Vectors of evaluation texts kept on disk between runs: embedding BANKING77's 10,000 training texts
/// takes over a minute on one core, and an evaluation is re-run many times while tuning. A file holds
/// the vectors of one list of texts, named by the hash of the model id and the texts, so a different
/// model or a changed file never reads stale vectors.
/// </summary>
internal static class EmbeddingCache
{
    private const int Chunk = 256;

    public static float[][] Embed(ITextEmbedder embedder, IReadOnlyList<string> texts, string? cacheDir, string label, bool showProgress = true)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(texts);
        var file = cacheDir is null ? null : Path.Combine(cacheDir, $"embeddings-{Key(embedder.ModelId, texts)}.f32");
        if (file is not null && TryRead(file, texts.Count, embedder.Dimensions) is { } cached)
        {
            return cached;
        }
        var vectors = new float[texts.Count][];
        void Run(Action<int>? step)
        {
            for (var start = 0; start < texts.Count; start += Chunk)
            {
                var chunk = texts.Skip(start).Take(Chunk).ToList();
                var embedded = embedder.EmbedBatch(chunk);
                embedded.CopyTo(vectors, start);
                step?.Invoke(chunk.Count);
            }
        }
        // Redirected output (a pipe, a test) gets no bar, so the JSON line stays the last one.
        if (showProgress && AnsiConsole.Profile.Capabilities.Interactive && texts.Count > Chunk)
        {
            AnsiConsole.Progress().Start(progress =>
            {
                var task = progress.AddTask($"embedding {Markup.Escape(label)}", maxValue: texts.Count);
                Run(n => task.Increment(n));
            });
        }
        else
        {
            Run(null);
        }
        if (file is not null)
        {
            Write(file, vectors);
        }
        return vectors;
    }

    /// <summary>
    /// The sentence vectors and the token-state maxima of the texts (<see cref="PooledVectors"/>), from one model
    /// call per text. The sentence vectors are kept under the same name <see cref="Embed"/> uses (they are the same
    /// vectors); the maxima under the model id with <c>#token-max</c>, so neither is ever read as the other.
    /// </summary>
    public static PooledVectors[] EmbedPooled(ITextEmbedder embedder, IReadOnlyList<string> texts, string? cacheDir, string label)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(texts);
        var meanFile = cacheDir is null ? null : Path.Combine(cacheDir, $"embeddings-{Key(embedder.ModelId, texts)}.f32");
        var maxFile = cacheDir is null ? null : Path.Combine(cacheDir, $"embeddings-{Key(embedder.ModelId + "#token-max", texts)}.f32");
        if (meanFile is not null && maxFile is not null
            && TryRead(meanFile, texts.Count, embedder.Dimensions) is { } means && TryRead(maxFile, texts.Count, embedder.Dimensions) is { } maxima)
        {
            return [.. means.Select((m, i) => new PooledVectors(m, maxima[i]))];
        }
        var vectors = new PooledVectors[texts.Count];
        void Run(Action<int>? step)
        {
            for (var start = 0; start < texts.Count; start += Chunk)
            {
                var chunk = texts.Skip(start).Take(Chunk).ToList();
                embedder.EmbedPooledBatch(chunk).CopyTo(vectors, start);
                step?.Invoke(chunk.Count);
            }
        }
        if (AnsiConsole.Profile.Capabilities.Interactive && texts.Count > Chunk)
        {
            AnsiConsole.Progress().Start(progress =>
            {
                var task = progress.AddTask($"embedding {Markup.Escape(label)}", maxValue: texts.Count);
                Run(n => task.Increment(n));
            });
        }
        else
        {
            Run(null);
        }
        if (meanFile is not null && maxFile is not null && vectors.All(v => v.TokenMax is not null))
        {
            Write(meanFile, [.. vectors.Select(v => v.Mean)]);
            Write(maxFile, [.. vectors.Select(v => v.TokenMax!)]);
        }
        return vectors;
    }

    /// <summary>
    /// The sentence vectors of the texts with, for each, the vectors of its character spans from the same model call
    /// (<see cref="PooledVectors.Spans"/>; the signal heads' clauses). Only texts with spans are embedded for them; the
    /// sentence vectors come from <see cref="Embed"/>'s cache, the span vectors are kept under the model id with
    /// <c>#spans</c> and the spans themselves, so a change in how clauses are cut never reads stale vectors.
    /// </summary>
    public static PooledVectors[] EmbedSpans(ITextEmbedder embedder, IReadOnlyList<string> texts, Func<string, IReadOnlyList<(int Start, int End)>> spansOf, string? cacheDir, string label)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(spansOf);
        var means = Embed(embedder, texts, cacheDir, label);
        var spans = texts.Select(spansOf).ToList();
        var spanned = Enumerable.Range(0, texts.Count).Where(i => spans[i].Count > 0).ToList();
        var total = spanned.Sum(i => spans[i].Count);
        var keyed = spanned.Select(i => texts[i] + "\u0001" + string.Join(';', spans[i].Select(s => $"{s.Start}-{s.End}"))).ToList();
        var file = cacheDir is null ? null : Path.Combine(cacheDir, $"embeddings-{Key(embedder.ModelId + "#spans", keyed)}.f32");
        var flat = file is null ? null : TryRead(file, total, embedder.Dimensions);
        if (flat is null)
        {
            var result = new List<float[]>(total);
            var hasStates = true;
            for (var start = 0; start < spanned.Count; start += Chunk)
            {
                var chunk = spanned.Skip(start).Take(Chunk).ToList();
                foreach (var v in embedder.EmbedSpansBatch([.. chunk.Select(i => texts[i])], [.. chunk.Select(i => spans[i])]))
                {
                    hasStates &= v.Spans is not null;
                    result.AddRange(v.Spans ?? []);
                }
            }
            if (!hasStates)
            {
                // An embedder without token states: the sentence vectors alone.
                return [.. means.Select(m => new PooledVectors(m, null))];
            }
            flat = [.. result];
            if (file is not null)
            {
                Write(file, flat);
            }
        }
        var vectors = means.Select(m => new PooledVectors(m, null) { Spans = [] }).ToArray();
        var at = 0;
        foreach (var i in spanned)
        {
            vectors[i] = vectors[i] with { Spans = flat[at..(at + spans[i].Count)] };
            at += spans[i].Count;
        }
        return vectors;
    }

    private static string Key(string modelId, IReadOnlyList<string> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(modelId));
        foreach (var text in texts)
        {
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..24];
    }

    private static float[][]? TryRead(string file, int count, int dimensions)
    {
        if (!File.Exists(file) || new FileInfo(file).Length != (long)count * dimensions * sizeof(float))
        {
            return null;
        }
        var bytes = File.ReadAllBytes(file);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new float[dimensions];
            Buffer.BlockCopy(bytes, i * dimensions * sizeof(float), vectors[i], 0, dimensions * sizeof(float));
        }
        return vectors;
    }

    private static void Write(string file, float[][] vectors)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var dimensions = vectors.Length == 0 ? 0 : vectors[0].Length;
        var bytes = new byte[vectors.Length * dimensions * sizeof(float)];
        for (var i = 0; i < vectors.Length; i++)
        {
            Buffer.BlockCopy(vectors[i], 0, bytes, i * dimensions * sizeof(float), dimensions * sizeof(float));
        }
        // Written aside and moved, so a run stopped half-way never leaves a truncated file to be read.
        var partial = file + ".partial";
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, file, overwrite: true);
    }
}
