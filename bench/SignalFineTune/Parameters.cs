using System.Numerics;

namespace SignalFineTune;

/// <summary>One trainable tensor with its gradient and AdamW moments. Matrices are stored [out, in] so every product's inner loop is one contiguous dot.</summary>
internal sealed class Parameter<T>(string name, T[] value, bool decay, bool head)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name { get; } = name;
    public T[] Value { get; } = value;
    public T[] Gradient { get; } = new T[value.Length];
    public bool Decay { get; } = decay;
    public bool Head { get; } = head;
    public T[] First { get; } = new T[value.Length];
    public T[] Second { get; } = new T[value.Length];
}

internal static class Convert<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T[] From(float[] values) => [.. values.Select(T.CreateChecked)];

    /// <summary>A graph MatMul weight [in, out] as [out, in].</summary>
    public static T[] Transposed(float[] weight, int inputs, int outputs)
    {
        var result = new T[weight.Length];
        for (var i = 0; i < inputs; i++)
        {
            for (var o = 0; o < outputs; o++)
            {
                result[(o * inputs) + i] = T.CreateChecked(weight[(i * outputs) + o]);
            }
        }
        return result;
    }
}
