using System.Text.Json;

namespace Tandem.Server.Actions.Commerce;

/// <summary>The built-in commerce connector's tools, as the gateway and an LLM see them.</summary>
internal static class CommerceTools
{
    public const string GetOrder = "get_order";
    public const string ListMyOrders = "list_my_orders";
    public const string CancelOrder = "cancel_order";
    public const string ChangeDeliveryAddress = "change_delivery_address";
    public const string StartReturn = "start_return";
    public const string GetRefundStatus = "get_refund_status";
    public const string IssueRefund = "issue_refund";
    public const string ResendInvoice = "resend_invoice";

    private const string OrderNumber = """{ "type": "string", "minLength": 1, "maxLength": 64, "description": "The order number, e.g. HH-2026-004512." }""";

    private static JsonElement Schema(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = GetOrder,
            Description = "Look up one of the customer's orders: status, items, delivery and tracking, returns.",
            Parameters = Schema($$"""{ "type": "object", "properties": { "order_number": {{OrderNumber}} }, "required": ["order_number"], "additionalProperties": false }"""),
            ChangesState = false,
            OwnedRecordArgument = "order_number",
        },
        new()
        {
            Name = ListMyOrders,
            Description = "List the verified customer's orders (for in-chat verification, only the orders verified), newest first.",
            Parameters = Schema("""{ "type": "object", "properties": {}, "additionalProperties": false }"""),
            ChangesState = false,
        },
        new()
        {
            Name = CancelOrder,
            Description = "Cancel a whole order that is still Processing (not yet dispatched); a made-to-order item in production costs a 20% fee.",
            Parameters = Schema($$"""{ "type": "object", "properties": { "order_number": {{OrderNumber}}, "reason": { "type": "string", "maxLength": 200 } }, "required": ["order_number"], "additionalProperties": false }"""),
            ChangesState = true,
            OwnedRecordArgument = "order_number",
            LimitAction = "cancel_order",
        },
        new()
        {
            Name = ChangeDeliveryAddress,
            Description = "Send an order that is still Processing to a different UK address.",
            Parameters = Schema($$"""
            { "type": "object", "additionalProperties": false, "required": ["order_number", "address"],
              "properties": { "order_number": {{OrderNumber}},
                "address": { "type": "object", "additionalProperties": false, "required": ["name", "line1", "town", "postcode"],
                  "properties": { "name": { "type": "string", "minLength": 1, "maxLength": 100 }, "line1": { "type": "string", "minLength": 1, "maxLength": 100 },
                    "line2": { "type": "string", "maxLength": 100 }, "town": { "type": "string", "minLength": 1, "maxLength": 60 },
                    "postcode": { "type": "string", "pattern": "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$" } } } } }
            """),
            ChangesState = true,
            OwnedRecordArgument = "order_number",
            LimitAction = "change_order",
        },
        new()
        {
            Name = StartReturn,
            Description = "Start a return of items from a delivered order within 30 days of delivery; personalised and made-to-order items only when faulty, damaged or wrong.",
            Parameters = Schema($$"""
            { "type": "object", "additionalProperties": false, "required": ["order_number", "items", "reason"],
              "properties": { "order_number": {{OrderNumber}},
                "reason": { "type": "string", "enum": ["change_of_mind", "faulty", "damaged_in_delivery", "wrong_item"] },
                "items": { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": false, "required": ["product_id", "quantity"],
                  "properties": { "product_id": { "type": "string", "minLength": 1 }, "quantity": { "type": "integer", "minimum": 1, "maximum": 99 } } } } } }
            """),
            ChangesState = true,
            OwnedRecordArgument = "order_number",
            LimitAction = "start_return",
        },
        new()
        {
            Name = GetRefundStatus,
            Description = "Where the refunds on an order are: each return's amount, status and date, and any cancellation refund.",
            Parameters = Schema($$"""{ "type": "object", "properties": { "order_number": {{OrderNumber}} }, "required": ["order_number"], "additionalProperties": false }"""),
            ChangesState = false,
            OwnedRecordArgument = "order_number",
        },
        new()
        {
            Name = IssueRefund,
            Description = "Refund a return the warehouse has received, to the original payment method, for exactly the amount the published rules give.",
            Parameters = Schema($$"""
            { "type": "object", "additionalProperties": false, "required": ["order_number", "return_id", "amount_gbp"],
              "properties": { "order_number": {{OrderNumber}}, "return_id": { "type": "string", "minLength": 1, "maxLength": 32 },
                "amount_gbp": { "type": "number", "minimum": 0.01, "maximum": 100000 },
                "to": { "type": "string", "enum": ["original_payment_method"] } } }
            """),
            ChangesState = true,
            OwnedRecordArgument = "order_number",
            AmountArgument = "amount_gbp",
            LimitAction = "refund",
        },
        new()
        {
            Name = ResendInvoice,
            Description = "E-mail a copy of an order's VAT invoice to the address on the order.",
            Parameters = Schema($$"""{ "type": "object", "properties": { "order_number": {{OrderNumber}} }, "required": ["order_number"], "additionalProperties": false }"""),
            ChangesState = true,
            OwnedRecordArgument = "order_number",
            LimitAction = "reissue_invoice",
        },
    ];
}
