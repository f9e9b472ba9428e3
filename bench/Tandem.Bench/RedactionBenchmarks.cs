using System.Text;
using BenchmarkDotNet.Attributes;
using Tandem.Rules.Privacy;

namespace Tandem.Bench;

/// <summary>
/// Redacting what a grounded turn sends to a provider: the customer's message, five of the reference
/// firm's articles as retrieved passages, and an order lookup's JSON. Runs once per provider call.
/// </summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private static readonly RedactionOptions Options = new()
    {
        KnownNames = ["Holly", "Banks"],
        OrderNumberPattern = @"HH-\d{4}-\d{6}",
    };

    private string _message = "";
    private string _prompt = "";
    private Redaction? _redacted;

    [GlobalSetup]
    public void Load()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Tandem.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run from inside the repository.");
        }
        var firm = Path.Combine(root, "samples", "firms", "harbour-home");
        _message = "Hi it's Holly Banks, my order HH-2025-001656 came damaged. Can you ring me on 07700 900456 or email holly.banks@example.com? New address is 12 Cotham Hill, Bristol BS6 6LA.";
        var prompt = new StringBuilder(_message).AppendLine();
        foreach (var article in Directory.EnumerateFiles(Path.Combine(firm, "knowledge"), "*.md").Order(StringComparer.Ordinal).Take(5))
        {
            prompt.AppendLine(File.ReadAllText(article));
        }
        var orders = File.ReadAllText(Path.Combine(firm, "data", "orders.json"));
        prompt.AppendLine(orders[..Math.Min(orders.Length, 1_500)]);
        _prompt = prompt.ToString();
        _redacted = PersonalData.Redact(_prompt, Options);
    }

    [Benchmark]
    public Redaction CustomerMessage() => PersonalData.Redact(_message, Options);

    [Benchmark]
    public Redaction GroundedPrompt() => PersonalData.Redact(_prompt, Options);

    [Benchmark]
    public string RestoreReply() => _redacted!.Restore("Thanks [NAME_1]. I've logged [ORDER_NUMBER_1] as damaged and we'll call [PHONE_1] today.");

}
