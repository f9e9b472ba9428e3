using System.Globalization;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace Tandem.Server.Understanding.Classification;

/// <summary>What the linear head sees and how hard it is regularised; part of the model version.</summary>
internal sealed record LinearHeadOptions
{
    /// <summary>Word uni- and bigram and character trigram TF-IDF beside the sentence vector.</summary>
    public bool Ngrams { get; init; } = true;

    /// <summary>Scales the (unit-length) sentence vector against the (unit-length) n-gram vector.</summary>
    public float EmbeddingWeight { get; init; } = 1f;

    public float L2 { get; init; } = 1e-4f;

    /// <summary>
    /// L-BFGS stops after this many iterations or when the loss improves by less than <see cref="Tolerance"/>:
    /// ML.NET's defaults (no cap, 1e-7) spent minutes of CPU on BANKING77 polishing digits that did not change a prediction.
    /// </summary>
    public int MaxIterations { get; init; } = 200;

    public float Tolerance { get; init; } = 1e-5f;

    /// <summary>Share of each label held out to fit the temperature; sets smaller than <see cref="MinimumForCalibration"/> are not calibrated.</summary>
    public double CalibrationShare { get; init; } = 0.1;

    public int MinimumForCalibration { get; init; } = 300;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"maxent(lbfgs,l2={L2},iter<={MaxIterations},tol={Tolerance});minilm*{EmbeddingWeight}{(Ngrams ? "+word1-2+char3 tfidf" : "")};temperature({CalibrationShare})");
}

/// <summary>
/// A multiclass logistic regression (ML.NET's L-BFGS maximum entropy) over the embedded model's
/// sentence vector and, optionally, lexical n-grams, with temperature-scaled probabilities. ML.NET
/// rather than our own softmax: it is maintained and handles the sparse n-gram features; with the
/// iteration cap a firm's few hundred examples train in a second or two (docs/benchmarks.md, "Topic classification").
/// </summary>
/// <remarks>
/// ML.NET's PredictionEngine is not thread-safe, and the firm's turns run on several workers at once:
/// each prediction borrows an engine from a pool (one engine per concurrent caller, kept for reuse),
/// so the head itself may be shared.
/// </remarks>
internal sealed class LinearTopicHead
{
    private readonly ObjectPool<PredictionEngine<Row, Scored>> _engines;
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly int _dimensions;
    private readonly float _embeddingWeight;

    private LinearTopicHead(MLContext ml, ITransformer model, int dimensions, string[] labels, float embeddingWeight)
    {
        _ml = ml;
        _model = model;
        _dimensions = dimensions;
        _embeddingWeight = embeddingWeight;
        Labels = labels;
        _engines = new DefaultObjectPoolProvider().Create(new EnginePolicy(ml, model, Schema(dimensions)));
    }

    /// <summary>The labels in the order of the probability vector.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// Divides the log-probabilities before the softmax; 1 means uncalibrated. Settable because a caller
    /// with its own held-out predictions (the firm's cross-validation) fits it after training.
    /// </summary>
    public double Temperature { get; set; } = 1;

