using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Bench;

/// <summary>
/// `retrieval [sizes...]`: search latency (the query embedding included), index build throughput and
/// memory over a deterministic synthetic corpus: random unit vectors, and text drawn from a Zipf-like
/// vocabulary with an order number in every passage. Only the passages are synthetic; each query is
/// embedded by the real model, as a customer's message is.
/// </summary>
internal static class RetrievalReport
{
    private const int Dimensions = 384;
    private const int Queries = 200;
    private const int Top = 20;

    public static void Print(IReadOnlyList<int> sizes)
    {
        using var embedder = new MiniLmEmbedder();
        var vocabulary = Vocabulary(new Random(7), 20_000);
        Console.WriteLine($"{embedder.ModelId}, 1 ORT thread, {Environment.ProcessorCount} cores, AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}");

        // Real embedding throughput, on 200 synthetic passages: what ingestion is bound by.
        var sample = Enumerable.Range(0, 200).Select(i => Passage(new Random(i), vocabulary, i)).ToList();
        embedder.EmbedBatch(sample.Take(32).ToList());
        var started = Stopwatch.GetTimestamp();
        embedder.EmbedBatch(sample);
        var embedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"ingestion, embedding: {sample.Count / embedSeconds:F0} passages/s (200 synthetic passages of 40-80 words, EmbedBatch, 1 ORT thread)");

