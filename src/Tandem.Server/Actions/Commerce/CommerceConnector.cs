using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Actions;
using Tandem.Rules.Actions;
using Tandem.Server.Firms;

namespace Tandem.Server.Actions.Commerce;

/// <summary>
/// The built-in commerce connector: orders, returns and refunds over the firm pack's data/*.json,
/// seeded into Tandem's database (<see cref="CommerceOrder"/>) so that changes persist and commit in
/// the gateway's transaction, with the idempotency row and the audit event. Eligibility follows the
/// firm's published rules (<see cref="OrderRules"/>).
/// </summary>
internal sealed class CommerceConnector(FirmRegistry firms) : IConnector
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, Product>> _products = new(StringComparer.Ordinal);

    public string Name => "commerce";

    public IReadOnlyList<ToolDefinition> ToolsFor(string firmId) =>
        firms.Find(firmId)?.Pack.Seed.OrdersPath is null ? [] : CommerceTools.All;

    public async Task<RecordOwner?> FindOwnerAsync(string firmId, string recordId, TandemDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var number = Normalise(recordId);
        return await db.CommerceOrders.AsNoTracking()
            .Where(o => o.FirmId == firmId && o.OrderNumber == number)
            .Select(o => new RecordOwner(o.CustomerId, o.Email))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<ActionAssessment> AssessAsync(ConnectorCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var order = await FindAsync(call, tracked: false, ct);
        if (order is null)
        {
            return ActionAssessment.NotEligible("record_not_found", NotFoundMessage);
        }
        var doc = Parse(order);
        return call.Tool.Name switch
        {
            CommerceTools.CancelOrder or CommerceTools.ChangeDeliveryAddress => AssessChange(call.Tool.Name, doc),
            CommerceTools.StartReturn => AssessReturn(call, doc).Assessment,
            CommerceTools.IssueRefund => AssessRefund(call, doc),
            _ => ActionAssessment.Allowed,
        };
    }

    public async Task<ConnectorResult> ExecuteAsync(ConnectorCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Tool.Name == CommerceTools.ListMyOrders)
        {
            return await ListAsync(call, ct);
        }
        var order = await FindAsync(call, tracked: call.Tool.ChangesState, ct);
        if (order is null)
        {
            return ConnectorResult.Refused("record_not_found", NotFoundMessage);
        }
        var doc = Parse(order);
        switch (call.Tool.Name)
        {
            case CommerceTools.GetOrder:
                return ConnectorResult.Success(Summary(doc));
            case CommerceTools.GetRefundStatus:
                return ConnectorResult.Success(RefundStatus(doc));
        }

        // State changes: check again against the row we are about to change, because an agent may
        // approve a proposal long after it was assessed (the order may have been dispatched since).
        var assessment = call.Tool.Name switch
        {
            CommerceTools.CancelOrder or CommerceTools.ChangeDeliveryAddress => AssessChange(call.Tool.Name, doc),
            CommerceTools.StartReturn => AssessReturn(call, doc).Assessment,
            CommerceTools.IssueRefund => AssessRefund(call, doc),
            _ => ActionAssessment.Allowed,
        };
        if (!assessment.Eligible)
        {
            return ConnectorResult.Refused(assessment.Reason!, assessment.CustomerMessage!);
        }
        var now = call.Now.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
        object result;
        switch (call.Tool.Name)
        {
            case CommerceTools.CancelOrder:
                var fee = CancellationFee(call.Request.FirmId, doc);
                var total = doc["total_gbp"]!.GetValue<decimal>();
                doc["status"] = "cancelled";
                doc["cancellation"] = new JsonObject
                {
                    ["cancelled_at"] = now,
                    ["reason"] = Text(call.Request.Arguments, "reason") ?? "customer_request",
                    ["fee_gbp"] = fee,
                    ["refund_amount_gbp"] = total - fee,
                    ["refunded_at"] = null,
                };
                result = new { orderNumber = order.OrderNumber, status = "cancelled", feeGbp = fee, refundGbp = total - fee, refundTo = doc["payment_method"]!.GetValue<string>() };
                break;
            case CommerceTools.ChangeDeliveryAddress:
                var address = JsonNode.Parse(call.Request.Arguments.GetProperty("address").GetRawText())!;
                doc["delivery_address"] = address;
                result = new { orderNumber = order.OrderNumber, deliveryAddress = address, confirmationSentTo = order.Email };
                break;
            case CommerceTools.StartReturn:
                var (_, quote, lines) = AssessReturn(call, doc);
                var returnId = "R-" + call.Now.Year.ToString(CultureInfo.InvariantCulture) + "-" + Suffix(call.Request.IdempotencyKey);
                var items = new JsonArray();
                foreach (var line in lines)
                {
                    items.Add(new JsonObject { ["product_id"] = line.ProductId, ["quantity"] = line.Quantity, ["unit_price_gbp"] = line.UnitPrice });
                }
                ((JsonArray)doc["returns"]!).Add(new JsonObject
                {
                    ["return_id"] = returnId,
                    ["reason"] = Text(call.Request.Arguments, "reason"),
                    ["requested_at"] = now,
                    ["items"] = items,
                    ["outcome"] = "refund",
                    ["received_at"] = null,
                    ["return_charge_gbp"] = quote!.Charge,
                    ["delivery_refund_gbp"] = quote.DeliveryRefund,
                    ["refund_amount_gbp"] = quote.Refund,
                    ["refund_status"] = "awaiting_return",
                    ["refunded_at"] = null,
                    ["replacement_dispatched_at"] = null,
                });
                result = new { orderNumber = order.OrderNumber, returnId, chargeGbp = quote.Charge, refundGbp = quote.Refund, labelSentTo = order.Email };
                break;
            case CommerceTools.IssueRefund:
                var ret = FindReturn(doc, Text(call.Request.Arguments, "return_id"))!;
                var amount = call.Request.Arguments.GetProperty("amount_gbp").GetDecimal();
                ret["refund_status"] = "refunded";
                ret["refunded_at"] = now;
                var refunds = doc["refunds"] as JsonArray ?? [];
                doc["refunds"] = refunds;
                var refundId = "RF-" + Suffix(call.Request.IdempotencyKey);
                refunds.Add(new JsonObject
                {
                    ["refund_id"] = refundId,
                    ["return_id"] = ret["return_id"]!.GetValue<string>(),
                    ["amount_gbp"] = amount,
                    ["method"] = doc["payment_method"]!.GetValue<string>(),
                    ["refunded_at"] = now,
                });
                doc["payment_status"] = RefundedSoFar(doc) >= doc["total_gbp"]!.GetValue<decimal>() ? "refunded" : "partially_refunded";
                result = new { orderNumber = order.OrderNumber, refundId, amountGbp = amount, to = doc["payment_method"]!.GetValue<string>() };
                break;
            case CommerceTools.ResendInvoice:
                var sent = doc["invoices_sent"] as JsonArray ?? [];
                doc["invoices_sent"] = sent;
                sent.Add(now);
                result = new { orderNumber = order.OrderNumber, sentTo = order.Email };
                break;
            default:
                throw new InvalidOperationException($"The commerce connector has no tool '{call.Tool.Name}'.");
        }
        order.Status = doc["status"]!.GetValue<string>();
        order.DocumentJson = doc.ToJsonString();
        order.UpdatedAt = call.Now;
        order.Version++;
        return ConnectorResult.Success(result);
    }

    /// <summary>Adds the pack's orders that are not in the database yet; orders already there keep their state.</summary>
    public static async Task SeedAsync(TandemDbContext db, FirmPack pack, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pack);
        if (pack.Seed.OrdersPath is null)
        {
            return;
        }
        var known = (await db.CommerceOrders.Where(o => o.FirmId == pack.Id).Select(o => o.OrderNumber).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var orders = JsonNode.Parse(await File.ReadAllBytesAsync(pack.Seed.OrdersPath, ct)) as JsonArray ?? [];
        foreach (var node in orders.OfType<JsonObject>())
        {
            var number = node["order_number"]?.GetValue<string>();
            if (number is null || !known.Add(Normalise(number)))
            {
                continue;
            }
            db.CommerceOrders.Add(new CommerceOrder
            {
                FirmId = pack.Id,
                OrderNumber = Normalise(number),
                CustomerId = node["customer_id"]?.GetValue<string>(),
                Email = (node["customer_email"]?.GetValue<string>() ?? "").Trim().ToLowerInvariant(),
                Status = node["status"]?.GetValue<string>() ?? "unknown",
                DocumentJson = node.ToJsonString(),
                UpdatedAt = now,
            });
        }
    }

    public const string NotFoundMessage = "I can't find an order with those details. Please check the order number, or sign in to see your orders.";

    public static string Normalise(string orderNumber) => orderNumber.Trim().ToUpperInvariant();

    private static ActionAssessment AssessChange(string tool, JsonObject doc)
    {
        var status = doc["status"]!.GetValue<string>();
        if (OrderRules.CanChangeBeforeDispatch(status))
        {
            return ActionAssessment.Allowed;
        }
        var what = tool == CommerceTools.CancelOrder ? "cancelled" : "changed";
        return status == "cancelled"
            ? ActionAssessment.NotEligible("already_cancelled", "This order has already been cancelled.")
            : ActionAssessment.NotEligible("already_dispatched",
                $"This order has already left our warehouse, so it can't be {what} now. When it arrives you can return it under our 30-day returns policy.");
    }

    private (ActionAssessment Assessment, ReturnQuote? Quote, List<ReturnLine> Lines) AssessReturn(ConnectorCall call, JsonObject doc)
    {
        var lines = new List<ReturnLine>();
        if (doc["delivered_at"]?.GetValue<string>() is not { } deliveredText || doc["status"]!.GetValue<string>() is "cancelled" or "processing" or "dispatched")
        {
            return (ActionAssessment.NotEligible("not_delivered", "You can start a return once the order has been delivered."), null, lines);
        }
        var products = Products(call.Request.FirmId);
        var orderItems = doc["items"]!.AsArray().OfType<JsonObject>().ToList();
        var returned = doc["returns"]!.AsArray().OfType<JsonObject>().SelectMany(r => r["items"]!.AsArray().OfType<JsonObject>())
            .GroupBy(i => i["product_id"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Sum(i => i["quantity"]!.GetValue<int>()));
        foreach (var wanted in call.Request.Arguments.GetProperty("items").EnumerateArray())
        {
            var productId = wanted.GetProperty("product_id").GetString()!;
            var quantity = wanted.GetProperty("quantity").GetInt32();
            var item = orderItems.FirstOrDefault(i => i["product_id"]!.GetValue<string>() == productId);
            var left = item is null ? 0 : item["quantity"]!.GetValue<int>() - returned.GetValueOrDefault(productId);
            if (item is null || quantity > left)
            {
                return (ActionAssessment.NotEligible("item_not_on_order", $"I can't find {quantity} × {productId} left to return on this order. Please check the items."), null, lines);
            }
            products.TryGetValue(productId, out var product);
            lines.Add(new ReturnLine(productId, quantity, item["unit_price_gbp"]!.GetValue<decimal>(),
                Personalised: item["personalisation"] is not null, MadeToOrder: product?.MadeToOrder ?? false, LargeItem: product?.LargeItem ?? false));
        }
        var reason = Text(call.Request.Arguments, "reason") switch
        {
            "faulty" => ReturnReason.Faulty,
            "damaged_in_delivery" => ReturnReason.DamagedInDelivery,
            "wrong_item" => ReturnReason.WrongItem,
            _ => ReturnReason.ChangeOfMind,
        };
        var wholeOrder = returned.Count == 0 && orderItems.All(i => lines.Any(l => l.ProductId == i["product_id"]!.GetValue<string>() && l.Quantity == i["quantity"]!.GetValue<int>()));
        var deliveryPaid = doc["delivery_charge_gbp"]?.GetValue<decimal>() ?? 0;
        var standard = doc["delivery_method"]?.GetValue<string>() == "two_person" ? OrderRules.CollectionCharge : 4.95m;
        var quote = OrderRules.QuoteReturn(lines, reason, DateTimeOffset.Parse(deliveredText, CultureInfo.InvariantCulture), call.Now, wholeOrder, deliveryPaid, standard);
        var assessment = quote.Refusal switch
        {
            null => new ActionAssessment(true) { AmountDue = quote.Refund },
            "return_window_passed" => ActionAssessment.NotEligible("return_window_passed",
                "This order was delivered more than 30 days ago, so it's outside our 30-day returns window. If an item is faulty, a member of our team can help."),
            "personalised_item" => ActionAssessment.NotEligible("personalised_item",
                "Personalised items can't be returned for a change of mind, only if they're faulty, damaged or wrong."),
            "made_to_order_item" => ActionAssessment.NotEligible("made_to_order_item",
                "Made-to-order items can't be returned for a change of mind, only if they're faulty, damaged or wrong."),
            _ => ActionAssessment.NotEligible(quote.Refusal, "Please tell me which items you'd like to return."),
        };
        return (assessment, quote, lines);
    }

    private static ActionAssessment AssessRefund(ConnectorCall call, JsonObject doc)
    {
        var ret = FindReturn(doc, Text(call.Request.Arguments, "return_id"));
        if (ret is null || ret["outcome"]?.GetValue<string>() != "refund")
        {
            return ActionAssessment.NotEligible("return_not_found", "I can't find a return for a refund with that reference on this order.");
        }
        if (ret["refund_status"]?.GetValue<string>() == "refunded")
        {
            return ActionAssessment.NotEligible("already_refunded", "This return has already been refunded.");
        }
        if (ret["received_at"]?.GetValue<string>() is null)
        {
            return ActionAssessment.NotEligible("return_not_received",
                "We can refund you once your return reaches our warehouse. Please use the tracking on your proof of postage to check it's on its way.");
        }
        return new ActionAssessment(true)
        {
            AmountDue = ret["refund_amount_gbp"]?.GetValue<decimal>(),
            EarlierRefunds = RefundedSoFar(doc),
            Conditions = new Dictionary<string, bool>
            {
                ["return_received"] = true,
                // The tool can refund only to the original payment method (its schema allows nothing else).
                ["original_payment_method"] = true,
                ["not_pay_in_3"] = doc["payment_method"]?.GetValue<string>() != "pay_in_3",
            },
        };
    }

    private static async Task<ConnectorResult> ListAsync(ConnectorCall call, CancellationToken ct)
    {
        var identity = call.Request.Customer;
        if (identity is null)
        {
            return ConnectorResult.Success(new { orders = Array.Empty<object>() });
        }
        var query = call.Db.CommerceOrders.AsNoTracking().Where(o => o.FirmId == call.Request.FirmId);
        // In-chat verification covers only the orders that matched; a token covers the customer's own.
        query = identity.CoversAllRecords
            ? query.Where(o => o.CustomerId == identity.CustomerId)
            : query.Where(o => identity.Records.Contains(o.OrderNumber));
        var orders = await query.ToListAsync(ct);
        return ConnectorResult.Success(new
        {
            orders = orders.Select(o => Parse(o))
                .OrderByDescending(d => d["placed_at"]!.GetValue<string>(), StringComparer.Ordinal)
                .Select(d => new
                {
                    orderNumber = d["order_number"]!.GetValue<string>(),
                    placedAt = d["placed_at"]!.GetValue<string>(),
                    status = d["status"]!.GetValue<string>(),
                    totalGbp = d["total_gbp"]!.GetValue<decimal>(),
                }),
        });
    }

    private static object Summary(JsonObject doc) => new
    {
        orderNumber = doc["order_number"]!.GetValue<string>(),
        status = doc["status"]!.GetValue<string>(),
        placedAt = doc["placed_at"]?.GetValue<string>(),
        items = doc["items"]!.AsArray().OfType<JsonObject>().Select(i => new
        {
            productId = i["product_id"]!.GetValue<string>(),
            name = i["product_name"]?.GetValue<string>(),
            quantity = i["quantity"]!.GetValue<int>(),
            unitPriceGbp = i["unit_price_gbp"]!.GetValue<decimal>(),
            personalised = i["personalisation"] is not null,
        }),
        totalGbp = doc["total_gbp"]!.GetValue<decimal>(),
        deliveryMethod = doc["delivery_method"]?.GetValue<string>(),
        deliveryAddress = doc["delivery_address"],
        dispatchedAt = doc["dispatched_at"]?.GetValue<string>(),
        deliveredAt = doc["delivered_at"]?.GetValue<string>(),
        trackingNumber = doc["tracking_number"]?.GetValue<string>(),
        returns = doc["returns"]!.AsArray().OfType<JsonObject>().Select(r => new { returnId = r["return_id"]!.GetValue<string>(), refundStatus = r["refund_status"]?.GetValue<string>() }),
    };

    private static object RefundStatus(JsonObject doc) => new
    {
        orderNumber = doc["order_number"]!.GetValue<string>(),
        paymentMethod = doc["payment_method"]?.GetValue<string>(),
        returns = doc["returns"]!.AsArray().OfType<JsonObject>().Select(r => new
        {
            returnId = r["return_id"]!.GetValue<string>(),
            receivedAt = r["received_at"]?.GetValue<string>(),
            refundGbp = r["refund_amount_gbp"]?.GetValue<decimal?>(),
            refundStatus = r["refund_status"]?.GetValue<string>(),
            refundedAt = r["refunded_at"]?.GetValue<string>(),
        }),
        cancellation = doc["cancellation"] is JsonObject c
            ? new { refundGbp = c["refund_amount_gbp"]?.GetValue<decimal?>(), refundedAt = c["refunded_at"]?.GetValue<string>() }
            : null,
    };

    private decimal CancellationFee(string firmId, JsonObject doc)
    {
        var products = Products(firmId);
        var started = doc["production_started_at"]?.GetValue<string>() is not null;
        return doc["items"]!.AsArray().OfType<JsonObject>()
            .Where(i => products.TryGetValue(i["product_id"]!.GetValue<string>(), out var p) && p.MadeToOrder)
            .Sum(i => OrderRules.CancellationFee(i["unit_price_gbp"]!.GetValue<decimal>() * i["quantity"]!.GetValue<int>(), started));
    }

    /// <summary>Money refunded on the order so far: refunded returns and a refunded cancellation.</summary>
    private static decimal RefundedSoFar(JsonObject doc)
    {
        var returns = doc["returns"]!.AsArray().OfType<JsonObject>()
            .Where(r => r["refund_status"]?.GetValue<string>() == "refunded")
            .Sum(r => r["refund_amount_gbp"]?.GetValue<decimal?>() ?? 0);
        var cancellation = doc["cancellation"] is JsonObject c && c["refunded_at"] is not null ? c["refund_amount_gbp"]?.GetValue<decimal?>() ?? 0 : 0;
        return returns + cancellation;
    }

    private static JsonObject? FindReturn(JsonObject doc, string? returnId) =>
        returnId is null ? null : doc["returns"]!.AsArray().OfType<JsonObject>().FirstOrDefault(r => string.Equals(r["return_id"]?.GetValue<string>(), returnId.Trim(), StringComparison.OrdinalIgnoreCase));

    private static async Task<CommerceOrder?> FindAsync(ConnectorCall call, bool tracked, CancellationToken ct)
    {
        var number = Text(call.Request.Arguments, call.Tool.OwnedRecordArgument ?? "order_number");
        if (number is null)
        {
            return null;
        }
        number = Normalise(number);
        var orders = tracked ? call.Db.CommerceOrders : call.Db.CommerceOrders.AsNoTracking();
        var order = await orders.FirstOrDefaultAsync(o => o.FirmId == call.Request.FirmId && o.OrderNumber == number, ct);
        return order;
    }

    private static JsonObject Parse(CommerceOrder order)
    {
        var doc = (JsonObject)JsonNode.Parse(order.DocumentJson)!;
        doc["returns"] ??= new JsonArray();
        return doc;
    }

    private IReadOnlyDictionary<string, Product> Products(string firmId) => _products.GetOrAdd(firmId, id =>
    {
        var path = firms.Find(id)?.Pack.Seed.ProductsPath;
        if (path is null)
        {
            return new Dictionary<string, Product>();
        }
        var list = JsonNode.Parse(File.ReadAllBytes(path)) as JsonArray ?? [];
        return list.OfType<JsonObject>().Where(p => p["id"] is not null).ToDictionary(
            p => p["id"]!.GetValue<string>(),
            p => new Product(p["made_to_order"]?.GetValue<bool>() ?? false, p["is_large_item"]?.GetValue<bool>() ?? false),
            StringComparer.Ordinal);
    });

    private static string? Text(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Suffix(string? key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key ?? Guid.NewGuid().ToString())))[..8];

    private sealed record Product(bool MadeToOrder, bool LargeItem);
}
