using Tandem.Rules.Routing;

namespace Tandem.Server.Understanding;

/// <summary>
/// Trains the <see cref="SignalHeads"/>: for each signal a logistic-regression head on the messages'
/// standardised sentence vectors and hashed words, with its regularisation and its threshold chosen by 5-fold
/// cross-validation inside the training pool only, so the rows the heads are measured on never choose
/// anything. The threshold is chosen for the detector the server runs (rules, anchors, then the head), not
/// for the head alone, on out-of-fold probabilities (docs/adr/0004-trained-signal-heads.md, round 4).
/// </summary>
internal static class SignalHeadTrainer
{
    /// <summary>Format 2 names the vectors the heads read (<see cref="SignalHeadsFile.Pooling"/>); format 1 files read the sentence vector alone.</summary>
    public const string Format = "signal-heads/2";

    /// <summary>Format 3 has clause heads (<see cref="SignalHeadWeights.Clauses"/>), which a server that reads only formats 1 and 2 would score as whole-message heads.</summary>
    public const string FormatWithClauses = "signal-heads/3";

    /// <summary>The precision issue 4 asks of each targeted signal; the floor the threshold keeps out of fold.</summary>
    public const double PrecisionTarget = 0.85;

    /// <summary>The recall issue 4 asks of each targeted signal; reported as a point on each head's curve.</summary>
    public const double RecallTarget = 0.95;

    /// <summary>The floor the targeted signals' thresholds keep by default (docs/adr/0004, round 4: why not 85 %).</summary>
    public const double DefaultPrecisionFloor = 0.80;

    /// <summary>The regularisations tried for each head (the lowest out-of-fold log-loss wins).</summary>
    public static readonly float[] DefaultLambdas = [1f, 0.3f, 0.1f];
    public const int Folds = 5;

    /// <summary>Hashed word and word-pair features beside the 384 of the vector; enough that few of a few thousand distinct n-grams share a bucket.</summary>
    public const int NgramBuckets = 2048;

    /// <summary>
    /// One signal's training rows: the message vectors, the labels, whether the rules or anchors already raise it,
    /// each row's fold (a message that appears twice in the pool sits in one fold, so it never scores its own
    /// copy), which rows choose the threshold, and, for clause-level scoring, each row's clauses with their vectors.
    /// </summary>
    internal sealed record TrainingSet(SignalKind Kind, IReadOnlyList<string> Texts, IReadOnlyList<float[]> Vectors, IReadOnlyList<bool> Labels, IReadOnlyList<bool> RaisedBefore)
    {
        public IReadOnlyList<bool>? ChoosesThreshold { get; init; }

        public IReadOnlyList<int>? Fold { get; init; }

        /// <summary>
        /// The rows drawn like a firm's traffic (the main set's rows): their ratio of negatives to positives is the
        /// class balance precision is reported at. Null counts the pool as it is.
        /// </summary>
        public IReadOnlyList<bool>? DrawnLikeTraffic { get; init; }

        /// <summary>Each row's clauses (<see cref="SignalHeads.Clauses"/>) and their vectors; null scores whole messages only.</summary>
        public IReadOnlyList<IReadOnlyList<(string Text, float[] Vector)>>? Clauses { get; init; }

        /// <summary>
        /// False for a row the server never shows the head (a negated clause was all there was, or too few words are
        /// left without identifiers: <see cref="SignalPipeline.HeadText"/>): it is not fitted on, and only the rules
        /// and anchors can raise it. Null: the head reads every row.
        /// </summary>
        public IReadOnlyList<bool>? HeadRuns { get; init; }

        /// <summary>
        /// Each row's sentence vector (of the text the head reads) for the neighbour vote; null for none.
        /// </summary>
        public IReadOnlyList<float[]>? Neighbours { get; init; }

        /// <summary>
        /// For a multiple-instance head (round 6): each row's clauses (none for a message of one clause) with their
        /// vectors from the message's own model call (<see cref="PooledVectors.Spans"/>). Null: a whole-message head.
        /// </summary>
        public IReadOnlyList<IReadOnlyList<(string Text, float[] Vector)>>? Instances { get; init; }
    }

