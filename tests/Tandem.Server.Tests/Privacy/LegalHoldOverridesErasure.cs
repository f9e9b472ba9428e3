using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;
using static Tandem.Server.Tests.Privacy.PrivacyTestKit;

namespace Tandem.Server.Tests.Privacy;

/// <summary>A complaint, a refund and an admin's hold survive the erasure, each with its reason in the certificate.</summary>
public abstract class LegalHoldOverridesErasure
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task AComplaintARefundAndAnExplicitHoldAreKeptWithTheirReasons()
    {
        await using var host = await StartAsync(Store);
        var person = await PersonAsync(host);

        var complaint = await SignedInAsync(host, person.CustomerId);
        var turn = await complaint.SayAsync("I want to make a formal complaint. The wardrobe arrived with a split panel and nobody has answered my emails for two weeks.");
        Assert.Contains(turn.Signals, s => s.Kind == "complaint");

        var refund = await SignedInAsync(host, person.CustomerId);
        await refund.SayAsync($"Has my refund for {person.Order} been sent yet?");
        var due = (await OrderAsync(host, person.Order))["returns"]!.AsArray().OfType<JsonObject>().First(r => r["refund_status"]!.GetValue<string>() != "refunded");
        var paid = await CallAsync(host, refund.Id, "issue_refund",
            new { order_number = person.Order, return_id = due["return_id"]!.GetValue<string>(), amount_gbp = due["refund_amount_gbp"]!.GetValue<decimal>() }, key: "refund-privacy");
        Assert.Equal("executed", paid.Status);

        var disputed = await SignedInAsync(host, person.CustomerId);
        await disputed.SayAsync("The courier left my parcel in the rain and the lamp shade is ruined.");
        using var admin = host.Admin();
        var hold = await admin.PostAsJsonAsync("/api/v1/privacy/holds",
            new { firm = Firm, conversationId = disputed.Id, reason = "Courier insurance claim 4471 in progress" });
        Assert.Equal(System.Net.HttpStatusCode.Created, hold.StatusCode);

        var ordinary = await SignedInAsync(host, person.CustomerId);
        await ordinary.SayAsync("Do you sell gift cards?");

        var certificate = await EraseAsync(host, person.CustomerId);

        var kept = certificate.GetProperty("kept").EnumerateArray().ToList();
        var keptComplaint = Assert.Single(kept, k => k.GetProperty("record").GetString() == complaint.Id.ToString());
        Assert.Equal("complaint", keptComplaint.GetProperty("basis").GetString());
        Assert.Contains("FCA DISP 1.9", keptComplaint.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var keptHold = Assert.Single(kept, k => k.GetProperty("record").GetString() == disputed.Id.ToString());
        Assert.Contains("Courier insurance claim 4471", keptHold.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var keptRefund = Assert.Single(kept, k => k.GetProperty("store").GetString() == "action_calls");
        Assert.Contains("HMRC", keptRefund.GetProperty("reason").GetString(), StringComparison.Ordinal);

        await WithDbAsync(host, async db =>
        {
            Assert.True(await db.Messages.AnyAsync(m => m.ConversationId == complaint.Id));
            Assert.True(await db.Messages.AnyAsync(m => m.ConversationId == disputed.Id));
            Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == ordinary.Id || m.ConversationId == refund.Id));
            var call = await db.ActionCalls.AsNoTracking().SingleAsync(a => a.Id == paid.ActionId);
            Assert.Contains(person.Order, call.ArgumentsJson, StringComparison.Ordinal);
            Assert.Contains("amount_gbp", call.ArgumentsJson, StringComparison.Ordinal);
            Assert.Equal("", call.CustomerMessage);
            // The held conversation's audit record is kept whole.
            Assert.False(await db.AuditEvents.AnyAsync(e => e.ConversationId == complaint.Id && e.RedactedBy != null));
            Assert.True(await db.AuditEvents.AnyAsync(e => e.ConversationId == ordinary.Id && e.RedactedBy != null));
            return 0;
        });
    }

    [Fact]
    public async Task AHoldOnThePersonKeepsEverythingUntilItIsLifted()
    {
        await using var host = await StartAsync(Store);
        var person = await PersonAsync(host);
        var conversation = await SignedInAsync(host, person.CustomerId);
        await conversation.SayAsync("Could you change the delivery date on my order?");
        using var admin = host.Admin();
        var placed = await admin.PostAsJsonAsync("/api/v1/privacy/holds", new { firm = Firm, customer = person.Email, reason = "Solicitor's letter of 20 November: preserve all records" });
        var hold = await placed.Content.ReadFromJsonAsync<JsonElement>();

        var held = await EraseAsync(host, person.CustomerId);
        Assert.Contains(held.GetProperty("kept").EnumerateArray(), k => k.GetProperty("reason").GetString()!.Contains("Solicitor's letter", StringComparison.Ordinal));
        Assert.True(await WithDbAsync(host, db => db.Messages.AnyAsync(m => m.ConversationId == conversation.Id)));

        (await admin.PostAsync($"/api/v1/privacy/holds/{hold.GetProperty("id").GetGuid()}/lift", null)).EnsureSuccessStatusCode();
        var erased = await EraseAsync(host, person.CustomerId);
        Assert.DoesNotContain(erased.GetProperty("kept").EnumerateArray(), k => k.GetProperty("store").GetString() == "conversation");
        Assert.False(await WithDbAsync(host, db => db.Messages.AnyAsync(m => m.ConversationId == conversation.Id)));
    }
}

public sealed class LegalHoldOverridesErasureOnSqlite : LegalHoldOverridesErasure
{
    protected override Store Store => Store.Sqlite;
}

public sealed class LegalHoldOverridesErasureOnPostgres : LegalHoldOverridesErasure
{
    protected override Store Store => Store.Postgres;
}
