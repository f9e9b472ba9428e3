using System.Numerics.Tensors;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;
using Tandem.Server.Knowledge.Embeddings;

namespace SignalFineTune;

/// <summary>A message's frozen part: the hidden state entering the first trained layer, and the model's own sentence vector.</summary>
internal sealed record BottomStates(int Tokens, float[] Hidden, float[] SentenceVector);

/// <summary>
/// The frozen bottom of the encoder in ONNX Runtime: the product's model, tokenised as MiniLmEmbedder tokenises it
/// (FastBertTokenizer, lower-cased, 256 tokens at most), one message per call at its own length, with the hidden state
/// entering layer <c>firstTrained</c> as an extra output of an in-memory copy of the graph.
/// </summary>
internal sealed class Bottom : IDisposable
{
    private const int MaxTokens = 256;
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer = new();
    private readonly string _hiddenName;

    public Bottom(MiniLmGraph graph, int firstTrained)
    {
        using (var vocabulary = new StreamReader(ModelFile.Open("vocab.txt")))
        {
            _tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);
        }
        _hiddenName = graph.Layer(firstTrained).InputName;
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(graph.WithOutput(_hiddenName), options);
    }

    public BottomStates Run(string text)
    {
        var ids = new long[MaxTokens];
        var mask = new long[MaxTokens];
        var written = _tokenizer.Encode(text, ids, mask, padTo: MaxTokens);
        var length = (int)TensorPrimitives.Sum<long>(mask.AsSpan(0, written));
        long[] shape = [1, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids[..length], shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask[..length], shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[length], shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], ["last_hidden_state", _hiddenName]);
        var last = outputs[0].GetTensorDataAsSpan<float>();
        var hidden = outputs[1].GetTensorDataAsSpan<float>().ToArray();
        // Mean over every token (one message, no padding) then L2, as MiniLmEmbedder pools.
        var vector = new float[384];
        for (var t = 0; t < length; t++)
        {
            TensorPrimitives.Add(vector, last.Slice(t * 384, 384), vector);
        }
        TensorPrimitives.Divide(vector, length, vector);
        TensorPrimitives.Divide(vector, Math.Max(TensorPrimitives.Norm(vector), 1e-12f), vector);
        return new BottomStates(length, hidden, vector);
    }

    public void Dispose() => _session.Dispose();
}
