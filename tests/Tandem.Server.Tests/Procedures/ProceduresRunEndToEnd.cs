using System.Net;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Procedures;

/// <summary>
/// The reference firm's six procedures through the real HTTP API: the customer writes, the procedure
/// asks for what is missing, verifies, checks eligibility, confirms and acts through the gateway.
/// Topics are set autonomous where the test is about what the customer is told; every state change in
/// the reference firm still needs an agent (its limits in policies.yaml are 0), so it is proposed.
/// </summary>
public abstract class ProceduresRunEndToEnd
{
    protected abstract Store Store { get; }

    private static void Sent(TurnView turn, string contains)
    {
        Assert.True(turn.Decision == "send", $"expected send, got {turn.Decision} ({string.Join(", ", turn.Reasons)}): {turn.Draft}");
        Assert.Contains(contains, turn.Draft, StringComparison.Ordinal);
    }

    /// <summary>A refusal is a decision against the customer: a person approves it, and the customer is offered a person's review.</summary>
    private static void RefusedThroughAPerson(TurnView turn, string contains)
    {
        Assert.True(turn.Decision == "review", $"expected review, got {turn.Decision} ({string.Join(", ", turn.Reasons)}): {turn.Draft}");
        Assert.Contains("adverse_decision", turn.Reasons);
        Assert.Contains(contains, turn.Draft, StringComparison.Ordinal);
        Assert.Contains("If you'd like a person to review this decision", turn.Draft, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereIsMyOrderAsksForTheNumberThenVerificationThenReportsTracking()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "order_status", "autonomous");
        var conversation = await host.StartConversationAsync();

        // A plain chase: from round 8 the signal encoder reads "Where is my order? It's been a week." as a possible
        // complaint (inconvenience alleged, FCA DISP) and hands it to a person, which is not what this test is about.
        Sent(await conversation.SayAsync("Where is my order? Can you check on it for me?"), "What's the order number?");
        var verify = await conversation.SayAsync("HH-2026-003186");
        Sent(verify, "check it's yours");
        Assert.DoesNotContain(ProcedureHost.Actions(verify), a => a.Name == "get_order");

        var report = await conversation.SayAsync("it's harper_day@example.com");
        Sent(report, "Order HH-2026-003186 was dispatched on 18 November 2026");
        Assert.Contains("SHD1493036", report.Draft, StringComparison.Ordinal);
        Assert.Contains(("get_order", "executed"), ProcedureHost.Actions(report));
    }

