using System.Globalization;
using System.Text.Json;
using Tandem.Rules.Routing;
using Tandem.Rules.Text;
using Tandem.Server.Cli;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding;

namespace SignalFineTune;

/// <summary>
/// The shipped detector scored on the same rows: each head's probability as SignalHeads computes it for a format-2,
/// mean-pooled file without clause heads (the logistic head on the standardised sentence vector and hashed words,
/// blended with the neighbour vote), on the text SignalPipeline.HeadText shows it; and, for reference, the whole shipped
/// pipeline (rules + anchors + heads, SignalPipeline.Detect) as `./tandem eval signals` runs it.
/// </summary>
internal static class Shipped
{
    public static Dictionary<string, object> Measure(Setup setup, Dictionary<string, List<MeasureRow>> measuring, double floor)
    {
        using var stream = typeof(SignalHeads).Assembly.GetManifestResourceStream(SignalHeads.ResourceName)
            ?? throw new InvalidOperationException("The server has no shipped signal heads.");
        var file = JsonSerializer.Deserialize<SignalHeadsFile>(stream, SignalHeads.Json)!;
        if (file.Pooling != SignalHeads.MeanOnly || file.ClauseMax || file.Heads.Values.Any(h => h.Clauses))
        {
            throw new InvalidOperationException("The shipped heads are not format-2 mean-pooled heads; this scorer does not reproduce them.");
        }
        var neighbours = file.Neighbours is { } n ? new SignalNeighbours(n) : null;
        var heads = SignalHeads.Shipped!;
        var (embedder, semantic) = SignalEvalCommands.Model.Value;
        Console.WriteLine($"== shipped heads {heads.Version} (trained on {file.TrainedOn})");

        double HeadScore(int s, string? headText)
        {
            if (headText is null)
            {
                return 0;
            }
            var head = file.Heads[Data.Signals[s].ToWire()];
            var vector = setup.States[headText].SentenceVector;
            double p = LogisticRegression.Probability(head.Weights, head.Bias, SignalFeatures.Build(vector, headText, file.Mean, file.Scale, file.NgramBuckets));
            if (neighbours is not null)
            {
                p = ((1 - neighbours.Weight) * p) + (neighbours.Weight * neighbours.Vote(neighbours.Similarities(vector), head.NeighbourRows!, head.NeighbourLabels!));
            }
            return p;
        }

        var perSignal = new Dictionary<string, object>();
        for (var s = 0; s < 4; s++)
        {
            var kind = Data.Signals[s];
            var threshold = file.Heads[kind.ToWire()].Threshold;
            var sets = new Dictionary<string, object>();
            foreach (var (set, rows) in measuring)
            {
                var mine = rows.Where(r => r.Signal == s).ToList();
                var model = mine.Select(r => (HeadScore(s, r.HeadText), r.Label)).ToList();
                var rules = mine.Select(r => SignalPipeline.Rules(r.Message).Any(x => x.Kind == kind)).ToList();
                var combined = model.Select((m, i) => (rules[i] ? 2.0 : m.Item1, m.Label)).ToList();
                for (var i = 0; i < mine.Count; i++)
                {
                    Experiment.Rows.Add(Experiment.RowLine("shipped heads", set, s, mine[i], model[i].Item1, rules[i]));
                }
                var figures = Experiment.Figures(set, kind.ToWire(), model, threshold, combined, threshold, floor);
                // The whole shipped pipeline, as the eval command runs it (the anchors for self-harm and a request for a person too).
                int tp = 0, fp = 0, fn = 0;
                foreach (var r in mine)
                {
                    var raised = SignalPipeline.Detect(r.Message, new PooledVectors(embedder.Embed(r.Message), null), embedder, semantic, heads, k => k == kind).Count > 0;
                    (tp, fp, fn) = (tp + (raised && r.Label ? 1 : 0), fp + (raised && !r.Label ? 1 : 0), fn + (!raised && r.Label ? 1 : 0));
                }
                var (pp, pr) = (tp + fp == 0 ? 0 : (double)tp / (tp + fp), tp + fn == 0 ? 0 : (double)tp / (tp + fn));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {set,-9} {kind.ToWire(),-14} shipped pipeline (rules + anchors + heads): P {pp,6:P1} R {pr,6:P1}"));
                sets[set] = new { figures, pipeline_precision = Math.Round(pp, 4), pipeline_recall = Math.Round(pr, 4) };
            }
            perSignal[kind.ToWire()] = new { threshold, sets };
        }
        return perSignal;
    }
}
