using System.Numerics.Tensors;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Embeddings;

public sealed class TopKFindsTheMostSimilarRows
{
    private static float[] RandomUnitRows(int rows, int dimensions, int seed)
    {
        var random = new Random(seed);
        var matrix = new float[rows * dimensions];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = (float)((random.NextDouble() * 2) - 1);
        }
        for (var r = 0; r < rows; r++)
        {
            var row = matrix.AsSpan(r * dimensions, dimensions);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return matrix;
    }

    [Theory]
    [InlineData(1000, 384, 10)]
    [InlineData(257, 7, 1)]
    [InlineData(50, 16, 50)]
    public void TheSameRowsAsSortingEveryScore(int rows, int dimensions, int k)
    {
        var matrix = RandomUnitRows(rows, dimensions, seed: rows);
        var query = RandomUnitRows(1, dimensions, seed: -rows);
        var expected = Enumerable.Range(0, rows)
            .Select(r => (Row: r, Score: TensorPrimitives.Dot<float>(query, matrix.AsSpan(r * dimensions, dimensions))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Row)
            .Take(k)
            .ToList();

        var found = VectorMath.TopK(query, matrix, k);

        Assert.Equal(expected.Select(e => e.Row), found.Select(f => f.Row));
        Assert.Equal(expected.Select(e => e.Score), found.Select(f => f.Score));
    }

    [Fact]
    public void TiesKeepTheLowerRowFirst()
    {
        float[] matrix = [0, 1, 1, 0, 1, 0, 0, 1];

        var found = VectorMath.TopK([1f, 0f], matrix, 3);

        Assert.Equal([new ScoredRow(1, 1), new ScoredRow(2, 1), new ScoredRow(0, 0)], found);
    }

    [Fact]
    public void AskingForMoreRowsThanThereAreGivesThemAll() =>
        Assert.Equal([2, 0, 1], VectorMath.TopK([1f], [0.5f, -1f, 0.9f], 10).Select(f => f.Row));

    [Fact]
    public void NoRowsOrZeroKGivesNothing()
    {
        Assert.Empty(VectorMath.TopK([1f, 0f], [], 5));
        Assert.Empty(VectorMath.TopK([1f, 0f], [1f, 0f], 0));
    }

    [Fact]
    public void ARowOfNaNIsNeverReturned() =>
        Assert.Equal([1, 2], VectorMath.TopK([1f], [float.NaN, 0.2f, 0.1f], 3).Select(f => f.Row));

    [Fact]
    public void AMatrixThatIsNotWholeRowsIsRefused() =>
        Assert.Throws<ArgumentException>(() => VectorMath.TopK([1f, 0f], [1f, 0f, 1f], 1));

    [Fact]
    public void CosineOfUnitVectorsIsTheirDotProduct()
    {
        Assert.Equal(0.6f, VectorMath.Cosine([0.6f, 0.8f], [1f, 0f]), 1e-6f);
        Assert.Throws<ArgumentException>(() => VectorMath.Cosine([1f], [1f, 0f]));
    }
}