        Console.WriteLine("| passages | build (lexical + int8) passages/s | managed memory | lexical p50 / p99 | dense p50 / p99 | hybrid p50 / p99 | hybrid without embedding p50 / p99 | recall@10 of the quantized scan (top-10 identical) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            var random = new Random(42);
            var texts = new List<string>(size);
            for (var i = 0; i < size; i++)
            {
                texts.Add(Passage(random, vocabulary, i));
            }
            var vectors = new float[size * Dimensions];
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i] = (float)((random.NextDouble() * 2) - 1);
            }
            for (var r = 0; r < size; r++)
            {
                var row = vectors.AsSpan(r * Dimensions, Dimensions);
                TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
            }
            var queries = Enumerable.Range(0, Queries).Select(q => Query(new Random(1000 + q), texts)).ToList();

            var before = GC.GetTotalMemory(forceFullCollection: true);
            started = Stopwatch.GetTimestamp();
            var hybrid = new HybridIndex(texts, vectors, Dimensions, RetrievalMode.Hybrid, HybridIndex.DefaultLexicalWeight);
            var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
            // The texts and float vectors existed before; count them too, since the index keeps both.
            var memory = GC.GetTotalMemory(forceFullCollection: true) - before + (vectors.Length * 4L) + texts.Sum(t => 20L + (2L * t.Length));
            var lexical = new HybridIndex(texts, vectors, Dimensions, RetrievalMode.Lexical, HybridIndex.DefaultLexicalWeight);
            var dense = new HybridIndex(texts, vectors, Dimensions, RetrievalMode.Dense, HybridIndex.DefaultLexicalWeight);

            var lexicalTimes = Time(queries, q => lexical.Search(q, new float[Dimensions], Top));
            var denseTimes = Time(queries, q => dense.Search(q, embedder.Embed(q), Top));
            var hybridTimes = Time(queries, q => hybrid.Search(q, embedder.Embed(q), Top));
            // The index's own share: the same searches with the query vectors made beforehand.
            var queryVectors = queries.Distinct(StringComparer.Ordinal).ToDictionary(q => q, embedder.Embed, StringComparer.Ordinal);
            var indexTimes = Time(queries, q => hybrid.Search(q, queryVectors[q], Top));

            // Agreement of the byte scan with the float scan: near-duplicate queries (a passage's
            // vector plus noise) have a real nearest neighbour and a long tail, as embedded text does.
            var agree = 0;
            var recalled = 0;
            var noise = new Random(5);
            var quantized = QuantizedVectors.From(vectors, Dimensions);
            for (var q = 0; q < Queries; q++)
            {
                var query = new float[Dimensions];
                vectors.AsSpan(noise.Next(size) * Dimensions, Dimensions).CopyTo(query);
                for (var i = 0; i < Dimensions; i++)
                {
                    query[i] += (float)((noise.NextDouble() - 0.5) * 0.1);
                }
                TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), query);
                var exact = VectorMath.TopK(query, vectors, 10).Select(r => r.Row).ToList();
                var fast = VectorMath.TopK(query, quantized, vectors, 10).Select(r => r.Row).ToList();
                agree += exact.SequenceEqual(fast) ? 1 : 0;
                recalled += exact.Intersect(fast).Count();
            }

            // The synthetic queries are strings of random letters, which the tokenizer cuts into three
            // or four word pieces a word: longer to embed than what customers type. The same index
            // searched with the reference firm's customer questions shows the latency a real message sees.
            if (CustomerQuestions() is { Count: > 0 } questions)
            {
                var customerTimes = Time(questions, q => hybrid.Search(q, embedder.Embed(q), Top));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"hybrid at {size:N0} with {questions.Count} customer questions (eval/retrieval/harbour-home.csv) as queries, embedding included: p50 {P(customerTimes, 0.5):F2} / p99 {P(customerTimes, 0.99):F2} ms"));
            }

            // The dense scan alone, float against int8 + float re-scoring, on the same query vectors.
            var floatScan = Time(queries, q => VectorMath.TopK(queryVectors[q], vectors, Top * 4));
            var int8Scan = Time(queries, q => VectorMath.TopK(queryVectors[q], quantized, vectors, Top * 4));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dense scan alone at {size:N0}: float p50 {P(floatScan, 0.5):F2} / p99 {P(floatScan, 0.99):F2} ms, sign bits + int8 + float re-score p50 {P(int8Scan, 0.5):F2} / p99 {P(int8Scan, 0.99):F2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {size / build:N0} | {memory / 1048576.0 * 10_000 / size:F1} MiB per 10k | {P(lexicalTimes, 0.5):F2} / {P(lexicalTimes, 0.99):F2} ms | {P(denseTimes, 0.5):F2} / {P(denseTimes, 0.99):F2} ms | {P(hybridTimes, 0.5):F2} / {P(hybridTimes, 0.99):F2} ms | {P(indexTimes, 0.5):F2} / {P(indexTimes, 0.99):F2} ms | {(size < VectorMath.QuantizedFrom ? "exact (float scan below 20k)" : $"{recalled / (Queries * 10.0):P1} ({agree}/{Queries})")} |"));
        }
    }

    private static double[] Time(List<string> queries, Func<string, IReadOnlyList<ScoredRow>> search)
    {
        for (var i = 0; i < 10; i++)
        {
            search(queries[i]);
        }
        var times = new double[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            search(queries[i]);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }

    private static List<string> CustomerQuestions()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "eval", "retrieval", "harbour-home.csv");
            if (File.Exists(file))
            {
                // question,expected_source: the question is everything before the last comma, unquoted.
                return [.. File.ReadLines(file).Skip(1).Where(l => l.Length > 0)
                    .Select(l => l[..l.LastIndexOf(',')].Trim('"').Replace("\"\"", "\"", StringComparison.Ordinal))];
            }
        }
        return [];
    }

    private static double P(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string[] Vocabulary(Random random, int count)
    {
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(3, 10);
            var word = new StringBuilder(length);
            for (var c = 0; c < length; c++)
            {
                word.Append((char)('a' + random.Next(26)));
            }
            words[i] = word.ToString();
        }
        return words;
    }

    /// <summary>40–80 words, Zipf-like (word rank ~ exp of a uniform draw), and one order number.</summary>
    private static string Passage(Random random, string[] vocabulary, int index)
    {
        var text = new StringBuilder();
        var words = random.Next(40, 81);
        for (var w = 0; w < words; w++)
        {
            text.Append(vocabulary[Zipf(random, vocabulary.Length)]).Append(' ');
        }
        text.Append(CultureInfo.InvariantCulture, $"HH-2026-{index % 1_000_000:D6}");
        return text.ToString();
    }

    private static int Zipf(Random random, int n) => Math.Min(n - 1, (int)Math.Exp(random.NextDouble() * Math.Log(n)) - 1);

    /// <summary>A customer-length question: eight words of one passage, and its order number half the time.</summary>
    private static string Query(Random random, List<string> texts)
    {
        var words = texts[random.Next(texts.Count)].Split(' ');
        var start = random.Next(Math.Max(1, words.Length - 9));
        var query = string.Join(' ', words.Skip(start).Take(8));
        return random.Next(2) == 0 ? $"{query} {words[^1]}" : query;
    }
}