    public static LinearTopicHead Train(IReadOnlyList<string> texts, IReadOnlyList<float[]> vectors, IReadOnlyList<string> labels, LinearHeadOptions options)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (texts.Count != vectors.Count || texts.Count != labels.Count || texts.Count == 0)
        {
            throw new ArgumentException("Training needs one vector and one label per text, and at least one text.");
        }
        var calibrate = texts.Count >= options.MinimumForCalibration && options.CalibrationShare > 0;
        if (!calibrate)
        {
            return Fit(texts, vectors, labels, options);
        }
        // The temperature is fitted on examples the model did not see, then applied to a model trained
        // on everything: the held-out model's over- or under-confidence is a fair estimate of the final one's.
        var held = HeldOut(labels, options.CalibrationShare);
        var fitIndexes = Enumerable.Range(0, texts.Count).Where(i => !held.Contains(i)).ToList();
        var probe = Fit([.. fitIndexes.Select(i => texts[i])], [.. fitIndexes.Select(i => vectors[i])], [.. fitIndexes.Select(i => labels[i])], options);
        var heldIndexes = held.Order().ToList();
        var probabilities = heldIndexes.Select(i => probe.RawProbabilities(texts[i], vectors[i])).ToList();
        var gold = heldIndexes.Select(i => probe.IndexOf(labels[i])).ToList();
        var final = Fit(texts, vectors, labels, options);
        final.Temperature = Calibration.FitTemperature(probabilities, gold);
        return final;
    }

    /// <summary>Calibrated probabilities, in the order of <see cref="Labels"/>.</summary>
    public float[] Probabilities(string text, float[] vector) => Calibration.Scale(RawProbabilities(text, vector), Temperature);

    public float[] RawProbabilities(string text, float[] vector)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vector);
        var engine = _engines.Get();
        try
        {
            return engine.Predict(new Row { Text = text, Embedding = Weighted(vector, _embeddingWeight, _dimensions), Label = "" }).Score;
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>
    /// Writes the fitted model (featurisers, label keys and weights) in ML.NET's own format. The temperature
    /// and the embedding weight are the caller's to keep: they are settings around the model, not in it.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var schema = _ml.Data.LoadFromEnumerable(new List<Row>(), Schema(_dimensions)).Schema;
        _ml.Model.Save(_model, schema, stream);
    }

    /// <summary>Reads a model <see cref="Save"/> wrote; its predictions are the saved model's, bit for bit.</summary>
    public static LinearTopicHead Load(Stream stream, float embeddingWeight, double temperature)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ml = new MLContext(seed: 7);
        var model = ml.Model.Load(stream, out var input);
        if (input.GetColumnOrNull(nameof(Row.Embedding))?.Type is not VectorDataViewType { Size: > 0 } vector)
        {
            throw new InvalidDataException($"The saved topic model has no {nameof(Row.Embedding)} vector column.");
        }
        return new LinearTopicHead(ml, model, vector.Size, LabelsOf(model, input), embeddingWeight) { Temperature = temperature };
    }

    public int IndexOf(string label)
    {
        for (var i = 0; i < Labels.Count; i++)
        {
            if (string.Equals(Labels[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static LinearTopicHead Fit(IReadOnlyList<string> texts, IReadOnlyList<float[]> vectors, IReadOnlyList<string> labels, LinearHeadOptions options)
    {
        var dimensions = vectors[0].Length;
        var ml = new MLContext(seed: 7);
        var rows = texts.Select((t, i) => new Row { Text = t, Embedding = Weighted(vectors[i], options.EmbeddingWeight, dimensions), Label = labels[i] }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, Schema(dimensions));

        IEstimator<ITransformer> pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(Row.Label));
        var features = nameof(Row.Embedding);
        if (options.Ngrams)
        {
            pipeline = pipeline
                .Append(ml.Transforms.Text.FeaturizeText("Ngrams", new TextFeaturizingEstimator.Options
                {
                    WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
                    CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
                    Norm = TextFeaturizingEstimator.NormFunction.L2,
                }, nameof(Row.Text)))
                .Append(ml.Transforms.Concatenate("Features", nameof(Row.Embedding), "Ngrams"));
            features = "Features";
        }
        pipeline = pipeline.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = features,
            L2Regularization = options.L2,
            L1Regularization = 0,
            MaximumNumberOfIterations = options.MaxIterations,
            OptimizationTolerance = options.Tolerance,
            // One thread: the machine is shared and the serving process must keep a core for requests.
            NumberOfThreads = 1,
        }));
        var model = pipeline.Fit(data);
        return new LinearTopicHead(ml, model, dimensions, LabelsOf(model, data.Schema), options.EmbeddingWeight);
    }

    /// <summary>The probability vector is in the order of the label's key values.</summary>
    private static string[] LabelsOf(ITransformer model, DataViewSchema input)
    {
        VBuffer<ReadOnlyMemory<char>> keys = default;
        model.GetOutputSchema(input)[nameof(Row.Label)].GetKeyValues(ref keys);
        return [.. keys.DenseValues().Select(k => k.ToString())];
    }

    /// <summary>Every k-th example of each label (at least one, never all), so small labels keep most of their examples.</summary>
    private static HashSet<int> HeldOut(IReadOnlyList<string> labels, double share)
    {
        var held = new HashSet<int>();
        var step = Math.Max(2, (int)Math.Round(1 / share));
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.Ordinal))
        {
            var members = group.ToList();
            if (members.Count < 2)
            {
                continue;
            }
            for (var j = step / 2; j < members.Count; j += step)
            {
                held.Add(members[j]);
            }
        }
        return held;
    }

    private static float[] Weighted(float[] vector, float weight, int dimensions)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"Expected a vector of {dimensions} dimensions, got {vector.Length}.", nameof(vector));
        }
        if (weight == 1f)
        {
            return vector;
        }
        var scaled = new float[vector.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(vector, weight, scaled);
        return scaled;
    }

    /// <summary>The vector's length is known only at run time (it is the embedder's), so the schema is built rather than declared.</summary>
    private static SchemaDefinition Schema(int dimensions)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Embedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        return schema;
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model, SchemaDefinition schema) : PooledObjectPolicy<PredictionEngine<Row, Scored>>
    {
        public override PredictionEngine<Row, Scored> Create() => ml.Model.CreatePredictionEngine<Row, Scored>(model, inputSchemaDefinition: schema);

        public override bool Return(PredictionEngine<Row, Scored> obj) => true;
    }

    internal sealed class Row
    {
        public string Text { get; set; } = "";

        public float[] Embedding { get; set; } = [];

        public string Label { get; set; } = "";
    }

    internal sealed class Scored
    {
        public float[] Score { get; set; } = [];
    }
}
