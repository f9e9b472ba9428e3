using System.Net;
using System.Net.Http.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Access;

/// <summary>Viewers read, agents act on conversations, admins also manage staff, keys and settings (docs/console.md).</summary>
public abstract class RoleMatrixTests
{
    protected abstract Store Store { get; }

    private static async Task<InboxItemView> DraftWaitingAsync(TandemHost host)
    {
        var conversation = await host.StartConversationAsync();
        var turn = await conversation.SayAsync("Can I swap the grey cushions for the blue ones on my order please?");
        Assert.Equal("review", turn.Decision);
        using var admin = host.Admin();
        return Assert.Single(await admin.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [], i => i.ConversationId == conversation.Id);
    }

    [Fact]
    public async Task AViewerReadsTheInboxTurnsAndInsightsButCannotApproveOrChangeAnything()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var item = await DraftWaitingAsync(host);
        using var admin = host.Admin();
        using var viewer = host.Client(await ConsoleSession.CreateKeyAsync(admin, "owner's read-only key", "viewer"));

        Assert.Contains(await viewer.GetFromJsonAsync<List<InboxItemView>>("/api/v1/inbox") ?? [], i => i.DraftId == item.DraftId);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/conversations/{item.ConversationId}/turns")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/metrics?firm=harbour-home")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/drafts/{item.DraftId}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/drafts/{item.DraftId}/reject", new { reason = "tone" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/conversations/{item.ConversationId}/takeover", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/v1/firms/harbour-home/kill-switch", new { on = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/keys", new { name = "sneaky", role = "admin" })).StatusCode);
    }

    [Fact]
    public async Task AnAgentApprovesDraftsButCannotManageStaffKeysOrTopics()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var item = await DraftWaitingAsync(host);
        using var admin = host.Admin();
        using var agent = host.Client(await ConsoleSession.CreateKeyAsync(admin, "Jo's help-desk key", "agent"));

        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsync($"/api/v1/drafts/{item.DraftId}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/v1/firms/harbour-home/topics/delivery/mode", new { mode = "human" })).StatusCode);
    }

    [Fact]
    public async Task AnAgentSignedInToTheConsoleIsShownTheInboxButNotTheStaffPage()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        await ConsoleSession.AddStaffAsync(admin, "jo.bell@harbourhome.co.uk", "agent", "seagulls steal chips daily");
        using var browser = host.Client();
        await ConsoleSession.SignInAsync(browser, "jo.bell@harbourhome.co.uk", "seagulls steal chips daily");

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/inbox", UriKind.Relative))).StatusCode);
        var staffPage = await browser.GetAsync(new Uri("/admin/staff", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, staffPage.StatusCode);
        Assert.Equal("/forbidden", staffPage.Headers.Location!.AbsolutePath);
    }
}

public sealed class RoleMatrixOnSqlite : RoleMatrixTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class RoleMatrixOnPostgres : RoleMatrixTests
{
    protected override Store Store => Store.Postgres;
}
