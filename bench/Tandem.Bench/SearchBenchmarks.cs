using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Bench;

/// <summary>Brute-force top-10 over a knowledge base far larger than a firm's FAQ and policies.</summary>
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private const int Dimensions = 384;
    private float[] _matrix = [];
    private float[] _query = [];
    private readonly ScoredRow[] _best = new ScoredRow[10];

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Fill()
    {
        var random = new Random(42);
        _matrix = new float[Rows * Dimensions];
        _query = new float[Dimensions];
        for (var i = 0; i < _matrix.Length; i++)
        {
            _matrix[i] = (float)((random.NextDouble() * 2) - 1);
        }
        for (var r = 0; r < Rows; r++)
        {
            var row = _matrix.AsSpan(r * Dimensions, Dimensions);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        _matrix.AsSpan(0, Dimensions).CopyTo(_query);
    }

    [Benchmark(Description = "top 10 by cosine")]
    public int TopTen() => VectorMath.TopK(_query, _matrix, _best);
}
