namespace Tandem.Server.Understanding.Classification;

/// <summary>
/// One query as the out-of-scope rule sees it: the head's probabilities, how close it lies to the
/// in-scope training examples (<see cref="ExampleSimilarity"/>), and, when in scope, its label's index.
/// </summary>
internal sealed record ScoredQuery(float[] Probabilities, float Similarity, int Gold)
{
    /// <summary>An out-of-scope query has no gold label.</summary>
    public bool InScope => Gold >= 0;
}

/// <summary>What a query comes to under an operating point: its best in-scope label, its score, and whether it is turned away.</summary>
internal readonly record struct OutOfScopeDecision(int Best, double Score, bool Rejected);

/// <summary>
/// An operating point: a query's score is p(best in-scope label) − p(out-of-scope class) +
/// <paramref name="SimilarityWeight"/> × its similarity to the in-scope training examples, and it is
/// rejected when the score is below <paramref name="Threshold"/>.
/// </summary>
internal sealed record OperatingPoint(double SimilarityWeight, double Threshold);

/// <summary>
/// Chooses how a classifier says "none of my topics" on validation data, within a budget of in-scope
/// queries it may turn away (issue 4: at most 5 %).
/// </summary>
/// <remarks>
/// Two kinds of evidence, because each misses what the other sees: the head's probabilities (a softmax
/// spreads all its mass over the labels it knows, so an off-topic question that happens to share words
/// with one label gets a confident answer), and how close the query's sentence vector lies to the
/// training examples (an off-topic question is far from all of them, however the softmax splits). With
/// out-of-scope examples trained as a class, that class's probability counts against the best label.
/// The weight between the two and the threshold are chosen together: of the points that reject at most
/// the budget of in-scope validation queries, the one with the highest in-scope accuracy plus
/// out-of-scope recall — both shares count equally, so right answers are not turned away unless that
/// catches off-topic questions in proportion. The caller lowers the budget by <see cref="SafetyMargin"/>
/// first: a threshold chosen exactly at the budget on one sample lands above it on another about half the time.
/// </remarks>
internal static class OutOfScopeRule
{
    /// <summary>Weights tried for the similarity; 0 is the head alone.</summary>
    public static readonly IReadOnlyList<double> SimilarityWeights = [0, 0.5, 1, 2];

    /// <summary>
    /// The one-sided 95 % sampling error of a rejection rate near <paramref name="maxRejection"/> measured on
    /// <paramref name="inScopeCount"/> queries, counted twice (the sample the point is chosen on and the one it
    /// is used on): 1.3 points at 1,500 queries and a 5 % budget, 0.9 at 3,000.
    /// </summary>
    public static double SafetyMargin(double maxRejection, int inScopeCount) =>
        inScopeCount <= 0 ? 0 : 1.645 * Math.Sqrt(2 * maxRejection * (1 - maxRejection) / inScopeCount);

    public static OutOfScopeDecision Decide(float[] probabilities, float similarity, int oosIndex, OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(point);
        var best = -1;
        var bestShare = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (i != oosIndex && (best < 0 || probabilities[i] > bestShare))
            {
                (best, bestShare) = (i, probabilities[i]);
            }
        }
        var oos = oosIndex >= 0 && oosIndex < probabilities.Length ? probabilities[oosIndex] : 0;
        var score = bestShare - oos + point.SimilarityWeight * similarity;
        return new OutOfScopeDecision(best, score, score < point.Threshold);
    }

    public static OutOfScopeDecision Decide(ScoredQuery query, int oosIndex, OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Decide(query.Probabilities, query.Similarity, oosIndex, point);
    }

    /// <summary>
    /// The operating point with the highest in-scope accuracy (kept and right) plus out-of-scope recall on
    /// <paramref name="validation"/>, among those that reject at most <paramref name="maxRejection"/> of its
    /// in-scope queries. Ties go to the smaller similarity weight, then to the higher threshold (the same
    /// figures, more room against off-topic queries not seen). <paramref name="oosIndex"/> is −1 without an
    /// out-of-scope class.
    /// </summary>
    public static OperatingPoint Choose(IReadOnlyList<ScoredQuery> validation, int oosIndex, double maxRejection, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRejection, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRejection, 1);
        var inScope = validation.Where(q => q.InScope).ToList();
        var outOfScope = validation.Where(q => !q.InScope).ToList();
        var chosen = new OperatingPoint(0, 0);
        if (inScope.Count == 0)
        {
            return chosen;
        }
        var allowed = (int)Math.Floor(maxRejection * inScope.Count + 1e-9);
        var chosenScore = double.NegativeInfinity;
        foreach (var weight in weights ?? SimilarityWeights)
        {
            var open = new OperatingPoint(weight, double.NegativeInfinity);
            var kept = inScope.Select(q => (Right: Decide(q, oosIndex, open) is var d && d.Best == q.Gold, d.Score)).OrderBy(k => k.Score).ToList();
            var oosScores = outOfScope.Select(q => Decide(q, oosIndex, open).Score).Order().ToList();
            var right = kept.Count(k => k.Right);
            var (rejected, caught) = (0, 0);
            // Strictly below the least in-scope score rejects no in-scope query, yet catches any off-topic one lower still.
            var threshold = kept.Count == 0 ? 0 : kept[0].Score;
            var bestHere = (Score: double.NegativeInfinity, Threshold: threshold);
            while (true)
            {
                while (caught < oosScores.Count && oosScores[caught] < threshold)
                {
                    caught++;
                }
                var figure = (double)right / inScope.Count + (outOfScope.Count == 0 ? 0 : (double)caught / outOfScope.Count);
                if (figure >= bestHere.Score - 1e-12)
                {
                    bestHere = (figure, threshold);
                }
                if (rejected >= kept.Count)
                {
                    break;
                }
                // Raising the threshold just above this score rejects it and every query tied with it.
                var next = kept[rejected].Score;
                var tied = 0;
                while (rejected + tied < kept.Count && kept[rejected + tied].Score <= next)
                {
                    tied++;
                }
                if (rejected + tied > allowed)
                {
                    break;
                }
                right -= kept.Skip(rejected).Take(tied).Count(k => k.Right);
                rejected += tied;
                threshold = rejected < kept.Count ? kept[rejected].Score : next + 1e-9;
            }
            if (bestHere.Score > chosenScore + 1e-12)
            {
                (chosen, chosenScore) = (new OperatingPoint(weight, bestHere.Threshold), bestHere.Score);
            }
        }
        return chosen;
    }
}
