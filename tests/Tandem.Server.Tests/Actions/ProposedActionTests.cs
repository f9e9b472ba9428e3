using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;

namespace Tandem.Server.Tests.Actions;

/// <summary>In co-pilot an action waits beside the draft and runs once, when an agent approves it.</summary>
public abstract class ProposedActionTests
{
    protected abstract Store Store { get; }

    private const string Processing = "HH-2026-002827";
    private const string Received = "HH-2026-003071";

    private static async Task<(CustomerConversation Conversation, ActionOutcomeView Proposal)> ProposedCancellationAsync(TandemHost host)
    {
        var (customer, _) = await OwnerOfAsync(host, Processing);
        var conversation = await SignedInAsync(host, customer);
        var proposal = await AssistantCallsAsync(host, conversation.Id, "cancellation", "cancel_order", new { order_number = Processing, reason = "ordered by mistake" });
        Assert.Equal("proposed", proposal.Status);
        Assert.NotNull(proposal.ActionId);
        return (conversation, proposal);
    }

    private static async Task<ActionOutcomeView> ApproveAsync(TandemHost host, Guid conversation, Guid action)
    {
        using var admin = host.Admin();
        var response = await admin.PostAsync(new Uri($"/api/v1/conversations/{conversation}/actions/{action}/approve", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ActionOutcomeView>() ?? throw new InvalidOperationException("empty body");
    }

    [Fact]
    public async Task AProposedActionIsShownInTheInboxWithItsArgumentsAndChangesNothing()
    {
        await using var host = await StartAsync(Store);
        var (conversation, proposal) = await ProposedCancellationAsync(host);

        using var admin = host.Admin();
        var inbox = JsonNode.Parse(await admin.GetStringAsync(new Uri("/api/v1/inbox", UriKind.Relative)))!.AsArray();
        var item = inbox.OfType<JsonObject>().Single(i => i["conversationId"]!.GetValue<Guid>() == conversation.Id);
        var shown = item["proposedActions"]!.AsArray().OfType<JsonObject>().Single();
        Assert.Equal(proposal.ActionId, shown["id"]!.GetValue<Guid>());
        Assert.Equal("cancel_order", shown["tool"]!.GetValue<string>());
        Assert.Equal(Processing, shown["arguments"]!["order_number"]!.GetValue<string>());
        Assert.Contains("topic_in_copilot", shown["proposalReasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("processing", (await OrderAsync(host, Processing))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApprovingRunsTheActionOnceHoweverOftenItIsApproved()
    {
        await using var host = await StartAsync(Store);
        var (conversation, proposal) = await ProposedCancellationAsync(host);

        var first = await ApproveAsync(host, conversation.Id, proposal.ActionId!.Value);
        var second = await ApproveAsync(host, conversation.Id, proposal.ActionId!.Value);

        Assert.Equal("executed", first.Status);
        Assert.False(first.Replayed);
        Assert.Equal("executed", second.Status);
        Assert.True(second.Replayed);
        var order = await OrderAsync(host, Processing);
        Assert.Equal("cancelled", order["status"]!.GetValue<string>());
        var kinds = await AuditKindsAsync(host, conversation.Id);
        Assert.Single(kinds, k => k == "action.executed");
        Assert.Contains("action.approval_replayed", kinds);
    }

    [Fact]
    public async Task TwoAgentsApprovingAtOnceRefundOnce()
    {
        await using var host = await StartAsync(Store);
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var ret = (await OrderAsync(host, Received))["returns"]!.AsArray().OfType<JsonObject>().First(r => r["refund_status"]!.GetValue<string>() != "refunded");
        var proposal = await AssistantCallsAsync(host, conversation.Id, "refunds", "issue_refund",
            new { order_number = Received, return_id = ret["return_id"]!.GetValue<string>(), amount_gbp = ret["refund_amount_gbp"]!.GetValue<decimal>() });
        Assert.Equal("proposed", proposal.Status);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ApproveAsync(host, conversation.Id, proposal.ActionId!.Value)));

        Assert.All(outcomes, o => Assert.Equal("executed", o.Status));
        Assert.Single(outcomes, o => !o.Replayed);
        Assert.Equal(1, await RefundsOnAsync(host, Received));
    }

    [Fact]
    public async Task ARefusedProposalNeverRuns()
    {
        await using var host = await StartAsync(Store);
        var (conversation, proposal) = await ProposedCancellationAsync(host);
        using var admin = host.Admin();

        var noReason = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/actions/{proposal.ActionId}/reject", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var rejected = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversation.Id}/actions/{proposal.ActionId}/reject", new { reason = "customer changed their mind" });
        rejected.EnsureSuccessStatusCode();
        var afterwards = await ApproveAsync(host, conversation.Id, proposal.ActionId!.Value);

        Assert.Equal("refused", afterwards.Status);
        Assert.Equal("processing", (await OrderAsync(host, Processing))["status"]!.GetValue<string>());
        Assert.Contains("action.rejected", await AuditKindsAsync(host, conversation.Id));
    }

    [Fact]
    public async Task AnApprovalAfterTheOrderChangedIsRefusedAndChangesNothing()
    {
        await using var host = await StartAsync(Store);
        var (conversation, proposal) = await ProposedCancellationAsync(host);
        // Meanwhile an agent cancels the order by hand: when the proposal is approved the order is no longer Processing.
        var direct = await CallAsync(host, conversation.Id, "cancel_order", new { order_number = Processing }, key: "by-hand");
        Assert.Equal("executed", direct.Status);

        var late = await ApproveAsync(host, conversation.Id, proposal.ActionId!.Value);

        Assert.Equal("refused", late.Status);
        Assert.Equal("already_cancelled", late.Reason);
        Assert.Equal(1, (await AuditKindsAsync(host, conversation.Id)).Count(k => k == "action.executed"));
    }
}

/// <summary>A turn processed again (crash and restart, duplicate message) presents the same key: one refund.</summary>
public abstract class ActionCrashSafetyTests
{
    protected abstract Store Store { get; }

    private const string Received = "HH-2026-003071";

    [Fact]
    public async Task ATurnsRefundRunAgainAfterACrashPaysOnce()
    {
        await using var host = await StartAsync(Store);
        await SetModeAsync(host, "refunds", "autonomous");
        var (customer, _) = await OwnerOfAsync(host, Received);
        var conversation = await SignedInAsync(host, customer);
        var messageId = await conversation.SendAsync("Please refund my return");
        var ret = (await OrderAsync(host, Received))["returns"]!.AsArray().OfType<JsonObject>().First(r => r["refund_status"]!.GetValue<string>() != "refunded");
        var arguments = new { order_number = Received, return_id = ret["return_id"]!.GetValue<string>(), amount_gbp = ret["refund_amount_gbp"]!.GetValue<decimal>() };

        // The gateway commits; the turn dies before its own commit; the sweep runs the turn again.
        var first = await CallAsync(host, conversation.Id, "issue_refund", arguments, topic: "refunds", caller: "procedure", messageId: messageId);
        var rerun = await CallAsync(host, conversation.Id, "issue_refund", arguments, topic: "refunds", caller: "procedure", messageId: messageId);

        Assert.Equal("executed", first.Status);
        Assert.True(rerun.Replayed);
        Assert.Equal(first.ActionId, rerun.ActionId);
        Assert.Equal(1, await RefundsOnAsync(host, Received));
    }

    [Fact]
    public async Task TheRefundSurvivesARestartAndIsNotPaidAgainAfterIt()
    {
        var dataDir = TestPaths.NewTempDir("tandem-actions-restart");
        string? connection = Store == Store.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        var messageId = Guid.NewGuid();
        object? arguments = null;
        Guid conversationId;
        await using (var host = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connection, settings: Settings))
        {
            var (customer, _) = await OwnerOfAsync(host, Received);
            var conversation = await SignedInAsync(host, customer);
            conversationId = conversation.Id;
            var ret = (await OrderAsync(host, Received))["returns"]!.AsArray().OfType<JsonObject>().First(r => r["refund_status"]!.GetValue<string>() != "refunded");
            arguments = new { order_number = Received, return_id = ret["return_id"]!.GetValue<string>(), amount_gbp = ret["refund_amount_gbp"]!.GetValue<decimal>() };
            Assert.Equal("executed", (await CallAsync(host, conversationId, "issue_refund", arguments, messageId: messageId)).Status);
        }
        await using (var restarted = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connection, settings: Settings))
        {
            var again = await CallAsync(restarted, conversationId, "issue_refund", arguments!, messageId: messageId);
            Assert.True(again.Replayed);
            Assert.Equal(1, await RefundsOnAsync(restarted, Received));
        }
        Directory.Delete(dataDir, recursive: true);
    }
}

public sealed class ProposedActionOnSqlite : ProposedActionTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ProposedActionOnPostgres : ProposedActionTests
{
    protected override Store Store => Store.Postgres;
}

public sealed class ActionCrashSafetyOnSqlite : ActionCrashSafetyTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ActionCrashSafetyOnPostgres : ActionCrashSafetyTests
{
    protected override Store Store => Store.Postgres;
}
