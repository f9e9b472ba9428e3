using System.Text.Json.Nodes;
using Tandem.Rules.Procedures;

namespace Tandem.Rules.Tests.Procedures;

public sealed class EligibilityExpressionsAreEvaluatedOverTheLookup
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, JsonNode?> Order(string status, string? deliveredAt = null, params string?[] personalisations)
    {
        var items = new JsonArray();
        foreach (var p in personalisations)
        {
            var item = new JsonObject { ["product_name"] = "Cushion" };
            if (p is not null)
            {
                item["personalisation"] = p;
            }
            items.Add(item);
        }
        return new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["order_number"] = JsonValue.Create("HH-2026-000001"),
            ["order"] = new JsonObject
            {
                ["status"] = status,
                ["delivered_at"] = deliveredAt,
                ["total_gbp"] = 49.95,
                ["items"] = items,
            },
        };
    }

    private static bool Eval(string expression, Dictionary<string, JsonNode?> variables) =>
        ProcedureExpression.Parse(expression).IsTrue(variables, Now);

    [Theory]
    [InlineData("order.status in [processing]", "processing", true)]
    [InlineData("order.status in [processing]", "dispatched", false)]
    [InlineData("order.status in [placed, processing]", "PROCESSING", true)]
    [InlineData("order.status not in [cancelled, returned]", "delivered", true)]
    [InlineData("order.status not in [cancelled, returned]", "returned", false)]
    [InlineData("order.status == 'dispatched'", "dispatched", true)]
    [InlineData("order.status != \"dispatched\"", "dispatched", false)]
    [InlineData("not order.status == 'dispatched'", "processing", true)]
    [InlineData("order.status == 'processing' or order.status == 'dispatched'", "dispatched", true)]
    [InlineData("order.status == 'processing' and order.total_gbp > 50", "processing", false)]
    [InlineData("order.total_gbp >= 49.95 and order.total_gbp < 50", "processing", true)]
    [InlineData("(order.status == 'a' or order.status == 'processing') and not (order.total_gbp <= 0)", "processing", true)]
    public void ComparisonsListsAndLogicReadAsWritten(string expression, string status, bool expected)
    {
        Assert.Equal(expected, Eval(expression, Order(status)));
    }

    [Theory]
    [InlineData("2026-10-25T09:00:00+00:00", true)] // 30 days and one hour: the 30th day still counts
    [InlineData("2026-10-24T09:00:00+00:00", false)] // 31 days
    [InlineData("2026-11-23T18:30:13+01:00", true)]
    public void DaysSinceCountsWholeDaysToNow(string deliveredAt, bool within30)
    {
        Assert.Equal(within30, Eval("days_since(order.delivered_at) <= 30", Order("delivered", deliveredAt)));
    }

    [Fact]
    public void AMissingDateFailsEveryComparisonSoACheckOnItFailsClosed()
    {
        var order = Order("processing", deliveredAt: null);

        Assert.False(Eval("days_since(order.delivered_at) <= 30", order));
        Assert.False(Eval("days_since(order.delivered_at) > 30", order));
    }

    [Fact]
    public void APathThroughAListMapsOverItsItems()
    {
        Assert.True(Eval("any(order.items.personalisation)", Order("delivered", null, null, "Monogram: M")));
        Assert.False(Eval("any(order.items.personalisation)", Order("delivered", null, null, null)));
        Assert.True(Eval("not any(order.items.personalisation)", Order("delivered", null, null, null)));
        Assert.True(Eval("all(order.items.personalisation)", Order("delivered", null, "A", "B")));
        Assert.False(Eval("all(order.items.personalisation)", Order("delivered", null, "A", null)));
        Assert.True(Eval("count(order.items.personalisation) == 1", Order("delivered", null, "A", null, null)));
        Assert.True(Eval("count(order.items) == 3", Order("delivered", null, "A", null, null)));
    }

    [Fact]
    public void ExistsTellsAValueFromNothing()
    {
        Assert.True(Eval("exists(order.status)", Order("delivered")));
        Assert.False(Eval("exists(order.delivered_at)", Order("delivered")));
        Assert.False(Eval("exists(order.nothing_here)", Order("delivered")));
        Assert.False(Eval("exists(refund)", Order("delivered")));
    }

    [Fact]
    public void SlotsAreReadByName()
    {
        Assert.True(Eval("order_number == 'hh-2026-000001'", Order("delivered")));
    }

    [Fact]
    public void TheNamesAnExpressionReadsAreListedForTheValidator()
    {
        var expression = ProcedureExpression.Parse("order.status in [processing] and days_since(refund.at) < 3 or order_number == 'x'");

        Assert.Equal(["order", "refund", "order_number"], expression.Names);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("order.status in [processing", "']' was expected")]
    [InlineData("order.status ==", "ends where a value was expected")]
    [InlineData("order.status = 'x'", "unexpected")]
    [InlineData("upper(order.status) == 'X'", "unknown function 'upper'")]
    [InlineData("order.status == 'x", "not closed")]
    [InlineData("order. == 1", "a name must follow '.'")]
    [InlineData("and order.status", "needs a value before it")]
    [InlineData("(order.status == 'x'", "')'")]
    [InlineData("order.status in [processing, {x}]", "list items")]
    [InlineData("order.status == 'x' order", "unexpected 'order'")]
    public void ABadExpressionIsRefusedWithWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<ExpressionException>(() => ProcedureExpression.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