    [Fact]
    public async Task AnUnverifiedCustomerGetsNoAccountDataAndDetailsThatDontMatchAreNotNamed()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "order_status", "autonomous");
        var conversation = await host.StartConversationAsync();

        var first = await conversation.SayAsync("Where is my order HH-2026-003186?");
        Sent(first, "check it's yours");
        var wrong = await conversation.SayAsync("HH-2026-003186 and my email is someone.else@example.com");
        Sent(wrong, "can't find an order with those details");

        var everything = string.Join(" ", (await conversation.MessagesAsync()).Select(m => m.Text));
        Assert.DoesNotContain("SHD1493036", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("dispatched", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(("get_order", "executed"), ProcedureHost.Actions(first).Concat(ProcedureHost.Actions(wrong)));
    }

    [Fact]
    public async Task ADispatchedOrderIsNotCancelledAndTheCustomerIsToldWhyAndWhatInstead()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "cancellation", "autonomous");
        var conversation = await host.StartConversationAsync();

        Sent(await conversation.SayAsync("Please cancel my order HH-2026-003186"), "check it's yours");
        var refusal = await conversation.SayAsync("harper_day@example.com");

        RefusedThroughAPerson(refusal, "has already been dispatched, so it can't be cancelled");
        Assert.Contains("return it within 30 days of delivery", refusal.Draft, StringComparison.Ordinal);
        Assert.DoesNotContain(ProcedureHost.Actions(refusal), a => a.Name == "cancel_order");
        Assert.Equal("dispatched", await ProcedureHost.OrderStatusAsync(host, "HH-2026-003186"));
    }

    [Fact]
    public async Task APendingOrderIsCancelledAfterAYesAndAnAgentsApprovalExactlyOnce()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "cancellation", "autonomous");
        var conversation = await host.StartConversationAsync();

        Sent(await conversation.SayAsync("Can I cancel my order please? I ordered the wrong size by mistake"), "Which order would you like to cancel?");
        Sent(await conversation.SayAsync("HH-2026-003367, hall.hamish@example.com"), "Shall I cancel the whole order?");
        Assert.Equal("processing", await ProcedureHost.OrderStatusAsync(host, "HH-2026-003367"));

        var yes = await conversation.SayAsync("yes please");
        // The firm's limit for cancel_order is 0: the assistant proposes, an agent carries it out.
        Assert.Equal("review", yes.Decision);
        Assert.Contains("state_changing_action", yes.Reasons);
        Assert.Contains(("cancel_order", "proposed"), ProcedureHost.Actions(yes));
        Assert.Equal("processing", await ProcedureHost.OrderStatusAsync(host, "HH-2026-003367"));

        var proposal = await ProcedureHost.ProposalAsync(host, conversation.Id, "cancel_order");
        using var admin = host.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/v1/conversations/{conversation.Id}/actions/{proposal}/approve", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/v1/conversations/{conversation.Id}/actions/{proposal}/approve", UriKind.Relative), null)).StatusCode);
        Assert.Equal("cancelled", await ProcedureHost.OrderStatusAsync(host, "HH-2026-003367"));

        // A second "yes" starts nothing: the procedure is over, and nothing is cancelled twice.
        var again = await conversation.SayAsync("yes");
        Assert.DoesNotContain(ProcedureHost.Actions(again), a => a.Name == "cancel_order");
        var calls = await ProcedureHost.ActionCallsAsync(host, conversation.Id);
        Assert.Single(calls, c => c.Tool == "cancel_order");
        Assert.Equal("executed", calls.Single(c => c.Tool == "cancel_order").Status);
    }

    [Fact]
    public async Task TheDeliveryAddressOfAnOrderNotYetDispatchedIsChangedAfterConfirmation()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "order_change", "autonomous");
        var conversation = await host.StartConversationAsync();

        Sent(await conversation.SayAsync("We're moving house next week, can my order go to the new address instead? It's HH-2026-003421"), "What's the new delivery address?");
        Sent(await conversation.SayAsync("the new one is in Bristol"), "couldn't read that as a full UK address");
        Sent(await conversation.SayAsync("12 Quay Street, Bristol BS1 4AA"), "check it's yours");
        Sent(await conversation.SayAsync("roconnor@example.co.uk"), "to 12 Quay Street, Bristol, BS1 4AA? Please reply yes or no.");

        var yes = await conversation.SayAsync("yes");
        Assert.Contains(("change_delivery_address", "proposed"), ProcedureHost.Actions(yes));
        var proposal = await ProcedureHost.ProposalAsync(host, conversation.Id, "change_delivery_address");
        using var admin = host.Admin();
        var approved = await admin.PostAsync(new Uri($"/api/v1/conversations/{conversation.Id}/actions/{proposal}/approve", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("BS1 4AA", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReturnOutsideThirtyDaysOfDeliveryIsRefused()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "start_return", "autonomous");
        var conversation = await host.StartConversationAsync();

        var refusal = await conversation.SayAsync("I want to send back the baskets from order HH-2025-001663, my email is tomasz.richards.uk@example.com");

        RefusedThroughAPerson(refusal, "more than 30 days ago, so it's outside our 30-day returns window");
        Assert.DoesNotContain(ProcedureHost.Actions(refusal), a => a.Name == "start_return");
    }

    [Fact]
    public async Task AnOrderWithAPersonalisedItemIsNotReturnedWithoutAPerson()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "start_return", "autonomous");
        var conversation = await host.StartConversationAsync();

        var refusal = await conversation.SayAsync("I want to send back the cushion from order HH-2026-003005, it's not the colour I thought. My email is pjarvis@example.com");

        RefusedThroughAPerson(refusal, "personalised items can't be returned unless they're faulty");
        Assert.DoesNotContain(ProcedureHost.Actions(refusal), a => a.Name == "start_return");
    }

    [Fact]
    public async Task AReturnWithinThirtyDaysIsConfirmedAndProposed()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "start_return", "autonomous");
        var conversation = await host.StartConversationAsync();

        Sent(await conversation.SayAsync("I want to send back the lamp from order HH-2026-003061, it's not what I expected. My email is janetfoster86@example.org"), "within our 30-day returns window. Shall I start a return");
        var yes = await conversation.SayAsync("ok go ahead");

        Assert.Contains(("start_return", "proposed"), ProcedureHost.Actions(yes));
        Assert.Contains("set up the return for order HH-2026-003061", yes.Draft, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRefundStatusOfAnOrderIsReported()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "refunds", "autonomous");
        var conversation = await host.StartConversationAsync();

        // Not "has the refund gone through yet?": the trained complaint head reads that chasing as a
        // complaint (a known false alarm, docs/benchmarks.md "Signals"), and a complaint goes to a person.
        var report = await conversation.SayAsync("Could you check the refund status for HH-2026-003016 please? jacob.coleman@example.com");

        Sent(report, "We refunded £145.05 for your return on order HH-2026-003016 on 19 November 2026");
        Assert.Contains(("get_refund_status", "executed"), ProcedureHost.Actions(report));
    }

    [Fact]
    public async Task AnInvoiceIsResentToTheAddressOnTheOrderAfterConfirmation()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "invoice_correction", "autonomous");
        var conversation = await host.StartConversationAsync();

        Sent(await conversation.SayAsync("Please email me a copy of the invoice for my order HH-2026-003016, I can't find it. jacob.coleman@example.com"),
            "Shall I email a copy of the VAT invoice for order HH-2026-003016");
        var yes = await conversation.SayAsync("yes");
        Assert.Contains(("resend_invoice", "proposed"), ProcedureHost.Actions(yes));

        var proposal = await ProcedureHost.ProposalAsync(host, conversation.Id, "resend_invoice");
        using var admin = host.Admin();
        var approved = await admin.PostAsync(new Uri($"/api/v1/conversations/{conversation.Id}/actions/{proposal}/approve", UriKind.Relative), null);
        Assert.Contains("jacob.coleman@example.com", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACustomerWhoAsksForAPersonMidProcedureGetsOneAndTheProcedureEnds()
    {
        await using var host = await TandemHost.StartAsync(Store);
        await ProcedureHost.SetModeAsync(host, "cancellation", "autonomous");
        var conversation = await host.StartConversationAsync();

        Sent(await conversation.SayAsync("Please cancel my order HH-2026-003367"), "check it's yours");
        var person = await conversation.SayAsync("actually can I just speak to a real person please");

        Assert.Equal("handoff", person.Decision);
        Assert.Contains("always_handoff_signal", person.Reasons);
    }

    [Fact]
    public async Task ARestartMidProcedureResumesWhereItWas()
    {
        var dataDir = TestPaths.NewTempDir("tandem-procedure-restart");
        string? connection = Store == Store.Postgres ? await Postgres.CreateDatabaseAsync() : null;
        Guid id;
        string token;
        await using (var first = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connection))
        {
            await ProcedureHost.SetModeAsync(first, "cancellation", "autonomous");
            var conversation = await first.StartConversationAsync();
            Sent(await conversation.SayAsync("Can I cancel my order please? I ordered the wrong size by mistake"), "Which order would you like to cancel?");
            (id, token) = (conversation.Id, conversation.Token);
        }

        await using var second = await TandemHost.StartAsync(Store, dataDir: dataDir, connectionString: connection);
        var resumed = new CustomerConversation(second, id, token);
        Sent(await resumed.SayAsync("HH-2026-003367 hall.hamish@example.com"), "Shall I cancel the whole order?");
    }
}

public sealed class ProceduresRunEndToEndOnSqlite : ProceduresRunEndToEnd
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ProceduresRunEndToEndOnPostgres : ProceduresRunEndToEnd
{
    protected override Store Store => Store.Postgres;
}
