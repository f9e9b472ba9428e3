namespace Tandem.Server.Understanding.Classification;

/// <summary>One validation query as the out-of-scope rule sees it: its probabilities and, when in scope, its label's index.</summary>
internal sealed record ScoredQuery(float[] Probabilities, int Gold)
{
    /// <summary>An out-of-scope query has no gold label.</summary>
    public bool InScope => Gold >= 0;
}

/// <summary>What a query comes to under an operating point.</summary>
internal readonly record struct OutOfScopeDecision(int Best, double Confidence, bool Rejected);

/// <summary>
/// An operating point: <paramref name="OosBias"/> is added to the out-of-scope class's log-probability
/// (negative makes that class win less often) and a query is rejected when that class wins or when the
/// best in-scope label's share, after the bias, is below <paramref name="Threshold"/>.
/// </summary>
internal sealed record OperatingPoint(double OosBias, double Threshold);

/// <summary>
/// Chooses how a classifier says "none of my topics" on validation data, within a budget of in-scope
/// queries it may turn away (issue 4: at most 5 %).
/// </summary>
/// <remarks>
/// With out-of-scope training examples as a class of their own, a query can be rejected two ways: the
/// class wins, or the best label is not confident enough. An over-eager class spends the rejection budget
/// on in-scope queries no threshold can give back, so its log-probability gets a bias chosen together with
/// the threshold. Of the points within the budget, the one with the highest in-scope accuracy plus
/// out-of-scope recall is kept: both shares count equally, so a point that turns away 30 right answers
/// to catch one more of 50 off-topic queries is not taken just because the budget allows it.
/// The budget is lowered by a safety margin first: a threshold chosen exactly at the budget on one sample
/// lands above it on another about half the time.
/// </remarks>
internal static class OutOfScopeRule
{
    /// <summary>Biases tried on the out-of-scope class's log-probability, from "wins much less" to "wins more".</summary>
    public static readonly IReadOnlyList<double> Biases = [.. Enumerable.Range(-16, 21).Select(i => i * 0.25)];

    /// <summary>
    /// The one-sided 95 % sampling error of a rejection rate near <paramref name="maxRejection"/> measured on
    /// <paramref name="inScopeCount"/> queries, counted twice (the sample the point is chosen on and the one it
    /// is used on): 1.3 points at 1,500 queries and a 5 % budget, 0.9 at 3,000.
    /// </summary>
    public static double SafetyMargin(double maxRejection, int inScopeCount) =>
        inScopeCount <= 0 ? 0 : 1.645 * Math.Sqrt(2 * maxRejection * (1 - maxRejection) / inScopeCount);

    public static OutOfScopeDecision Decide(float[] probabilities, int oosIndex, OperatingPoint point)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(point);
        var best = -1;
        var bestShare = double.NegativeInfinity;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (i != oosIndex && probabilities[i] > bestShare)
            {
                (best, bestShare) = (i, probabilities[i]);
            }
        }
        if (oosIndex < 0 || oosIndex >= probabilities.Length)
        {
            return new OutOfScopeDecision(best, bestShare, bestShare < point.Threshold);
        }
        if (point.OosBias == 0)
        {
            // Unbiased, the shares are read as they are: that also serves scores that are not shares (cosines).
            return new OutOfScopeDecision(best, bestShare, probabilities[oosIndex] > bestShare || bestShare < point.Threshold);
        }
        var oos = probabilities[oosIndex] * Math.Exp(point.OosBias);
        var total = probabilities.Sum() - probabilities[oosIndex] + oos;
        var confidence = total > 0 ? bestShare / total : 0;
        return new OutOfScopeDecision(best, confidence, oos > bestShare || confidence < point.Threshold);
    }

    /// <summary>
    /// The operating point with the highest in-scope accuracy (kept and right) plus out-of-scope recall on
    /// <paramref name="validation"/>, among those that reject at most <paramref name="maxRejection"/> of its
    /// in-scope queries. Without an out-of-scope class (<paramref name="oosIndex"/> −1) only the threshold moves.
    /// </summary>
    public static OperatingPoint Choose(IReadOnlyList<ScoredQuery> validation, int oosIndex, double maxRejection)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRejection, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRejection, 1);
        var inScope = validation.Where(q => q.InScope).ToList();
        var outOfScope = validation.Where(q => !q.InScope).ToList();
        if (inScope.Count == 0)
        {
            return new OperatingPoint(0, 0);
        }
        var allowed = (int)Math.Floor(maxRejection * inScope.Count + 1e-9);
        OperatingPoint? chosen = null;
        var chosenScore = double.NegativeInfinity;
        foreach (var bias in oosIndex < 0 ? [0.0] : Biases)
        {
            var open = new OperatingPoint(bias, 0);
            var kept = inScope.Select(q => (Query: q, Decision: Decide(q.Probabilities, oosIndex, open))).ToList();
            var classRejected = kept.Count(k => k.Decision.Rejected);
            if (classRejected > allowed)
            {
                continue;
            }
            var oosDecisions = outOfScope.Select(q => Decide(q.Probabilities, oosIndex, open)).ToList();
            // Every candidate threshold is the confidence of an in-scope query (rejecting it and every lower
            // one), or 0: walk them upwards while the budget lasts.
            var candidates = kept.Where(k => !k.Decision.Rejected).OrderBy(k => k.Decision.Confidence).ToList();
            var right = candidates.Count(k => k.Decision.Best == k.Query.Gold);
            var oosConfidences = oosDecisions.Where(d => !d.Rejected).Select(d => d.Confidence).Order().ToList();
            var oosCaught = oosDecisions.Count - oosConfidences.Count;
            var rejected = classRejected;
            var oosBelow = 0;
            var at = 0;
            var threshold = 0.0;
            while (true)
            {
                while (oosBelow < oosConfidences.Count && oosConfidences[oosBelow] < threshold)
                {
                    oosBelow++;
                }
                var score = (double)right / inScope.Count + (outOfScope.Count == 0 ? 0 : (double)(oosCaught + oosBelow) / outOfScope.Count);
                // Ties go to the later (higher) threshold: the same accuracy and recall with more room against out-of-scope queries.
                if (score >= chosenScore - 1e-12)
                {
                    (chosen, chosenScore) = (new OperatingPoint(bias, threshold), score);
                }
                if (at >= candidates.Count)
                {
                    break;
                }
                // Raising the threshold just above this confidence rejects it and every query tied with it.
                var next = candidates[at].Decision.Confidence;
                var tied = 0;
                while (at + tied < candidates.Count && candidates[at + tied].Decision.Confidence <= next)
                {
                    tied++;
                }
                if (rejected + tied > allowed)
                {
                    break;
                }
                for (var j = at; j < at + tied; j++)
                {
                    right -= candidates[j].Decision.Best == candidates[j].Query.Gold ? 1 : 0;
                }
                rejected += tied;
                at += tied;
                threshold = at < candidates.Count ? candidates[at].Decision.Confidence : next + 1e-9;
            }
        }
        return chosen ?? new OperatingPoint(Biases[0], 0);
    }
}
