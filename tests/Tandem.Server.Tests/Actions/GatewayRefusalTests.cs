using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Actions;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;

namespace Tandem.Server.Tests.Actions;

/// <summary>Every way the gateway says no: a clear message for the customer, and nothing changed.</summary>
public abstract class GatewayRefusalTests
{
    protected abstract Store Store { get; }

    private const string Received = "HH-2026-003071";    // a received return, refund due, card
    private const string Large = "HH-2026-003053";       // a received return with a refund above £50
    private const string NotReceived = "HH-2026-003078"; // a return still on its way
    private const string Dispatched = "HH-2026-003186";
    private const string LongAgo = "HH-2025-001663";
    private const string Personalised = "HH-2026-003236";

    private static async Task<(string ReturnId, decimal Amount)> DueRefundAsync(TandemHost host, string order)
    {
        var doc = await OrderAsync(host, order);
        var ret = doc["returns"]!.AsArray().OfType<JsonObject>().First(r => r["refund_status"]!.GetValue<string>() != "refunded");
        return (ret["return_id"]!.GetValue<string>(), ret["refund_amount_gbp"]!.GetValue<decimal>());
    }

    private static object Refund(string order, string returnId, decimal amount) => new { order_number = order, return_id = returnId, amount_gbp = amount };

    [Fact]
    public async Task AnUnverifiedCustomerIsAskedToVerifyAndGetsNoData()
    {
        await using var host = await StartAsync(Store);
        var conversation = await host.StartConversationAsync();

        var outcome = await AssistantCallsAsync(host, conversation.Id, "order_status", "get_order", new { order_number = Received });

        Assert.Equal("refused", outcome.Status);
        Assert.Equal("verification_required", outcome.Reason);
        Assert.Contains("email address", outcome.CustomerMessage, StringComparison.Ordinal);
        Assert.Null(outcome.Result);
    }

    [Fact]
    public async Task SomeoneElsesOrderIsRefusedExactlyAsAnOrderThatDoesNotExist()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var (_, amount) = await DueRefundAsync(host, Large);
        var (largeReturn, _) = await DueRefundAsync(host, Large);
        var before = (await OrderAsync(host, Large)).ToJsonString();

        var someoneElses = await CallAsync(host, conversation.Id, "issue_refund", Refund(Large, largeReturn, amount), key: "k1");
        var missing = await CallAsync(host, conversation.Id, "get_order", new { order_number = "HH-2026-999999" });

