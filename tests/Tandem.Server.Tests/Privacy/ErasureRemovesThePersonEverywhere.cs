using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Server.Audit;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;
using static Tandem.Server.Tests.Privacy.PrivacyTestKit;

namespace Tandem.Server.Tests.Privacy;

/// <summary>
/// A signed-in customer's chat and an anonymous chat where they typed their e-mail address: the
/// export holds every category, the erasure leaves nothing of them in any table or in the database
/// files' bytes, and the audit chain still verifies with the redactions named.
/// </summary>
public abstract class ErasureRemovesThePersonEverywhere
{
    protected abstract Store Store { get; }

    private const string Phrase = "blue door beside the old chapel";

    [Fact]
    public async Task TheExportHasEveryCategoryAndTheErasureLeavesNothingInTheTablesOrTheFiles()
    {
        await using var host = await StartAsync(Store);
        var person = await PersonAsync(host);
        var signedIn = await SignedInAsync(host, person.CustomerId);
        await signedIn.SayAsync($"Hello, {person.Name} here. Where is my order {person.Order}? If the courier can't find us it's the {Phrase}.");
        var anonymous = await host.StartConversationAsync();
        await anonymous.SayAsync($"Do you deliver to the Isle of Wight? My email is {person.Email} if you need to reach me.");
        var someoneElse = await host.StartConversationAsync();
        await someoneElse.SayAsync("How much is standard delivery?");

        // Control: before the erasure the bytes are there to be found.
        var before = await DatabaseFilesAsync(host);
        Assert.True(Contains(before, person.Email), "the e-mail address should be in the files before the erasure");
        Assert.True(Contains(before, Phrase), "the phrase should be in the files before the erasure");
        Assert.True(Contains(before, person.Name), "the name should be in the files before the erasure");

        // Subject access: every category is there.
        var access = await CreateRequestAsync(host, person.Email, "access");
        using var admin = host.Admin();
        var export = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/privacy/requests/{access.GetProperty("id").GetGuid()}/export");
        var conversations = export.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal(new[] { anonymous.Id, signedIn.Id }.Order(), conversations.Select(c => c.GetProperty("id").GetGuid()).Order());
        Assert.Contains(export.GetProperty("matchedBecause").EnumerateArray(), m => m.GetProperty("why").GetString() == "their e-mail address appears in a message");
        Assert.Equal(person.CustomerId, export.GetProperty("firmCustomerRecord").GetProperty("id").GetString());
        Assert.Contains(export.GetProperty("orders").EnumerateArray(), o => o.GetProperty("order_number").GetString() == person.Order);
        var messages = conversations.SelectMany(c => c.GetProperty("messages").EnumerateArray()).Select(m => m.GetProperty("text").GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(Phrase, StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains(person.Email, StringComparison.Ordinal));
        Assert.All(conversations, c => Assert.NotEmpty(c.GetProperty("aiProcessing").EnumerateArray()));
        Assert.Contains(conversations.SelectMany(c => c.GetProperty("aiProcessing").EnumerateArray()), t => t.GetProperty("decision").GetString() is not null);
        Assert.Equal(JsonValueKind.Array, export.GetProperty("signalsAndSupportNeeds").ValueKind);
        Assert.True(conversations.All(c => c.TryGetProperty("drafts", out _) && c.TryGetProperty("reviews", out _) && c.TryGetProperty("actions", out _)));
        Assert.Contains(export.GetProperty("auditEvents").EnumerateArray(), e => e.GetProperty("kind").GetString() == "turn.intake");
        var html = await admin.GetStringAsync($"/api/v1/privacy/requests/{access.GetProperty("id").GetGuid()}/export?format=html");
        Assert.Contains(Phrase, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // Erasure.
        var certificate = await EraseAsync(host, person.Email);
        var erasureId = certificate.GetProperty("erasureId").GetString()!;
        var removed = certificate.GetProperty("removed").EnumerateArray().ToDictionary(r => r.GetProperty("store").GetString()!, r => r.GetProperty("count").GetInt32());
        Assert.Equal(2, removed["conversations"]);
        Assert.True(removed["messages"] >= 2);
        Assert.True(removed["audit_events"] > 0);
        Assert.Contains(certificate.GetProperty("kept").EnumerateArray(), k => k.GetProperty("store").GetString() == "commerce_orders" && k.GetProperty("basis").GetString() == "tax");
        Assert.DoesNotContain(person.Email, certificate.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // Every table, queried for the identifiers.
        await WithDbAsync(host, async db =>
        {
            Guid[] ids = [signedIn.Id, anonymous.Id];
            Assert.Equal(0, await db.Conversations.CountAsync(c => ids.Contains(c.Id)));
            Assert.Equal(0, await db.Messages.CountAsync(m => ids.Contains(m.ConversationId)));
            Assert.Equal(0, await db.Turns.CountAsync(t => ids.Contains(t.ConversationId)));
            Assert.Equal(0, await db.Drafts.CountAsync(d => ids.Contains(d.ConversationId)));
            Assert.Equal(0, await db.Handoffs.CountAsync(h => ids.Contains(h.ConversationId)));
            Assert.Equal(0, await db.ProcedureRuns.CountAsync(r => ids.Contains(r.ConversationId)));
            Assert.Equal(0, await db.ActionCalls.CountAsync(a => ids.Contains(a.ConversationId)));
            Assert.Equal(0, await db.Conversations.CountAsync(c => c.VerifiedCustomerId == person.CustomerId));
            var payloads = await db.AuditEvents.AsNoTracking().Select(e => e.Payload).ToListAsync();
            Assert.DoesNotContain(payloads, p => p.Contains(person.Email, StringComparison.OrdinalIgnoreCase) || p.Contains(Phrase, StringComparison.Ordinal));
            var order = await db.CommerceOrders.AsNoTracking().SingleAsync(o => o.OrderNumber == person.Order);
            Assert.Equal("", order.Email);
            Assert.Null(order.CustomerId);
            Assert.DoesNotContain(person.Name, order.DocumentJson, StringComparison.Ordinal);
            var requests = await db.PrivacyRequests.AsNoTracking().Select(r => r.Subject).ToListAsync();
            Assert.DoesNotContain(requests, s => s.Contains(person.Email, StringComparison.OrdinalIgnoreCase));
            // Someone else's conversation is untouched.
            Assert.True(await db.Messages.AnyAsync(m => m.ConversationId == someoneElse.Id));

            var chain = await AuditLog.VerifyAsync(db, CancellationToken.None);
            Assert.True(chain.Intact, chain.Problem);
            Assert.NotEmpty(chain.Redacted);
            Assert.All(chain.Redacted, r => Assert.Equal(erasureId, r.RedactedBy));
            return 0;
        });

        // The files: not even in free pages or the write-ahead log.
        var after = await DatabaseFilesAsync(host);
        Assert.False(Contains(after, person.Email), "the e-mail address is still in the database files");
        Assert.False(Contains(after, Phrase), "the phrase is still in the database files");
        Assert.False(Contains(after, person.Name), "the name is still in the database files");
        Assert.True(Contains(after, "How much is standard delivery?"), "someone else's message should still be there");
    }

    [Fact]
    public async Task TamperingWithAnErasedEventIsStillCaught()
    {
        await using var host = await StartAsync(Store);
        var person = await PersonAsync(host);
        var signedIn = await SignedInAsync(host, person.CustomerId);
        await signedIn.SayAsync($"Can you tell me where {person.Order} has got to?");
        var certificate = await EraseAsync(host, person.CustomerId);

        await WithDbAsync(host, async db =>
        {
            var redacted = await db.AuditEvents.OrderBy(e => e.Sequence).FirstAsync(e => e.RedactedBy != null);
            Assert.Equal($$"""{"redacted":true,"erasure":"{{certificate.GetProperty("erasureId").GetString()}}"}""", redacted.Payload);
            redacted.Payload = """{"redacted":true,"erasure":"nothing to see","refund":"approved"}""";
            await db.SaveChangesAsync();
            var chain = await AuditLog.VerifyAsync(db, CancellationToken.None);
            Assert.False(chain.Intact);
            Assert.Equal(redacted.Sequence, chain.FirstBrokenSequence);
            return 0;
        });
    }
}

public sealed class ErasureRemovesThePersonEverywhereOnSqlite : ErasureRemovesThePersonEverywhere
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ErasureRemovesThePersonEverywhereOnPostgres : ErasureRemovesThePersonEverywhere
{
    protected override Store Store => Store.Postgres;

    /// <summary>
    /// A transaction that took its snapshot before the erasure, reading another table (autovacuum's ANALYZE, a worker's read), makes
    /// VACUUM (FULL) copy the deleted rows into the new files as "recently dead". The compaction waits for it.
    /// </summary>
    [Fact]
    public async Task AReaderOpenDuringTheErasureDoesNotKeepTheRowsInTheFiles()
    {
        await using var host = await StartAsync(Store);
        var person = await PersonAsync(host);
        var anonymous = await host.StartConversationAsync();
        await anonymous.SayAsync($"Do you deliver to Orkney? Reach me on {person.Email} please.");

        await using var reader = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await reader.OpenAsync();
        var transaction = await reader.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using (var snapshot = new Npgsql.NpgsqlCommand("SELECT count(*) FROM firms", reader, transaction))
        {
            Assert.True((long)(await snapshot.ExecuteScalarAsync())! > 0);
        }
        var readerEnds = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await transaction.CommitAsync();
        });

        var certificate = await EraseAsync(host, person.Email);
        await readerEnds;
        await transaction.DisposeAsync();

        var steps = certificate.GetProperty("secureDeletion").GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).ToList();
        var waited = steps.First(s => s.EndsWith("older than the erasure to end", StringComparison.Ordinal));
        Assert.True(int.Parse(waited.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 1000, waited);
        Assert.False(Contains(await DatabaseFilesAsync(host), person.Email), "the e-mail address is still in the database files");
    }
}
