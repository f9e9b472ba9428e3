namespace Tandem.Bench;

/// <summary>Customer messages of typical length (10–40 tokens), as the research measured.</summary>
internal static class Messages
{
    /// <summary>22 tokens; the message behind the research's latency figures.</summary>
    public const string Kettle = "Hi, I ordered a kettle last week and it still hasn't arrived, can you help?";

    private static readonly string[] Templates =
    [
        "Hi, I ordered a {0} last week and it still hasn't arrived, can you help?",
        "The {0} came smashed. What do I do now?",
        "Can I return the {0} if I have already opened the box?",
        "I was charged twice for my {0}, please refund one of the payments.",
        "How long does delivery of a {0} to Belfast usually take?",
        "I put the wrong postcode on my order for the {0}, can you change it before it ships?",
        "Do you have the {0} in stock in blue, and is there a discount code I can use?",
        "My {0} stopped working after two weeks. Is it still under warranty?",
    ];

    private static readonly string[] Items = ["kettle", "toaster", "vase", "lamp", "rug", "mirror", "blender", "duvet", "chair"];

    public static string[] Batch(int count) =>
        Enumerable.Range(0, count)
            .Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, Templates[i % Templates.Length], Items[i % Items.Length]))
            .ToArray();
}
