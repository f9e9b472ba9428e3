using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.Server.Actions.Retail;

/// <summary>
/// The τ-bench retail domain's tools over one copy-on-write view of <see cref="RetailData"/>. Each tool
/// behaves as the benchmark's reference implementation does — the same checks in the same order, the same
/// "Error: ..." strings, the same Python float arithmetic (money here is a double on purpose: the
/// reference results were computed that way, and matching them is the point) — and answers with the
/// changed record as Python's json.dumps would write it.
/// </summary>
internal sealed class RetailStore(RetailData data)
{
    private readonly Dictionary<string, JsonObject> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _orders = new(StringComparer.Ordinal);

    /// <summary>The tools that change the database; the rest only read it.</summary>
    public static readonly IReadOnlySet<string> WriteTools = new HashSet<string>(StringComparer.Ordinal)
    {
        "cancel_pending_order", "modify_pending_order_address", "modify_pending_order_items",
        "modify_pending_order_payment", "modify_user_address", "return_delivered_order_items",
        "exchange_delivered_order_items",
    };

    public RetailData Data => data;

    /// <summary>Records this store has written, by id (a copy of the original taken at the first write).</summary>
    public IReadOnlyDictionary<string, JsonObject> WrittenUsers => _users;

    public IReadOnlyDictionary<string, JsonObject> WrittenOrders => _orders;

