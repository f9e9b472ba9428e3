namespace Tandem.Rules.Actions;

/// <summary>Why a return is for: change of mind, or something wrong with the item.</summary>
public enum ReturnReason
{
    ChangeOfMind,
    Faulty,
    DamagedInDelivery,
    WrongItem,
}

/// <summary>An item to return, as the order shows it.</summary>
public sealed record ReturnLine(string ProductId, int Quantity, decimal UnitPrice, bool Personalised, bool MadeToOrder, bool LargeItem);

/// <summary>What the firm's published rules make of a return: may it be made, and the refund it gives.</summary>
public sealed record ReturnQuote(bool Allowed, string? Refusal, decimal Charge, decimal DeliveryRefund, decimal Refund);

/// <summary>
/// The reference firm's published order rules (knowledge: returns-policy.md, refunds.md,
/// cancelling-an-order.md, changing-your-order-or-delivery-address.md) as pure functions.
/// </summary>
public static class OrderRules
{
    public const int ReturnWindowDays = 30;
    public const int DeliveryRefundWindowDays = 14;
    public const decimal ParcelReturnCharge = 3.95m;
    public const decimal CollectionCharge = 29m;
    public const decimal MadeToOrderCancellationFeeRate = 0.20m;

    /// <summary>Cancellations and changes only before dispatch, while the order shows Processing.</summary>
    public static bool CanChangeBeforeDispatch(string status) => status == "processing";

    /// <summary>Within 30 days of delivery, counted to the instant.</summary>
    public static bool WithinReturnWindow(DateTimeOffset deliveredAt, DateTimeOffset now) =>
        now >= deliveredAt && now - deliveredAt <= TimeSpan.FromDays(ReturnWindowDays);

    /// <summary>
    /// A return under the published rules. Personalised and made-to-order items come back only when
    /// faulty, damaged or wrong; change of mind costs £3.95 per parcel return, or £29 when a large item
    /// is collected; a whole order back within 14 days also refunds delivery up to standard delivery.
    /// </summary>
    /// <param name="wholeOrder">Every item of the order is in this return (nothing returned before).</param>
    /// <param name="standardDelivery">The cost of standard delivery for the order (£4.95, or £29 for two-person).</param>
    public static ReturnQuote QuoteReturn(IReadOnlyList<ReturnLine> lines, ReturnReason reason, DateTimeOffset deliveredAt, DateTimeOffset now,
        bool wholeOrder, decimal deliveryPaid, decimal standardDelivery)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || lines.Any(l => l.Quantity <= 0))
        {
            return new ReturnQuote(false, "no_items", 0, 0, 0);
        }
        if (!WithinReturnWindow(deliveredAt, now))
        {
            return new ReturnQuote(false, "return_window_passed", 0, 0, 0);
        }
        var faulty = reason != ReturnReason.ChangeOfMind;
        if (!faulty && lines.Any(l => l.Personalised))
        {
            return new ReturnQuote(false, "personalised_item", 0, 0, 0);
        }
        if (!faulty && lines.Any(l => l.MadeToOrder))
        {
            return new ReturnQuote(false, "made_to_order_item", 0, 0, 0);
        }
        var price = lines.Sum(l => l.UnitPrice * l.Quantity);
        var charge = faulty ? 0 : lines.Any(l => l.LargeItem) ? CollectionCharge : ParcelReturnCharge;
        var deliveryRefund = 0m;
        if (wholeOrder && (faulty || now - deliveredAt <= TimeSpan.FromDays(DeliveryRefundWindowDays)))
        {
            deliveryRefund = faulty ? deliveryPaid : Math.Min(deliveryPaid, standardDelivery);
        }
        return new ReturnQuote(true, null, charge, deliveryRefund, Math.Max(0, price - charge + deliveryRefund));
    }

    /// <summary>20% of a made-to-order item's price once production has started; nothing before.</summary>
    public static decimal CancellationFee(decimal madeToOrderPrice, bool productionStarted) =>
        productionStarted ? Math.Round(madeToOrderPrice * MadeToOrderCancellationFeeRate, 2) : 0;
}