    /// <summary>
    /// How many times a multiple-instance head is fitted: first with each positive message standing for itself, then
    /// each time with the positive message's highest-scoring instance (the whole message or one clause) in its place.
    /// </summary>
    public const int InstanceRounds = 3;

    /// <summary>A cosine k-nearest-neighbour vote over the training messages, blended into each head's probability (out of fold: over the other folds' rows).</summary>
    internal sealed record VoteBlend(int K, double Tau, double Weight)
    {
        /// <summary>For a clause head, take the vote for each clause too (each clause's vector against the training messages) and blend it with that clause's score, rather than the whole message's vote alone.</summary>
        public bool PerClause { get; init; }
    }

    /// <summary>A point on a head's out-of-fold precision/recall curve (rules + anchors + head at that threshold).</summary>
    internal readonly record struct CurvePoint(float Threshold, double Precision, double Recall);

    internal sealed record HeadReport(SignalKind Kind, float Lambda, float Threshold, double OutOfFoldPrecision, double OutOfFoldRecall, double GradientNorm, int Iterations)
    {
        /// <summary>The training rows the head gets wrong out of fold at its threshold, most confident first: what to write more data about.</summary>
        public IReadOnlyList<(string Text, bool Label, float Probability)> OutOfFoldErrors { get; init; } = [];

        /// <summary>The most recall any threshold reaches while out-of-fold precision is at least 85 % (null when none does).</summary>
        public CurvePoint? RecallAtPrecisionTarget { get; init; }

        /// <summary>The most precision any threshold keeps while out-of-fold recall is at least 95 % (null when none reaches it).</summary>
        public CurvePoint? PrecisionAtRecallTarget { get; init; }

        public string Policy { get; init; } = "";

        /// <summary>The whole out-of-fold curve, highest threshold first, for reporting the trade between precision and recall.</summary>
        public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

        /// <summary>
        /// Out of fold at the chosen threshold, the positives of three clauses or more (<see cref="SignalHeads.Clauses"/>)
        /// found and their count, and the same for the shorter ones: where a signal said in one sentence of a long
        /// message is diluted, and what the clause heads of round 6 were built for.
        /// </summary>
        public (int Found, int Positives) LongMessages { get; init; }

        public (int Found, int Positives) ShortMessages { get; init; }

        /// <summary>What each out-of-fold false alarm counted for in the curve's precision (the pool reweighted to the traffic's class balance).</summary>
        public double NegativeWeight { get; init; } = 1;
    }

    /// <summary>
    /// How much one negative of the pool counts so the pool's class balance is the traffic's. The spent holdouts
    /// and the training-only files hold one positive in three to five, the main set (drawn like a firm's chat)
    /// one in seven to twenty-five; precision depends on that balance, so a threshold chosen at the pool's own
    /// balance promises a precision the traffic does not get (round 4's first candidate: human request 78 % out of
    /// fold, 65 % on the main set's odd half). Recall does not depend on it.
    /// </summary>
    private static double NegativeWeight(TrainingSet set, List<int> rows)
    {
        if (set.DrawnLikeTraffic is null)
        {
            return 1;
        }
        double Ratio(IEnumerable<int> subset)
        {
            var list = subset.ToList();
            var positives = list.Count(i => set.Labels[i]);
            return positives == 0 ? 0 : (double)(list.Count - positives) / positives;
        }
        var traffic = Ratio(rows.Where(i => set.DrawnLikeTraffic[i]));
        var pool = Ratio(rows);
        return traffic == 0 || pool == 0 ? 1 : traffic / pool;
    }

