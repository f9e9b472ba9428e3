using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Access;

/// <summary>An admin creates a key (its secret shown once, stored hashed), sees when it was last used, and revokes it.</summary>
public abstract class ApiKeyLifecycleTests
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task ACreatedKeyWorksIsListedWithoutItsSecretAndStopsTheMomentItIsRevoked()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "Helpdesk sync", role = "agent", firm = "harbour-home" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetGuid();
        using var sync = host.Client(secret);

        Assert.Equal(HttpStatusCode.OK, (await sync.GetAsync("/api/v1/inbox")).StatusCode);

        var listing = await admin.GetStringAsync("/api/v1/keys");
        Assert.DoesNotContain(secret, listing, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(listing).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.Equal(secret[..8], listed.GetProperty("prefix").GetString());
        Assert.Equal(JsonValueKind.String, listed.GetProperty("lastUsedAt").ValueKind);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            Assert.False(await db.ApiKeys.AnyAsync(k => k.KeyHash == secret || k.Prefix == secret));
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await sync.GetAsync("/api/v1/inbox")).StatusCode);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "apikey.created"));
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "apikey.revoked"));
        }
    }

    [Fact]
    public async Task AConsoleSessionOpenedWithAKeyEndsWhenTheKeyIsRevoked()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var secret = await ConsoleSession.CreateKeyAsync(admin, "Jo's key", "agent");
        using var browser = host.Client();
        var token = await ConsoleSession.AntiforgeryTokenAsync(browser);
        var signIn = await browser.PostAsync(new Uri("/account/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["apiKey"] = secret,
            ["name"] = "Jo",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal("/inbox", ConsoleSession.Location(signIn));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/inbox", UriKind.Relative))).StatusCode);
        var keys = await admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/keys") ?? [];
        var id = keys.Single(k => k.GetProperty("name").GetString() == "Jo's key").GetProperty("id").GetGuid();

        await admin.DeleteAsync($"/api/v1/keys/{id}");

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/inbox", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AKeyNeedsANameAndAKnownRole()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var nameless = await admin.PostAsJsonAsync("/api/v1/keys", new { role = "agent" });
        var superuser = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "root", role = "owner" });
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, superuser.StatusCode);
        Assert.Contains("admin, agent or viewer", await superuser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class ApiKeyLifecycleOnSqlite : ApiKeyLifecycleTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class ApiKeyLifecycleOnPostgres : ApiKeyLifecycleTests
{
    protected override Store Store => Store.Postgres;
}
