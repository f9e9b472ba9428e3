using System.Numerics.Tensors;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Embeddings;

/// <summary>Above 20 000 rows: sign bits, then bytes, then floats. Approximate, so it is checked against the float scan.</summary>
public sealed class TheQuantizedScanFindsTheNearRowsWithExactScores
{
    private const int Dimensions = 384;

    [Fact]
    public void EachQueryFindsTheRowItWasMadeFromAndEveryScoreIsTheFloatDotProduct()
    {
        var rows = VectorMath.QuantizedFrom + 5_000;
        var random = new Random(11);
        var matrix = new float[rows * Dimensions];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = (float)((random.NextDouble() * 2) - 1);
        }
        for (var r = 0; r < rows; r++)
        {
            var row = matrix.AsSpan(r * Dimensions, Dimensions);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        var quantized = QuantizedVectors.From(matrix, Dimensions);
        var recalled = 0;
        for (var q = 0; q < 20; q++)
        {
            var source = random.Next(rows);
            var query = matrix.AsSpan(source * Dimensions, Dimensions).ToArray();
            for (var i = 0; i < Dimensions; i++)
            {
                query[i] += (float)((random.NextDouble() - 0.5) * 0.05);
            }
            TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), query);

            var exact = VectorMath.TopK(query, matrix, 10);
            var fast = VectorMath.TopK(query, quantized, matrix, 10);

            Assert.Equal(source, fast[0].Row);
            Assert.Equal(10, fast.Length);
            foreach (var found in fast)
            {
                Assert.Equal(TensorPrimitives.Dot(query, matrix.AsSpan(found.Row * Dimensions, Dimensions)), found.Score);
            }
            Assert.True(fast.Zip(fast.Skip(1)).All(p => p.First.Score >= p.Second.Score), "best first");
            recalled += exact.Select(e => e.Row).Intersect(fast.Select(f => f.Row)).Count();
        }
        // Random vectors have no near neighbours beyond the source: the worst case for sign bits.
        Assert.True(recalled >= 20 * 10 * 0.6, $"recall@10 {recalled / 200.0:P0}");
    }

    [Fact]
    public void SignBitsAreSetWhereComponentsAreNegative()
    {
        var bits = new ulong[2];
        var row = new float[70];
        row[0] = -1;
        row[65] = -0.5f;
        row[3] = 0.25f;
        QuantizedVectors.SignBits(row, bits);
        Assert.Equal([1UL, 2UL], bits);
    }
}
