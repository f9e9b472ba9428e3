using Tandem.Rules.Actions;

namespace Tandem.Rules.Tests.Actions;

/// <summary>The reference firm's published return, refund and cancellation rules.</summary>
public sealed class OrderRuleTests
{
    private static readonly DateTimeOffset Delivered = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static ReturnLine Line(decimal price, int quantity = 1, bool personalised = false, bool madeToOrder = false, bool large = false) =>
        new("P", quantity, price, personalised, madeToOrder, large);

    [Theory]
    [InlineData("processing", true)]
    [InlineData("dispatched", false)]
    [InlineData("delivered", false)]
    [InlineData("cancelled", false)]
    public void OnlyAProcessingOrderCanBeChangedOrCancelled(string status, bool allowed) =>
        Assert.Equal(allowed, OrderRules.CanChangeBeforeDispatch(status));

    [Fact]
    public void TheReturnWindowIsThirtyDaysFromDelivery()
    {
        Assert.True(OrderRules.WithinReturnWindow(Delivered, Delivered.AddDays(30)));
        Assert.False(OrderRules.WithinReturnWindow(Delivered, Delivered.AddDays(30).AddMinutes(1)));
    }

    [Fact]
    public void AChangeOfMindParcelReturnCostsThreeNinetyFive()
    {
        var quote = OrderRules.QuoteReturn([Line(39m)], ReturnReason.ChangeOfMind, Delivered, Delivered.AddDays(20), wholeOrder: false, 4.95m, 4.95m);
        Assert.True(quote.Allowed);
        Assert.Equal(35.05m, quote.Refund);
    }

    [Fact]
    public void ALargeItemCollectionCostsTwentyNine()
    {
        var quote = OrderRules.QuoteReturn([Line(399m, large: true)], ReturnReason.ChangeOfMind, Delivered, Delivered.AddDays(20), wholeOrder: false, 29m, 29m);
        Assert.Equal(370m, quote.Refund);
    }

    [Fact]
    public void AWholeOrderBackWithinFourteenDaysAlsoRefundsStandardDelivery()
    {
        var quote = OrderRules.QuoteReturn([Line(29m)], ReturnReason.ChangeOfMind, Delivered, Delivered.AddDays(10), wholeOrder: true, deliveryPaid: 9.95m, standardDelivery: 4.95m);
        Assert.Equal(4.95m, quote.DeliveryRefund);
        Assert.Equal(30m, quote.Refund);
    }

    [Fact]
    public void AFaultyItemIsRefundedInFullWithNoCharge()
    {
        var quote = OrderRules.QuoteReturn([Line(65m, personalised: true)], ReturnReason.Faulty, Delivered, Delivered.AddDays(20), wholeOrder: false, 0, 4.95m);
        Assert.True(quote.Allowed);
        Assert.Equal(0, quote.Charge);
        Assert.Equal(65m, quote.Refund);
    }

    [Theory]
    [InlineData(true, false, "personalised_item")]
    [InlineData(false, true, "made_to_order_item")]
    public void PersonalisedAndMadeToOrderItemsAreNotReturnedForAChangeOfMind(bool personalised, bool madeToOrder, string refusal)
    {
        var quote = OrderRules.QuoteReturn([Line(100m, personalised: personalised, madeToOrder: madeToOrder)], ReturnReason.ChangeOfMind, Delivered, Delivered.AddDays(5), false, 0, 4.95m);
        Assert.False(quote.Allowed);
        Assert.Equal(refusal, quote.Refusal);
    }

    [Fact]
    public void NoReturnAfterTheWindowWhateverTheReason()
    {
        var quote = OrderRules.QuoteReturn([Line(10m)], ReturnReason.Faulty, Delivered, Delivered.AddDays(31), false, 0, 4.95m);
        Assert.Equal("return_window_passed", quote.Refusal);
    }

    [Fact]
    public void AMadeToOrderCancellationCostsTwentyPercentOnceProductionHasStarted()
    {
        Assert.Equal(259.80m, OrderRules.CancellationFee(1299m, productionStarted: true));
        Assert.Equal(0, OrderRules.CancellationFee(1299m, productionStarted: false));
    }
}
