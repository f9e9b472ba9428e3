using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

/// <summary>Knowledge passages in the reference firm's words. Each call returns new objects.</summary>
internal static class Policy
{
    public const string Returns = "Returns are accepted within 30 days of delivery. Items must be unused and in their original packaging.";
    public const string Delivery = "Standard delivery costs £3.95 and takes 3–5 working days. Orders over £50 are delivered free.";
    public const string Refunds = "Refunds reach your original payment method within 5 working days of us receiving the item.";

    public static IReadOnlyList<Evidence> All() =>
    [
        new("kb:returns", Returns),
        new("kb:delivery", Delivery),
        new("kb:refunds", Refunds),
    ];

    public static IReadOnlyList<Evidence> Only(string text) => [new("kb:passage", text)];
}