        Assert.Equal("refused", someoneElses.Status);
        Assert.Equal("record_not_found", someoneElses.Reason);
        Assert.Equal(missing.Reason, someoneElses.Reason);
        Assert.Equal(missing.CustomerMessage, someoneElses.CustomerMessage);
        Assert.Equal(before, (await OrderAsync(host, Large)).ToJsonString());
    }

    [Fact]
    public async Task ARefundOverTheLimitIsProposedNotPaidEvenInAnAutonomousTopic()
    {
        await using var host = await StartAsync(Store);
        await SetModeAsync(host, "refunds", "autonomous");
        var (customer, _) = await OwnerOfAsync(host, Large);
        var conversation = await SignedInAsync(host, customer);
        var (returnId, amount) = await DueRefundAsync(host, Large);
        Assert.True(amount > 50, "the data's refund should be above the reference firm's £50 limit");

        var outcome = await AssistantCallsAsync(host, conversation.Id, "refunds", "issue_refund", Refund(Large, returnId, amount));

        Assert.Equal("proposed", outcome.Status);
        Assert.Equal(0, await RefundsOnAsync(host, Large));
        var listed = await ListAsync(host, conversation.Id);
        Assert.Contains("over_limit", listed.Single()["proposalReasons"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task ARefundWithinTheLimitRunsAloneOnlyWhenTheTopicIsAutonomous()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var (returnId, amount) = await DueRefundAsync(host, Received);
        Assert.True(amount <= 50);

        var inCopilot = await AssistantCallsAsync(host, conversation.Id, "refunds", "issue_refund", Refund(Received, returnId, amount), key: "copilot");
        Assert.Equal("proposed", inCopilot.Status);
        Assert.Equal(0, await RefundsOnAsync(host, Received));

        await SetModeAsync(host, "refunds", "autonomous");
        var autonomous = await AssistantCallsAsync(host, conversation.Id, "refunds", "issue_refund", Refund(Received, returnId, amount), key: "autonomous");
        Assert.Equal("executed", autonomous.Status);
        Assert.Equal(1, await RefundsOnAsync(host, Received));
    }

    [Fact]
    public async Task ARefundForAnotherAmountThanTheRulesGiveNeedsAnAgent()
    {
        await using var host = await StartAsync(Store);
        await SetModeAsync(host, "refunds", "autonomous");
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var (returnId, amount) = await DueRefundAsync(host, Received);

        var outcome = await AssistantCallsAsync(host, conversation.Id, "refunds", "issue_refund", Refund(Received, returnId, amount + 1));

        Assert.Equal("proposed", outcome.Status);
        Assert.Equal(0, await RefundsOnAsync(host, Received));
    }

    [Fact]
    public async Task AReturnNotYetReceivedIsNotRefunded()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, NotReceived);
        var conversation = await SignedInAsync(host, customer);
        var (returnId, amount) = await DueRefundAsync(host, NotReceived);

        var outcome = await CallAsync(host, conversation.Id, "issue_refund", Refund(NotReceived, returnId, amount), key: "k");

        Assert.Equal("refused", outcome.Status);
        Assert.Equal("return_not_received", outcome.Reason);
        Assert.Contains("reaches our warehouse", outcome.CustomerMessage, StringComparison.Ordinal);
        Assert.Equal(0, await ActionRowsAsync(host, conversation.Id));
    }

    [Fact]
    public async Task ADispatchedOrderCannotBeCancelled()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Dispatched);
        var conversation = await SignedInAsync(host, customer);

        var outcome = await CallAsync(host, conversation.Id, "cancel_order", new { order_number = Dispatched }, key: "k");

        Assert.Equal("refused", outcome.Status);
        Assert.Equal("already_dispatched", outcome.Reason);
        Assert.Contains("left our warehouse", outcome.CustomerMessage, StringComparison.Ordinal);
        Assert.Equal("dispatched", (await OrderAsync(host, Dispatched))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AReturnAfterThirtyDaysIsRefused()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, LongAgo);
        var conversation = await SignedInAsync(host, customer);
        var item = (await OrderAsync(host, LongAgo))["items"]!.AsArray()[0]!;

        var outcome = await CallAsync(host, conversation.Id, "start_return",
            new { order_number = LongAgo, reason = "change_of_mind", items = new[] { new { product_id = item["product_id"]!.GetValue<string>(), quantity = 1 } } }, key: "k");

        Assert.Equal("refused", outcome.Status);
        Assert.Equal("return_window_passed", outcome.Reason);
        Assert.Contains("30-day", outcome.CustomerMessage, StringComparison.Ordinal);
        Assert.Empty((await OrderAsync(host, LongAgo))["returns"]!.AsArray());
    }

    [Fact]
    public async Task APersonalisedItemIsNotReturnedForAChangeOfMindButIsWhenFaulty()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Personalised);
        var conversation = await SignedInAsync(host, customer);
        var item = (await OrderAsync(host, Personalised))["items"]!.AsArray().OfType<JsonObject>().First(i => i["personalisation"] is not null);
        object Return(string reason) => new { order_number = Personalised, reason, items = new[] { new { product_id = item["product_id"]!.GetValue<string>(), quantity = 1 } } };

        var changeOfMind = await CallAsync(host, conversation.Id, "start_return", Return("change_of_mind"), key: "mind");
        Assert.Equal("refused", changeOfMind.Status);
        Assert.Equal("personalised_item", changeOfMind.Reason);
        Assert.Empty((await OrderAsync(host, Personalised))["returns"]!.AsArray());

        var faulty = await CallAsync(host, conversation.Id, "start_return", Return("faulty"), key: "faulty");
        Assert.Equal("executed", faulty.Status);
        Assert.Single((await OrderAsync(host, Personalised))["returns"]!.AsArray());
    }

    [Fact]
    public async Task TheSameKeyTwiceReturnsTheFirstOutcomeAndPaysOnce()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var (returnId, amount) = await DueRefundAsync(host, Received);

        var first = await CallAsync(host, conversation.Id, "issue_refund", Refund(Received, returnId, amount), key: "refund-1");
        var again = await CallAsync(host, conversation.Id, "issue_refund", Refund(Received, returnId, amount), key: "refund-1");

        Assert.Equal("executed", first.Status);
        Assert.False(first.Replayed);
        Assert.Equal("executed", again.Status);
        Assert.True(again.Replayed);
        Assert.Equal(first.ActionId, again.ActionId);
        Assert.Equal(1, await RefundsOnAsync(host, Received));
    }

    [Fact]
    public async Task AKeyReusedForADifferentCallIsRefused()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);

        await CallAsync(host, conversation.Id, "resend_invoice", new { order_number = Received }, key: "same");
        var (returnId, amount) = await DueRefundAsync(host, Received);
        var reused = await CallAsync(host, conversation.Id, "issue_refund", Refund(Received, returnId, amount), key: "same");

        Assert.Equal("refused", reused.Status);
        Assert.Equal("idempotency_key_reused", reused.Reason);
        Assert.Equal(0, await RefundsOnAsync(host, Received));
    }

    [Fact]
    public async Task AToolTheTopicDoesNotListIsRefused()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var (returnId, amount) = await DueRefundAsync(host, Received);

        var outcome = await AssistantCallsAsync(host, conversation.Id, "order_status", "issue_refund", Refund(Received, returnId, amount));

        Assert.Equal("refused", outcome.Status);
        Assert.Equal("tool_not_allowed", outcome.Reason);
        Assert.Equal(0, await ActionRowsAsync(host, conversation.Id));
    }

    [Fact]
    public async Task ArgumentsThatDoNotMatchTheSchemaAreRefusedNamingTheProblem()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);

        var outcome = await CallAsync(host, conversation.Id, "issue_refund", new { order_number = Received, return_id = "R-1", amount_gbp = "lots" }, key: "k");

        Assert.Equal("refused", outcome.Status);
        Assert.Equal("invalid_arguments", outcome.Reason);
        Assert.Contains("amount_gbp", outcome.CustomerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectorThatFailsLeavesNothingChangedAndTheCustomerIsToldAPersonWillPickItUp()
    {
        await using var host = await StartAsync(Store, services => services.AddSingleton<IConnector, BrokenConnector>());
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var (returnId, amount) = await DueRefundAsync(host, Received);

        var outcome = await CallAsync(host, conversation.Id, "issue_refund", Refund(Received, returnId, amount), key: "k");

        Assert.Equal("failed", outcome.Status);
        Assert.Equal("connector_unavailable", outcome.Reason);
        Assert.Contains("nothing has been changed", outcome.CustomerMessage, StringComparison.Ordinal);
        Assert.Equal(0, await RefundsOnAsync(host, Received));
        Assert.Equal(0, await ActionRowsAsync(host, conversation.Id));
        Assert.Contains("action.failed", await AuditKindsAsync(host, conversation.Id));
    }

    [Fact]
    public async Task EveryCallAllowedOrRefusedIsAudited()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var anonymous = await host.StartConversationAsync();
        var verified = await SignedInAsync(host, customer);

        await CallAsync(host, anonymous.Id, "get_order", new { order_number = Received });
        await CallAsync(host, verified.Id, "get_order", new { order_number = Received });
        await CallAsync(host, verified.Id, "no_such_tool", new { });

        Assert.Contains("action.refused", await AuditKindsAsync(host, anonymous.Id));
        var kinds = await AuditKindsAsync(host, verified.Id);
        Assert.Contains("action.executed", kinds);
        Assert.Contains("action.refused", kinds);
    }

    private static async Task<List<JsonObject>> ListAsync(TandemHost host, Guid conversation)
    {
        using var admin = host.Admin();
        var body = await admin.GetStringAsync(new Uri($"/api/v1/conversations/{conversation}/actions", UriKind.Relative));
        return [.. JsonNode.Parse(body)!.AsArray().OfType<JsonObject>()];
    }

    /// <summary>The firm's order system is down: the connector offers issue_refund and then throws.</summary>
    private sealed class BrokenConnector(Tandem.Server.Firms.FirmRegistry firms) : IConnector
    {
        public string Name => "broken";

        public IReadOnlyList<ToolDefinition> ToolsFor(string firmId) =>
            firms.Find(firmId) is null ? [] : [.. Tandem.Server.Actions.Commerce.CommerceTools.All.Where(t => t.Name == "issue_refund")];

        public Task<RecordOwner?> FindOwnerAsync(string firmId, string recordId, TandemDbContext db, CancellationToken ct) =>
            new Tandem.Server.Actions.Commerce.CommerceConnector(firms).FindOwnerAsync(firmId, recordId, db, ct);

        public Task<ActionAssessment> AssessAsync(ConnectorCall call, CancellationToken ct) =>
            throw new HttpRequestException("connection refused");

        public Task<ConnectorResult> ExecuteAsync(ConnectorCall call, CancellationToken ct) =>
            throw new HttpRequestException("connection refused");
    }
}

public sealed class GatewayRefusalOnSqlite : GatewayRefusalTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class GatewayRefusalOnPostgres : GatewayRefusalTests
{
    protected override Store Store => Store.Postgres;
}
