using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

/// <summary>The firm's and a channel's kill switch apply from the very next customer message, audited.</summary>
public abstract class KillSwitchesHandTheNextMessageToAPerson
{
    protected abstract Store Store { get; }

    private const string Autonomous = "How much is delivery on a sofa?";

    [Fact]
    public async Task TheFirmSwitchHandsOffTheNextMessageAndOffRestoresTheAssistant()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var conversation = await host.StartConversationAsync();
        Assert.Equal("send", (await conversation.SayAsync(Autonomous)).Decision);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/kill-switch", new { on = true })).StatusCode);
        var next = await host.StartConversationAsync();
        var turn = await next.SayAsync(Autonomous);
        Assert.Equal("handoff", turn.Decision);
        Assert.Contains("kill_switch", turn.Reasons);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/kill-switch", new { on = false })).StatusCode);
        var after = await host.StartConversationAsync();
        Assert.Equal("send", (await after.SayAsync(Autonomous)).Decision);

        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.Kind == "firm.kill_switch").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(2, events.Count);
        var first = JsonDocument.Parse(events[0].Payload).RootElement;
        Assert.False(first.GetProperty("before").GetBoolean());
        Assert.True(first.GetProperty("after").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/kill-switch", new { })).StatusCode);
    }

    [Fact]
    public async Task AChannelSwitchStopsOnlyThatChannel()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/channels/email/kill-switch", new { on = true })).StatusCode);
        var controls = await CopilotHistory.GetJsonAsync(admin, "/api/v1/firms/harbour-home/controls");
        Assert.Equal(["email"], controls.GetProperty("killedChannels").EnumerateArray().Select(c => c.GetString()));

        var email = await StartAsync(host, "email");
        var emailed = await email.SayAsync(Autonomous);
        Assert.Equal("handoff", emailed.Decision);
        Assert.Contains("kill_switch", emailed.Reasons);
        var web = await host.StartConversationAsync();
        Assert.Equal("send", (await web.SayAsync(Autonomous)).Decision);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/channels/email/kill-switch", new { on = false })).StatusCode);
        Assert.Equal("send", (await (await StartAsync(host, "email")).SayAsync(Autonomous)).Decision);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/firms/harbour-home/channels/fax/kill-switch", new { on = true })).StatusCode);

        var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Kind == "channel.kill_switch"));
    }

    private static async Task<CustomerConversation> StartAsync(TandemHost host, string channel)
    {
        using var anonymous = host.Client();
        var response = await anonymous.PostAsJsonAsync("/api/v1/conversations", new { firm = "harbour-home", channel });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new CustomerConversation(host, body.GetProperty("id").GetGuid(), body.GetProperty("accessToken").GetString()!);
    }
}

public sealed class KillSwitchesHandTheNextMessageToAPersonOnSqlite : KillSwitchesHandTheNextMessageToAPerson
{
    protected override Store Store => Store.Sqlite;
}

public sealed class KillSwitchesHandTheNextMessageToAPersonOnPostgres : KillSwitchesHandTheNextMessageToAPerson
{
    protected override Store Store => Store.Postgres;
}
