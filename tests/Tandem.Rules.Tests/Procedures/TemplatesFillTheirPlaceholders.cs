using System.Text.Json.Nodes;
using Tandem.Rules.Procedures;

namespace Tandem.Rules.Tests.Procedures;

public sealed class TemplatesFillTheirPlaceholders
{
    [Fact]
    public void SlotsAndResultFieldsAreFilledInCustomerForm()
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["order_number"] = JsonValue.Create("HH-2026-003186"),
            ["order"] = new JsonObject
            {
                ["status"] = "partially_returned",
                ["delivered_at"] = "2026-11-13T18:30:13+00:00",
                ["total_gbp"] = 49.95,
                ["count"] = 2.0,
                ["items"] = new JsonArray("Lamp", "Rug"),
            },
        };

        var text = ProcedureTemplate.Render("Order {order_number} is {order.status}, delivered on {order.delivered_at}: £{order.total_gbp} for {order.count} items ({order.items}). {order.missing}", variables);

        Assert.Equal("Order HH-2026-003186 is partially returned, delivered on 13 November 2026: £49.95 for 2 items (Lamp, Rug). ", text);
    }

    [Fact]
    public void ThePlaceholdersAndTheirFirstNamesAreListed()
    {
        Assert.Equal(["order_number", "order.status", "order.items"], ProcedureTemplate.Placeholders("{order_number} {order.status} {order.items} {not a placeholder}"));
        Assert.Equal(["order_number", "order"], ProcedureTemplate.Names("{order_number} {order.status} {order.items}"));
    }
}
