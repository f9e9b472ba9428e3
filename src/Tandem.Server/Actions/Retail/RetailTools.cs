using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.Server.Actions.Retail;

/// <summary>The τ-bench retail tools as the gateway sees them: names, descriptions and argument schemas as the benchmark defines them.</summary>
internal static class RetailTools
{
    private static readonly string[] Address = ["address1", "address2", "city", "state", "country", "zip"];

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        Read("find_user_id_by_email", "Find a user id by email.", null, false, ["email"]),
        Read("find_user_id_by_name_zip", "Find a user id by first name, last name and zip code.", null, false, ["first_name", "last_name", "zip"]),
        Read("get_user_details", "Get the details of a user, including their orders.", "user_id", true, ["user_id"]),
        Read("get_order_details", "Get the status and details of an order.", "order_id", true, ["order_id"]),
        Read("get_product_details", "Get the inventory details of a product.", null, false, ["product_id"]),
        Read("list_all_product_types", "List the name and product id of every product type.", null, false, []),
        Read("think", "Think about something; changes nothing.", null, false, ["thought"]),
        Read("transfer_to_human_agents", "Transfer the user to a human agent, with a summary of the issue.", null, false, ["summary"]),
        Write("cancel_pending_order", "Cancel a pending order; the reason is 'no longer needed' or 'ordered by mistake'.", ["order_id", "reason"], []),
        Write("modify_pending_order_address", "Modify the shipping address of a pending order.", ["order_id", .. Address], []),
        Write("modify_pending_order_items", "Modify items of a pending order to other options of the same products, paying or refunding the difference.", ["order_id", "payment_method_id"], ["item_ids", "new_item_ids"]),
        Write("modify_pending_order_payment", "Modify the payment method of a pending order.", ["order_id", "payment_method_id"], []),
        Write("modify_user_address", "Modify the default address of a user.", ["user_id", .. Address], [], owned: "user_id"),
        Write("return_delivered_order_items", "Return some items of a delivered order, refunded to the original payment method or a gift card.", ["order_id", "payment_method_id"], ["item_ids"]),
        Write("exchange_delivered_order_items", "Exchange items of a delivered order for other options of the same products.", ["order_id", "payment_method_id"], ["item_ids", "new_item_ids"]),
    ];

    private static ToolDefinition Read(string name, string description, string? owned, bool account, string[] strings) => new()
    {
        Name = name,
        Description = description,
        Parameters = Schema(strings, []),
        ChangesState = false,
        OwnedRecordArgument = owned,
        TouchesAccountData = account,
    };

    private static ToolDefinition Write(string name, string description, string[] strings, string[] lists, string owned = "order_id") => new()
    {
        Name = name,
        Description = description,
        Parameters = Schema(strings, lists),
        ChangesState = true,
        OwnedRecordArgument = owned,
    };

    private static JsonElement Schema(string[] strings, string[] lists)
    {
        var properties = new JsonObject();
        foreach (var s in strings)
        {
            properties[s] = new JsonObject { ["type"] = "string" };
        }
        foreach (var l in lists)
        {
            properties[l] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
        }
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. strings.Concat(lists).Select(p => (JsonNode?)JsonValue.Create(p))]),
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