    public string Invoke(string tool, JsonObject args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return tool switch
            {
                "find_user_id_by_email" => FindUserByEmail(Req(args, "email")),
                "find_user_id_by_name_zip" => FindUserByNameZip(Req(args, "first_name"), Req(args, "last_name"), Req(args, "zip")),
                "get_user_details" => User(Req(args, "user_id")) is { } u ? PythonJson.Dumps(u) : "Error: user not found",
                "get_order_details" => Order(Req(args, "order_id")) is { } o ? PythonJson.Dumps(o) : "Error: order not found",
                "get_product_details" => data.Products[Req(args, "product_id")] is JsonObject p ? PythonJson.Dumps(p) : "Error: product not found",
                "list_all_product_types" => ListProductTypes(),
                "think" => "",
                "transfer_to_human_agents" => "Transfer successful",
                "cancel_pending_order" => CancelPendingOrder(Req(args, "order_id"), Req(args, "reason")),
                "modify_pending_order_address" => ModifyPendingOrderAddress(Req(args, "order_id"), AddressFrom(args)),
                "modify_user_address" => ModifyUserAddress(Req(args, "user_id"), AddressFrom(args)),
                "modify_pending_order_payment" => ModifyPendingOrderPayment(Req(args, "order_id"), Req(args, "payment_method_id")),
                "modify_pending_order_items" => ModifyPendingOrderItems(Req(args, "order_id"), List(args, "item_ids"), List(args, "new_item_ids"), Req(args, "payment_method_id")),
                "return_delivered_order_items" => ReturnDeliveredOrderItems(Req(args, "order_id"), List(args, "item_ids"), Req(args, "payment_method_id")),
                "exchange_delivered_order_items" => ExchangeDeliveredOrderItems(Req(args, "order_id"), List(args, "item_ids"), List(args, "new_item_ids"), Req(args, "payment_method_id")),
                _ => $"Error: unknown tool {tool}",
            };
        }
        catch (MissingArgumentException e)
        {
            return $"Error: missing argument {e.Message}";
        }
    }

    private string FindUserByEmail(string email)
    {
        foreach (var (id, user) in data.Users)
        {
            if (Str((JsonObject)user!, "email") == email)
            {
                return id;
            }
        }
        return "Error: user not found";
    }

    private string FindUserByNameZip(string first, string last, string zip)
    {
        foreach (var (id, node) in data.Users)
        {
            var user = (JsonObject)node!;
            if (user["name"]?["first_name"]?.GetValue<string>() == first && user["name"]?["last_name"]?.GetValue<string>() == last
                && user["address"]?["zip"]?.GetValue<string>() == zip)
            {
                return id;
            }
        }
        return "Error: user not found";
    }

    private string ListProductTypes()
    {
        var types = new JsonObject();
        foreach (var (name, id) in data.Products.Select(p => (p.Value!["name"]!.GetValue<string>(), p.Key)).OrderBy(p => p.Item1, StringComparer.Ordinal))
        {
            types[name] = id;
        }
        return PythonJson.Dumps(types);
    }

    private string CancelPendingOrder(string orderId, string reason)
    {
        if (Order(orderId) is not { } current)
        {
            return "Error: order not found";
        }
        if (Str(current, "status") != "pending")
        {
            return "Error: non-pending order cannot be cancelled";
        }
        if (reason is not ("no longer needed" or "ordered by mistake"))
        {
            return "Error: invalid reason";
        }
        // Copied for writing only once every check has passed: a refused call leaves no trace.
        var order = OrderForWrite(orderId)!;
        var history = (JsonArray)order["payment_history"]!;
        var refunds = new List<JsonObject>();
        foreach (var payment in history.Cast<JsonObject>())
        {
            var methodId = Str(payment, "payment_method_id")!;
            refunds.Add(new JsonObject
            {
                ["transaction_type"] = "refund",
                ["amount"] = payment["amount"]!.DeepClone(),
                ["payment_method_id"] = methodId,
            });
            if (methodId.Contains("gift_card", StringComparison.Ordinal))
            {
                var method = PaymentMethodForWrite(Str(order, "user_id")!, methodId)!;
                method["balance"] = PythonJson.Float(PythonJson.Round2(PythonJson.Number(method["balance"]) + PythonJson.Number(payment["amount"])));
            }
        }
        order["status"] = "cancelled";
        order["cancel_reason"] = reason;
        foreach (var refund in refunds)
        {
            history.Add(refund);
        }
        return PythonJson.Dumps(order);
    }

    private string ModifyPendingOrderAddress(string orderId, JsonObject address)
    {
        if (Order(orderId) is null)
        {
            return "Error: order not found";
        }
        if (Str(Order(orderId)!, "status") != "pending")
        {
            return "Error: non-pending order cannot be modified";
        }
        var order = OrderForWrite(orderId)!;
        order["address"] = address;
        return PythonJson.Dumps(order);
    }

    private string ModifyUserAddress(string userId, JsonObject address)
    {
        if (User(userId) is null)
        {
            return "Error: user not found";
        }
        var user = UserForWrite(userId)!;
        user["address"] = address;
        return PythonJson.Dumps(user);
    }

    private string ModifyPendingOrderPayment(string orderId, string paymentMethodId)
    {
        if (Order(orderId) is not { } current)
        {
            return "Error: order not found";
        }
        if (Str(current, "status") != "pending")
        {
            return "Error: non-pending order cannot be modified";
        }
        var userId = Str(current, "user_id")!;
        if (PaymentMethod(userId, paymentMethodId) is not { } method)
        {
            return "Error: payment method not found";
        }
        var history = (JsonArray)current["payment_history"]!;
        if (history.Count > 1 || Str((JsonObject)history[0]!, "transaction_type") != "payment")
        {
            return "Error: there should be exactly one payment for a pending order";
        }
        var originalId = Str((JsonObject)history[0]!, "payment_method_id")!;
        if (originalId == paymentMethodId)
        {
            return "Error: the new payment method should be different from the current one";
        }
        var amount = history[0]!["amount"]!;
        if (Str(method, "source") == "gift_card" && PythonJson.Number(method["balance"]) < PythonJson.Number(amount))
        {
            return "Error: insufficient gift card balance to pay for the order";
        }
        var order = OrderForWrite(orderId)!;
        var writable = (JsonArray)order["payment_history"]!;
        writable.Add(new JsonObject { ["transaction_type"] = "payment", ["amount"] = amount.DeepClone(), ["payment_method_id"] = paymentMethodId });
        writable.Add(new JsonObject { ["transaction_type"] = "refund", ["amount"] = amount.DeepClone(), ["payment_method_id"] = originalId });
        if (Str(method, "source") == "gift_card")
        {
            var newMethod = PaymentMethodForWrite(userId, paymentMethodId)!;
            newMethod["balance"] = PythonJson.Float(PythonJson.Round2(PythonJson.Number(newMethod["balance"]) - PythonJson.Number(amount)));
        }
        if (originalId.Contains("gift_card", StringComparison.Ordinal))
        {
            var oldMethod = PaymentMethodForWrite(userId, originalId)!;
            oldMethod["balance"] = PythonJson.Float(PythonJson.Round2(PythonJson.Number(oldMethod["balance"]) + PythonJson.Number(amount)));
        }
        return PythonJson.Dumps(order);
    }

    private string ModifyPendingOrderItems(string orderId, List<string> itemIds, List<string> newItemIds, string paymentMethodId)
    {
        if (Order(orderId) is not { } current)
        {
            return "Error: order not found";
        }
        if (Str(current, "status") != "pending")
        {
            return "Error: non-pending order cannot be modified";
        }
        var check = PriceDifference(current, itemIds, newItemIds);
        if (check.Error is not null)
        {
            return check.Error;
        }
        var userId = Str(current, "user_id")!;
        if (PaymentMethod(userId, paymentMethodId) is not { } method)
        {
            return "Error: payment method not found";
        }
        var diff = check.Difference;
        if (Str(method, "source") == "gift_card" && PythonJson.Number(method["balance"]) < diff)
        {
            return "Error: insufficient gift card balance to pay for the new item";
        }
        var order = OrderForWrite(orderId)!;
        // The reference records the unrounded float difference as the amount.
        ((JsonArray)order["payment_history"]!).Add(new JsonObject
        {
            ["transaction_type"] = diff > 0 ? "payment" : "refund",
            ["amount"] = PythonJson.Float(Math.Abs(diff)),
            ["payment_method_id"] = paymentMethodId,
        });
        if (Str(method, "source") == "gift_card")
        {
            var writable = PaymentMethodForWrite(userId, paymentMethodId)!;
            writable["balance"] = PythonJson.Float(PythonJson.Round2(PythonJson.Number(writable["balance"]) - diff));
        }
        var items = (JsonArray)order["items"]!;
        for (var i = 0; i < itemIds.Count; i++)
        {
            var item = items.Cast<JsonObject>().First(it => Str(it, "item_id") == itemIds[i]);
            var variant = (JsonObject)data.Products[Str(item, "product_id")!]!["variants"]![newItemIds[i]]!;
            item["item_id"] = newItemIds[i];
            item["price"] = variant["price"]!.DeepClone();
            item["options"] = variant["options"]!.DeepClone();
        }
        order["status"] = "pending (item modified)";
        return PythonJson.Dumps(order);
    }

    private string ReturnDeliveredOrderItems(string orderId, List<string> itemIds, string paymentMethodId)
    {
        if (Order(orderId) is not { } current)
        {
            return "Error: order not found";
        }
        if (Str(current, "status") != "delivered")
        {
            return "Error: non-delivered order cannot be returned";
        }
        if (PaymentMethod(Str(current, "user_id")!, paymentMethodId) is null)
        {
            return "Error: payment method not found";
        }
        var originalId = Str((JsonObject)current["payment_history"]![0]!, "payment_method_id");
        if (!paymentMethodId.Contains("gift_card", StringComparison.Ordinal) && paymentMethodId != originalId)
        {
            return "Error: payment method should be either the original payment method or a gift card";
        }
        var all = ItemIds(current);
        if (itemIds.Any(id => itemIds.Count(x => x == id) > all.Count(x => x == id)))
        {
            return "Error: some item not found";
        }
        var order = OrderForWrite(orderId)!;
        order["status"] = "return requested";
        order["return_items"] = Strings(itemIds.Order(StringComparer.Ordinal));
        order["return_payment_method_id"] = paymentMethodId;
        return PythonJson.Dumps(order);
    }

    private string ExchangeDeliveredOrderItems(string orderId, List<string> itemIds, List<string> newItemIds, string paymentMethodId)
    {
        if (Order(orderId) is not { } current)
        {
            return "Error: order not found";
        }
        if (Str(current, "status") != "delivered")
        {
            return "Error: non-delivered order cannot be exchanged";
        }
        var check = PriceDifference(current, itemIds, newItemIds);
        if (check.Error is not null)
        {
            return check.Error;
        }
        var diff = PythonJson.Round2(check.Difference);
        var userId = Str(current, "user_id")!;
        if (PaymentMethod(userId, paymentMethodId) is not { } method)
        {
            return "Error: payment method not found";
        }
        if (Str(method, "source") == "gift_card" && PythonJson.Number(method["balance"]) < diff)
        {
            return "Error: insufficient gift card balance to pay for the price difference";
        }
        var order = OrderForWrite(orderId)!;
        order["status"] = "exchange requested";
        order["exchange_items"] = Strings(itemIds.Order(StringComparer.Ordinal));
        order["exchange_new_items"] = Strings(newItemIds.Order(StringComparer.Ordinal));
        order["exchange_payment_method_id"] = paymentMethodId;
        order["exchange_price_difference"] = PythonJson.Float(diff);
        return PythonJson.Dumps(order);
    }

    /// <summary>The checks modify-items and exchange share, and the sum of new minus old prices, accumulated in item order as the reference does.</summary>
    private (string? Error, double Difference) PriceDifference(JsonObject order, List<string> itemIds, List<string> newItemIds)
    {
        var all = ItemIds(order);
        foreach (var id in itemIds)
        {
            if (itemIds.Count(x => x == id) > all.Count(x => x == id))
            {
                return ($"Error: {id} not found", 0);
            }
        }
        if (itemIds.Count != newItemIds.Count)
        {
            return ("Error: the number of items to be exchanged should match", 0);
        }
        var diff = 0.0;
        for (var i = 0; i < itemIds.Count; i++)
        {
            var item = ((JsonArray)order["items"]!).Cast<JsonObject>().First(it => Str(it, "item_id") == itemIds[i]);
            var variants = data.Products[Str(item, "product_id")!]?["variants"] as JsonObject;
            if (variants?[newItemIds[i]] is not JsonObject variant || variant["available"]?.GetValue<bool>() != true)
            {
                return ($"Error: new item {newItemIds[i]} not found or available", 0);
            }
            diff += PythonJson.Number(variant["price"]) - PythonJson.Number(item["price"]);
        }
        return (null, diff);
    }

    private JsonObject? Order(string id) => _orders.TryGetValue(id, out var o) ? o : data.Orders[id] as JsonObject;

    private JsonObject? User(string id) => _users.TryGetValue(id, out var u) ? u : data.Users[id] as JsonObject;

    private JsonObject? OrderForWrite(string id)
    {
        if (_orders.TryGetValue(id, out var o))
        {
            return o;
        }
        if (data.Orders[id] is not JsonObject original)
        {
            return null;
        }
        var copy = (JsonObject)original.DeepClone();
        _orders[id] = copy;
        return copy;
    }

    private JsonObject? UserForWrite(string id)
    {
        if (_users.TryGetValue(id, out var u))
        {
            return u;
        }
        if (data.Users[id] is not JsonObject original)
        {
            return null;
        }
        var copy = (JsonObject)original.DeepClone();
        _users[id] = copy;
        return copy;
    }

    private JsonObject? PaymentMethod(string userId, string methodId) => User(userId)?["payment_methods"]?[methodId] as JsonObject;

    private JsonObject? PaymentMethodForWrite(string userId, string methodId) => UserForWrite(userId)?["payment_methods"]?[methodId] as JsonObject;

    private static List<string> ItemIds(JsonObject order) =>
        [.. ((JsonArray)order["items"]!).Select(i => Str((JsonObject)i!, "item_id")!)];

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    /// <summary>The reference builds the new address in this key order (state before country), whatever order the call used.</summary>
    private static JsonObject AddressFrom(JsonObject args) => new()
    {
        ["address1"] = Req(args, "address1"),
        ["address2"] = Req(args, "address2"),
        ["city"] = Req(args, "city"),
        ["state"] = Req(args, "state"),
        ["country"] = Req(args, "country"),
        ["zip"] = Req(args, "zip"),
    };

    private static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string Req(JsonObject o, string key) => Str(o, key) ?? throw new MissingArgumentException(key);

    private static List<string> List(JsonObject o, string key) =>
        o[key] is JsonArray a ? [.. a.Select(x => x?.GetValue<string>() ?? throw new MissingArgumentException(key))] : throw new MissingArgumentException(key);

    private sealed class MissingArgumentException(string name) : Exception(name);
}