    /// <param name="allVectors">The dense vectors (<see cref="SignalHeads.Dense"/>) the standardisation is fitted on.</param>
    /// <param name="pooling">What the dense vectors are (<see cref="SignalHeadsFile.Pooling"/>).</param>
    public static (SignalHeadsFile File, IReadOnlyList<HeadReport> Reports) Train(string modelId, string trainedOn, IReadOnlyList<float[]> allVectors, IReadOnlyList<TrainingSet> sets, double precisionFloor = PrecisionTarget, string pooling = SignalHeads.MeanOnly, IReadOnlyList<float>? lambdas = null, VoteBlend? vote = null, int hiddenUnits = 0, int denseLength = 0)
    {
        lambdas ??= DefaultLambdas;
        ArgumentNullException.ThrowIfNull(allVectors);
        ArgumentNullException.ThrowIfNull(sets);
        var (mean, scale) = Standardisation(allVectors);
        var heads = new Dictionary<string, SignalHeadWeights>(StringComparer.Ordinal);
        var reports = new List<HeadReport>();
        var clauseMax = sets.Count > 0 && sets.All(s => s.Clauses is not null);
        // The neighbour vote's rows: every text a head reads, once, whichever sets it is in.
        var voteRows = new Dictionary<string, int>(StringComparer.Ordinal);
        var voteVectors = new List<float[]>();
        foreach (var set in sets)
        {
            var features = set.Vectors.Select((v, i) => SignalFeatures.Build(v, set.Texts[i], mean, scale, NgramBuckets)).ToList();
            var folds = set.Fold ?? [.. Enumerable.Range(0, features.Count).Select(i => i % Folds)];
            var runs = set.HeadRuns ?? [.. set.Labels.Select(_ => true)];
            var (lambda, outOfFold, foldModels) = ChooseLambda(features, set.Labels, folds, runs, lambdas);
            List<float[][]>? instances = null;
            float[][]? instanceScores = null;
            if (set.Instances is { } clauseRows && Targeted(set.Kind))
            {
                instances = [.. clauseRows.Select(row => row.Select(c => SignalFeatures.Build(c.Vector, c.Text, mean, scale, NgramBuckets)).ToArray())];
                (lambda, instanceScores) = ChooseInstanceLambda(features, instances, set.Labels, folds, runs, lambdas);
                outOfFold = [.. instanceScores.Select(scores => scores.Max())];
            }
            if (set.Clauses is { } clauses)
            {
                // Scored as the server would with clause-level scoring: the highest of the whole message and
                // each of its clauses, every one by the fold's model that never saw the message.
                for (var i = 0; i < outOfFold.Length; i++)
                {
                    var model = foldModels[folds[i]];
                    foreach (var (text, vector) in clauses[i])
                    {
                        outOfFold[i] = Math.Max(outOfFold[i], LogisticRegression.Probability(model.Weights, model.Bias, SignalFeatures.Build(vector, text, mean, scale, NgramBuckets)));
                    }
                }
            }
            if (hiddenUnits > 0 && Targeted(set.Kind))
            {
                // Measured only: the out-of-fold scores of a one-hidden-layer head replace the logistic head's.
                outOfFold = HiddenLayerOutOfFold(features, set.Labels, folds, runs, denseLength, hiddenUnits, lambda);
            }
            if (vote is not null && set.Neighbours is { } neighbours)
            {
                if (vote.PerClause && instanceScores is not null)
                {
                    outOfFold = BlendClauseVotes(instanceScores, neighbours, set.Instances!, set.Labels, folds, runs, vote);
                }
                else
                {
                    BlendVote(outOfFold, neighbours, set.Labels, folds, runs, vote);
                }
            }
            var chooses = Enumerable.Range(0, set.Labels.Count).Where(i => set.ChoosesThreshold?[i] ?? true).ToList();
            var negativeWeight = NegativeWeight(set, chooses);
            var curve = Curve([.. chooses.Select(i => outOfFold[i])], [.. chooses.Select(i => set.Labels[i])], [.. chooses.Select(i => set.RaisedBefore[i])], negativeWeight);
            var (choice, policy) = Targeted(set.Kind) ? ChooseThreshold(curve, precisionFloor) : PrecisionFloorThreshold(curve);
            var fitRows = Enumerable.Range(0, features.Count).Where(i => runs[i]).ToList();
            var fitted = instances is null
                ? LogisticRegression.Fit([.. fitRows.Select(i => features[i])], [.. fitRows.Select(i => set.Labels[i])], lambda)
                : FitInstances([.. fitRows.Select(i => features[i])], [.. fitRows.Select(i => instances[i])], [.. fitRows.Select(i => set.Labels[i])], lambda);
            var positives = set.Labels.Count(l => l);
            int[]? neighbourRows = null;
            string? neighbourLabels = null;
            if (vote is not null && set.Neighbours is { } voters)
            {
                var mine = Enumerable.Range(0, set.Labels.Count).Where(i => runs[i]).ToList();
                neighbourRows = [.. mine.Select(i =>
                {
                    if (!voteRows.TryGetValue(set.Texts[i], out var row))
                    {
                        row = voteVectors.Count;
                        voteRows[set.Texts[i]] = row;
                        voteVectors.Add(voters[i]);
                    }
                    return row;
                })];
                neighbourLabels = string.Concat(mine.Select(i => set.Labels[i] ? '1' : '0'));
            }
            heads[set.Kind.ToWire()] = new SignalHeadWeights
            {
                NeighbourRows = neighbourRows,
                NeighbourLabels = neighbourLabels,
                Lambda = lambda,
                Threshold = choice.Threshold,
                Bias = fitted.Bias,
                Weights = fitted.Weights,
                Positives = positives,
                Negatives = set.Labels.Count - positives,
                Clauses = instances is not null,
            };
            var errors = Enumerable.Range(0, set.Labels.Count)
                .Where(i => !set.RaisedBefore[i] && (outOfFold[i] >= choice.Threshold) != set.Labels[i])
                .Select(i => (set.Texts[i], set.Labels[i], outOfFold[i]))
                .OrderByDescending(e => Math.Abs(e.Item3 - choice.Threshold))
                .ToList();
            reports.Add(new HeadReport(set.Kind, lambda, choice.Threshold, choice.Precision, choice.Recall, fitted.GradientNorm, fitted.Iterations)
            {
                OutOfFoldErrors = errors,
                RecallAtPrecisionTarget = RecallAtPrecision(curve, PrecisionTarget),
                PrecisionAtRecallTarget = PrecisionAtRecall(curve, RecallTarget),
                Policy = policy,
                Curve = curve,
                NegativeWeight = negativeWeight,
                LongMessages = Found(set, outOfFold, choice.Threshold, longMessages: true),
                ShortMessages = Found(set, outOfFold, choice.Threshold, longMessages: false),
            });
        }
        var file = new SignalHeadsFile { Format = heads.Values.Any(h => h.Clauses) ? FormatWithClauses : Format, Model = modelId, TrainedOn = trainedOn, Mean = mean, Scale = scale, Pooling = pooling, NgramBuckets = NgramBuckets, Heads = heads, ClauseMax = clauseMax,
            Neighbours = vote is null || voteVectors.Count == 0 ? null : new SignalNeighboursFile
            {
                K = vote.K,
                Tau = (float)vote.Tau,
                Weight = (float)vote.Weight,
                Clauses = vote.PerClause && heads.Values.Any(h => h.Clauses),
                Dimensions = voteVectors[0].Length,
                Vectors = SignalNeighboursFile.Encode(voteVectors),
            },
        };
        return (file, reports);
    }

