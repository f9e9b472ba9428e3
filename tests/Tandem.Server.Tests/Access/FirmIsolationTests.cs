using System.Net;
using System.Net.Http.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Access;

/// <summary>Two firms on one installation: each firm's staff see and act on their own firm only.</summary>
public abstract class FirmIsolationTests
{
    protected abstract Store Store { get; }

    /// <summary>A second firm: the reference pack under another id, as a second shop on the same server would be.</summary>
    private static string SecondFirmPack()
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        var yaml = Path.Combine(pack, "firm.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("id: harbour-home", "id: quayside-pots", StringComparison.Ordinal)
            .Replace("name: Harbour Home Ltd", "name: Quayside Pots Ltd", StringComparison.Ordinal));
        return pack;
    }

    private async Task<TandemHost> TwoFirmsAsync() =>
        await TandemHost.StartAsync(Store, settings: new Dictionary<string, string?> { ["Tandem:Firms:1"] = SecondFirmPack() });

    [Fact]
    public async Task AnAgentOfOneFirmCannotSeeOrActOnAnotherFirmsConversation()
    {
        await using var host = await TwoFirmsAsync();
        var theirs = await host.StartConversationAsync("quayside-pots");
        Assert.Equal("review", (await theirs.SayAsync("Can I swap the grey cushions for the blue ones on my order please?")).Decision);
        using var admin = host.Admin();
        var draft = Assert.Single(await admin.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [], i => i.ConversationId == theirs.Id);
        using var harbourAgent = host.Client(await ConsoleSession.CreateKeyAsync(admin, "harbour agent", "agent", "harbour-home"));
        using var quaysideAgent = host.Client(await ConsoleSession.CreateKeyAsync(admin, "quayside agent", "agent", "quayside-pots"));

        Assert.DoesNotContain(await harbourAgent.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [], i => i.ConversationId == theirs.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await harbourAgent.GetAsync($"/api/v1/conversations/{theirs.Id}/turns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await harbourAgent.GetAsync($"/api/v1/conversations/{theirs.Id}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await harbourAgent.PostAsync($"/api/v1/drafts/{draft.DraftId}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await harbourAgent.PostAsJsonAsync($"/api/v1/drafts/{draft.DraftId}/edit", new { text = "Yes, done." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await harbourAgent.PostAsync($"/api/v1/conversations/{theirs.Id}/takeover", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await harbourAgent.GetAsync("/api/v1/metrics?firm=quayside-pots")).StatusCode);

        Assert.Contains(await quaysideAgent.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [], i => i.ConversationId == theirs.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await quaysideAgent.PostAsync($"/api/v1/drafts/{draft.DraftId}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task AFirmsAdminManagesOnlyItsOwnStaffAndKeys()
    {
        await using var host = await TwoFirmsAsync();
        using var installation = host.Admin();
        var quaysideStaff = await ConsoleSession.AddStaffAsync(installation, "tom@quaysidepots.co.uk", "agent", "terracotta and twine", "quayside-pots");
        using var harbourAdmin = host.Client(await ConsoleSession.CreateKeyAsync(installation, "harbour admin", "admin", "harbour-home"));
        await ConsoleSession.AddStaffAsync(harbourAdmin, "ellie@harbourhome.co.uk", "viewer", "lighthouse keeper notes");

        var staff = await harbourAdmin.GetFromJsonAsync<List<StaffView>>("/api/v1/staff") ?? [];
        var keys = await harbourAdmin.GetFromJsonAsync<List<KeyView>>("/api/v1/keys") ?? [];

        Assert.Equal(["ellie@harbourhome.co.uk"], staff.Select(s => s.Email));
        Assert.All(keys, k => Assert.Equal("harbour-home", k.Firm));
        Assert.Equal(HttpStatusCode.NotFound, (await harbourAdmin.PostAsync($"/api/v1/staff/{quaysideStaff}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await harbourAdmin.PostAsJsonAsync("/api/v1/staff",
            new { email = "spy@harbourhome.co.uk", role = "admin", firm = "quayside-pots", password = "a long enough passphrase" })).StatusCode);
        // A key made by a firm's admin without naming a firm is that firm's, never installation-wide.
        var unnamed = await harbourAdmin.PostAsJsonAsync("/api/v1/keys", new { name = "Shopify order sync", role = "agent" });
        Assert.Equal(HttpStatusCode.Created, unnamed.StatusCode);
        Assert.Equal("harbour-home", (await unnamed.Content.ReadFromJsonAsync<CreatedKeyView>())!.Key.Firm);
    }

    private sealed record StaffView(Guid Id, string Email, string Role, string? Firm);

    private sealed record KeyView(Guid Id, string Name, string Role, string? Firm);

    private sealed record CreatedKeyView(KeyView Key, string Secret);
}

public sealed class FirmIsolationOnSqlite : FirmIsolationTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class FirmIsolationOnPostgres : FirmIsolationTests
{
    protected override Store Store => Store.Postgres;
}
