using Tandem.Rules.Privacy;

namespace Tandem.Rules.Tests.Privacy;

/// <summary>Helpers shared by the redaction tests: the reference customer and the firm's order format.</summary>
internal static class Redacting
{
    public static readonly RedactionOptions Customer = new()
    {
        KnownNames = ["Sarah", "O'Brien"],
    };

    public static readonly RedactionOptions CustomerAndOrders = Customer with { OrderNumberPattern = @"HH-\d{4}-\d{6}" };

    public static Redaction Redact(string text, RedactionOptions? options = null) =>
        PersonalData.Redact(text, options ?? Customer);

    /// <summary>The kinds found, in order, as "KIND:original".</summary>
    public static IReadOnlyList<string> Found(string text, RedactionOptions? options = null) =>
        Redact(text, options).Found.Select(f => $"{f.Kind}:{f.Original}").ToList();
}