    private static (int Found, int Positives) Found(TrainingSet set, float[] outOfFold, float threshold, bool longMessages)
    {
        var rows = Enumerable.Range(0, set.Labels.Count).Where(i => set.Labels[i] && (SignalHeads.Clauses(set.Texts[i]).Count >= 3) == longMessages).ToList();
        return (rows.Count(i => set.RaisedBefore[i] || outOfFold[i] >= threshold), rows.Count);
    }

    /// <summary>Epochs at which the hidden-layer head's held-out rows are scored; the one with the lowest out-of-fold log-loss is kept (early stopping on the folds).</summary>
    private static readonly int[] HiddenCheckpoints = [100, 300, 600, 1000];

    private static float[] HiddenLayerOutOfFold(List<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<int> folds, IReadOnlyList<bool> runs, int dense, int units, float lambda)
    {
        var scores = HiddenCheckpoints.ToDictionary(c => c, _ => new float[features.Count]);
        for (var fold = 0; fold < Folds; fold++)
        {
            var train = Enumerable.Range(0, features.Count).Where(i => folds[i] != fold && runs[i]).ToList();
            var held = Enumerable.Range(0, features.Count).Where(i => folds[i] == fold && runs[i]).ToList();
            HiddenLayerHead.Fit([.. train.Select(i => features[i])], [.. train.Select(i => labels[i])], dense, units, lambda, HiddenCheckpoints[^1], (epoch, head) =>
            {
                if (scores.TryGetValue(epoch, out var at))
                {
                    foreach (var i in held)
                    {
                        at[i] = head.Probability(features[i]);
                    }
                }
            });
        }
        var positives = labels.Where((_, i) => runs[i]).Count(l => l);
        var counted = runs.Count(r => r);
        double Loss(float[] p) => Enumerable.Range(0, p.Length).Where(i => runs[i]).Sum(i =>
            labels[i] ? -Math.Log(Math.Clamp(p[i], 1e-6, 1)) / positives : -Math.Log(Math.Clamp(1 - p[i], 1e-6, 1)) / (counted - positives));
        var best = scores.MinBy(s => Loss(s.Value));
        Console.Error.WriteLine($"  hidden layer: {units} units, epochs {best.Key} (out-of-fold log-loss {string.Join(", ", scores.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Key}: {Loss(s.Value):0.000}")))})");
        return best.Value;
    }

    /// <summary>
    /// Replaces each row's out-of-fold probability with (1 − w)·p + w·vote, the vote being the weighted share of
    /// positives among its k nearest rows (cosine) in the other folds, each weighted exp((cos − cos_best)/τ), as
    /// <see cref="Classification.NeighbourVote"/> does for topics.
    /// </summary>
    private static void BlendVote(float[] outOfFold, IReadOnlyList<float[]> vectors, IReadOnlyList<bool> labels, IReadOnlyList<int> folds, IReadOnlyList<bool> runs, VoteBlend vote)
    {
        for (var fold = 0; fold < Folds; fold++)
        {
            var train = Enumerable.Range(0, vectors.Count).Where(i => folds[i] != fold && runs[i]).ToList();
            for (var i = 0; i < vectors.Count; i++)
            {
                if (folds[i] != fold || !runs[i])
                {
                    continue;
                }
                var similarities = train.Select(j => System.Numerics.Tensors.TensorPrimitives.Dot(vectors[i], vectors[j])).ToArray();
                var share = SignalNeighbours.Vote(similarities, [.. Enumerable.Range(0, train.Count)], r => labels[train[r]], vote.K, vote.Tau);
                outOfFold[i] = (float)(((1 - vote.Weight) * outOfFold[i]) + (vote.Weight * share));
            }
        }
    }

    /// <summary>
    /// The standard multiple-instance iteration (as MI-SVM, with a logistic loss): every instance of a negative message
    /// (the whole message and each clause) is a negative; a positive message is first represented by itself, then by
    /// whichever of its instances the last fit scores highest, and the head is refitted. A message's score is then the
    /// highest of its instances' (<see cref="InstanceScore"/>), which is what the fit was trained for: a complaint
    /// sentence inside a friendly letter is not averaged away, and a friendly clause of a complaint is not taught to
    /// look like one.
    /// </summary>
    internal static LogisticRegression.Model FitInstances(IReadOnlyList<float[]> whole, IReadOnlyList<float[][]> clauses, IReadOnlyList<bool> labels, float lambda, int rounds = InstanceRounds)
    {
        var negatives = new List<float[]>();
        var positives = new List<int>();
        for (var i = 0; i < whole.Count; i++)
        {
            if (labels[i])
            {
                positives.Add(i);
            }
            else
            {
                negatives.Add(whole[i]);
                negatives.AddRange(clauses[i]);
            }
        }
        var chosen = positives.Select(i => whole[i]).ToList();
        LogisticRegression.Model? model = null;
        for (var round = 0; round < rounds; round++)
        {
            if (model is not null)
            {
                for (var p = 0; p < positives.Count; p++)
                {
                    var i = positives[p];
                    var (best, bestScore) = (whole[i], LogisticRegression.Probability(model.Weights, model.Bias, whole[i]));
                    foreach (var clause in clauses[i])
                    {
                        var score = LogisticRegression.Probability(model.Weights, model.Bias, clause);
                        if (score > bestScore)
                        {
                            (best, bestScore) = (clause, score);
                        }
                    }
                    chosen[p] = best;
                }
            }
            model = LogisticRegression.Fit([.. negatives, .. chosen], [.. negatives.Select(_ => false), .. chosen.Select(_ => true)], lambda, start: model);
        }
        return model!;
    }

    /// <summary>A message's score under a multiple-instance head: the highest of the whole message's and its clauses'.</summary>
    internal static float InstanceScore(LogisticRegression.Model model, float[] whole, float[][] clauses)
    {
        var p = LogisticRegression.Probability(model.Weights, model.Bias, whole);
        foreach (var clause in clauses)
        {
            p = Math.Max(p, LogisticRegression.Probability(model.Weights, model.Bias, clause));
        }
        return p;
    }

    /// <summary>
    /// <see cref="ChooseLambda"/> for a multiple-instance head: each regularisation's out-of-fold message scores (the
    /// highest instance, each fold's head never having seen the message) and the lowest class-weighted log-loss wins.
    /// </summary>
    private static (float Lambda, float[][] OutOfFold) ChooseInstanceLambda(List<float[]> features, List<float[][]> instances, IReadOnlyList<bool> labels, IReadOnlyList<int> folds, IReadOnlyList<bool> runs, IReadOnlyList<float> lambdas)
    {
        var positives = labels.Where((_, i) => runs[i]).Count(l => l);
        var counted = runs.Count(r => r);
        (float Lambda, float[][] OutOfFold, double Loss) best = (lambdas[0], [], double.MaxValue);
        foreach (var lambda in lambdas)
        {
            var scores = new float[features.Count][];
            var outOfFold = new float[features.Count];
            for (var fold = 0; fold < Folds; fold++)
            {
                var train = Enumerable.Range(0, features.Count).Where(i => folds[i] != fold && runs[i]).ToList();
                var model = FitInstances([.. train.Select(i => features[i])], [.. train.Select(i => instances[i])], [.. train.Select(i => labels[i])], lambda);
                for (var i = 0; i < features.Count; i++)
                {
                    if (folds[i] == fold)
                    {
                        // The whole message first, then each clause; a row the head never reads scores nothing.
                        scores[i] = runs[i]
                            ? [LogisticRegression.Probability(model.Weights, model.Bias, features[i]), .. instances[i].Select(c => LogisticRegression.Probability(model.Weights, model.Bias, c))]
                            : [0f];
                        outOfFold[i] = scores[i].Max();
                    }
                }
            }
            double loss = 0;
            for (var i = 0; i < features.Count; i++)
            {
                if (runs[i])
                {
                    var p = Math.Clamp(outOfFold[i], 1e-6, 1 - 1e-6);
                    loss -= labels[i] ? Math.Log(p) / positives : Math.Log(1 - p) / (counted - positives);
                }
            }
            if (loss < best.Loss)
            {
                best = (lambda, scores, loss);
            }
        }
        return (best.Lambda, best.OutOfFold);
    }

    /// <summary>
    /// <see cref="BlendVote"/> for a clause head voting per clause: each instance (the whole message, then each clause)
    /// takes its own vote among the other folds' training messages, is blended with its own score, and the message
    /// scores the highest blend.
    /// </summary>
    private static float[] BlendClauseVotes(float[][] instanceScores, IReadOnlyList<float[]> vectors, IReadOnlyList<IReadOnlyList<(string Text, float[] Vector)>> clauses, IReadOnlyList<bool> labels, IReadOnlyList<int> folds, IReadOnlyList<bool> runs, VoteBlend vote)
    {
        var blended = new float[vectors.Count];
        for (var fold = 0; fold < Folds; fold++)
        {
            var train = Enumerable.Range(0, vectors.Count).Where(i => folds[i] != fold && runs[i]).ToList();
            var rows = Enumerable.Range(0, train.Count).ToArray();
            for (var i = 0; i < vectors.Count; i++)
            {
                if (folds[i] != fold || !runs[i])
                {
                    continue;
                }
                var best = 0f;
                for (var k = 0; k < instanceScores[i].Length; k++)
                {
                    var vector = k == 0 ? vectors[i] : clauses[i][k - 1].Vector;
                    var similarities = train.Select(j => System.Numerics.Tensors.TensorPrimitives.Dot(vector, vectors[j])).ToArray();
                    var share = SignalNeighbours.Vote(similarities, rows, r => labels[train[r]], vote.K, vote.Tau);
                    best = Math.Max(best, (float)(((1 - vote.Weight) * instanceScores[i][k]) + (vote.Weight * share)));
                }
                blended[i] = best;
            }
        }
        return blended;
    }

    /// <summary>Per-dimension mean and 1/standard deviation, so every feature is on the same footing for the L2 penalty.</summary>
    private static (float[] Mean, float[] Scale) Standardisation(IReadOnlyList<float[]> vectors)
    {
        var d = vectors[0].Length;
        var mean = new float[d];
        var scale = new float[d];
        for (var j = 0; j < d; j++)
        {
            double sum = 0, squares = 0;
            foreach (var v in vectors)
            {
                sum += v[j];
                squares += v[j] * (double)v[j];
            }
            var m = sum / vectors.Count;
            var sd = Math.Sqrt(Math.Max(squares / vectors.Count - (m * m), 1e-12));
            mean[j] = (float)m;
            scale[j] = (float)(1 / sd);
        }
        return (mean, scale);
    }

    /// <summary>The regularisation with the lowest class-weighted out-of-fold log-loss, that setting's out-of-fold probabilities and its fold models.</summary>
    private static (float Lambda, float[] OutOfFold, LogisticRegression.Model[] FoldModels) ChooseLambda(List<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<int> folds, IReadOnlyList<bool> runs, IReadOnlyList<float> lambdas)
    {
        var positives = labels.Where((_, i) => runs[i]).Count(l => l);
        var counted = runs.Count(r => r);
        (float Lambda, float[] OutOfFold, LogisticRegression.Model[] Models, double Loss) best = (lambdas[0], [], [], double.MaxValue);
        foreach (var lambda in lambdas)
        {
            var outOfFold = new float[features.Count];
            var models = new LogisticRegression.Model[Folds];
            for (var fold = 0; fold < Folds; fold++)
            {
                var train = Enumerable.Range(0, features.Count).Where(i => folds[i] != fold && runs[i]).ToList();
                var model = LogisticRegression.Fit([.. train.Select(i => features[i])], [.. train.Select(i => labels[i])], lambda);
                models[fold] = model;
                for (var i = 0; i < features.Count; i++)
                {
                    if (folds[i] == fold)
                    {
                        // A row the head never reads scores nothing: only the rules and anchors can raise it.
                        outOfFold[i] = runs[i] ? LogisticRegression.Probability(model.Weights, model.Bias, features[i]) : 0;
                    }
                }
            }
            double loss = 0;
            for (var i = 0; i < features.Count; i++)
            {
                if (!runs[i])
                {
                    continue;
                }
                var p = Math.Clamp(outOfFold[i], 1e-6, 1 - 1e-6);
                loss -= labels[i] ? Math.Log(p) / positives : Math.Log(1 - p) / (counted - positives);
            }
            if (loss < best.Loss)
            {
                best = (lambda, outOfFold, models, loss);
            }
        }
        return (best.Lambda, best.OutOfFold, best.Models);
    }

    /// <summary>
    /// Folds for a pool of messages: identical messages (case and spacing aside) share a fold, so a message
    /// written into two sets never scores its own copy out of fold; distinct messages are dealt round in order.
    /// </summary>
    internal static int[] GroupedFolds(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var folds = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var key = string.Join(' ', texts[i].ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (!groups.TryGetValue(key, out var group))
            {
                group = groups.Count;
                groups[key] = group;
            }
            folds[i] = group % Folds;
        }
        return folds;
    }

    /// <summary>
    /// The detector's precision and recall (a row counts as raised when the rules or anchors raise it or the
    /// head's probability reaches the threshold) at every distinct out-of-fold probability, highest first.
    /// </summary>
    internal static List<CurvePoint> Curve(float[] outOfFold, IReadOnlyList<bool> labels, IReadOnlyList<bool> raisedBefore, double negativeWeight = 1)
    {
        var positives = labels.Count(l => l);
        var points = new List<CurvePoint>();
        foreach (var t in outOfFold.Distinct().Append(0.5f).Where(t => t >= 0.05f).OrderByDescending(t => t))
        {
            int tp = 0, fp = 0;
            for (var i = 0; i < labels.Count; i++)
            {
                if (raisedBefore[i] || outOfFold[i] >= t)
                {
                    if (labels[i])
                    {
                        tp++;
                    }
                    else
                    {
                        fp++;
                    }
                }
            }
            points.Add(new CurvePoint(t, tp + fp == 0 ? 0 : tp / (tp + (negativeWeight * fp)), positives == 0 ? 0 : (double)tp / positives));
        }
        return points;
    }

    internal static CurvePoint? RecallAtPrecision(IReadOnlyList<CurvePoint> curve, double precision) =>
        curve.Where(p => p.Precision >= precision).OrderByDescending(p => p.Recall).ThenByDescending(p => p.Threshold).Cast<CurvePoint?>().FirstOrDefault();

    internal static CurvePoint? PrecisionAtRecall(IReadOnlyList<CurvePoint> curve, double recall) =>
        curve.Where(p => p.Recall >= recall).OrderByDescending(p => p.Precision).ThenByDescending(p => p.Threshold).Cast<CurvePoint?>().FirstOrDefault();

    /// <summary>
    /// The same rule for the four targeted signals: the threshold with the most out-of-fold recall whose precision
    /// (at the traffic's class balance) stays at the floor, the highest such threshold when several tie; when no
    /// threshold reaches the floor, the best F1. Round 3's recall-first rule (95 % recall whatever it cost) bought
    /// one false complaint per true one and handed "How much is standard delivery?" to a person; a floor keeps the
    /// share of handoffs that are false alarms to what a small firm's agents can absorb (docs/adr/0004, round 4).
    /// </summary>
    internal static (CurvePoint Choice, string Policy) ChooseThreshold(IReadOnlyList<CurvePoint> curve, double precisionFloor = PrecisionTarget)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var floorName = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{precisionFloor * 100:0}%");
        if (RecallAtPrecision(curve, precisionFloor) is { } floor)
        {
            return (floor, $"most recall at precision >= {floorName}");
        }
        var best = curve.Count == 0 ? new CurvePoint(0.5f, 0, 0) : curve.MaxBy(F1);
        return (best, $"best F1 (precision {floorName} out of reach)");
    }

    /// <summary>The four signals issue 4 sets a target for; the others keep the rule their heads were shipped with.</summary>
    public static bool Targeted(SignalKind kind) => kind is SignalKind.Complaint or SignalKind.Vulnerability or SignalKind.SelfHarm or SignalKind.HumanRequest;

    /// <summary>The first round's rule, kept for the signals without a target: the lowest threshold at 90 % out-of-fold precision, else the best F1.</summary>
    internal static (CurvePoint Choice, string Policy) PrecisionFloorThreshold(IReadOnlyList<CurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.LastOrDefault(p => p.Precision >= 0.90) is { Threshold: > 0 } floor)
        {
            return (floor, "lowest threshold at precision >= 90%");
        }
        var best = curve.Count == 0 ? new CurvePoint(0.5f, 0, 0) : curve.MaxBy(F1);
        return (best, "best F1 (precision 90% out of reach)");
    }

    internal static double F1(CurvePoint p) => p.Precision + p.Recall == 0 ? 0 : 2 * p.Precision * p.Recall / (p.Precision + p.Recall);
}
