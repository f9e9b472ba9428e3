using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Access;

/// <summary>Staff sign in to the console with an e-mail and a password; guessing is locked out and audited.</summary>
public abstract class PasswordSignInTests
{
    protected abstract Store Store { get; }

    private const string Email = "priya.shah@harbourhome.co.uk";
    private const string Password = "kettle harbour blue tuesday";

    [Fact]
    public async Task AStaffAccountSignsInWithItsPasswordAndReachesTheConsole()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        await ConsoleSession.AddStaffAsync(admin, Email, "admin", Password, name: "Priya");
        using var browser = host.Client();

        var response = await ConsoleSession.SignInAsync(browser, Email, Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/inbox", ConsoleSession.Location(response));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/admin/staff", UriKind.Relative))).StatusCode);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "staff.signed_in" && e.Actor == Email));
        Assert.NotNull((await db.StaffAccounts.SingleAsync()).LastSignInAt);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhichHalfWasWrongAndIsAudited()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        await ConsoleSession.AddStaffAsync(admin, Email, "agent", Password);
        using var browser = host.Client();

        var wrong = await ConsoleSession.SignInAsync(browser, Email, "kettle harbour blue wednesday");
        var unknown = await ConsoleSession.SignInAsync(browser, "nobody@harbourhome.co.uk", Password);

        Assert.StartsWith("/signin?error=password", ConsoleSession.Location(wrong), StringComparison.Ordinal);
        Assert.StartsWith("/signin?error=password", ConsoleSession.Location(unknown), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/inbox", UriKind.Relative))).StatusCode);
        var page = await browser.GetStringAsync(new Uri(ConsoleSession.Location(wrong), UriKind.Relative));
        Assert.Contains("That e-mail and password don&#x27;t match", page, StringComparison.Ordinal);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Kind == "staff.signin_failed"));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountForFifteenMinutesEvenAgainstTheRightOne()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        await ConsoleSession.AddStaffAsync(admin, Email, "agent", Password);
        using var browser = host.Client();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.StartsWith("/signin?error=password", ConsoleSession.Location(await ConsoleSession.SignInAsync(browser, Email, $"my old password {attempt}")), StringComparison.Ordinal);
        }
        var fifth = await ConsoleSession.SignInAsync(browser, Email, "my old password 5");
        var rightButLocked = await ConsoleSession.SignInAsync(browser, Email, Password);

        // 10:00 UTC in November is 10:00 in London: locked until a quarter past.
        Assert.Matches("^/signin\\?error=locked&until=10:1[56]", ConsoleSession.Location(fifth));
        Assert.Matches("^/signin\\?error=locked", ConsoleSession.Location(rightButLocked));
        var page = await browser.GetStringAsync(new Uri(ConsoleSession.Location(fifth), UriKind.Relative));
        Assert.Matches("Locked until 10:1[56] after 5 failed attempts", page);

        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("/inbox", ConsoleSession.Location(await ConsoleSession.SignInAsync(browser, Email, Password)));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == "staff.locked_out"));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == "staff.signin_refused"));
    }

    [Fact]
    public async Task AnAdminUnlocksALockedAccountAtOnce()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var id = await ConsoleSession.AddStaffAsync(admin, Email, "agent", Password);
        using var browser = host.Client();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await ConsoleSession.SignInAsync(browser, Email, $"caps lock was on {attempt}");
        }
        var listed = await admin.GetFromJsonAsync<List<StaffView>>("/api/v1/staff");
        Assert.NotNull(Assert.Single(listed!).LockedUntil);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/staff/{id}/unlock", null)).StatusCode);

        Assert.Equal("/inbox", ConsoleSession.Location(await ConsoleSession.SignInAsync(browser, Email, Password)));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "staff.unlocked"));
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsOpenSessionAndRefusesTheNextSignIn()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var id = await ConsoleSession.AddStaffAsync(admin, Email, "admin", Password);
        using var browser = host.Client();
        await ConsoleSession.SignInAsync(browser, Email, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/admin/staff", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/staff/{id}/disable", null)).StatusCode);

        var after = await browser.GetAsync(new Uri("/admin/staff", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.StartsWith("/signin?error=disabled", ConsoleSession.Location(await ConsoleSession.SignInAsync(browser, Email, Password)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignInFormPostedWithoutItsAntiforgeryTokenIsRejected()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        await ConsoleSession.AddStaffAsync(admin, Email, "admin", Password);
        using var browser = host.Client();

        var password = await browser.PostAsync(new Uri("/account/password-signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Email, ["password"] = Password }));
        var key = await browser.PostAsync(new Uri("/account/signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = TandemHost.AdminKey, ["name"] = "Sam" }));
        var signOut = await browser.PostAsync(new Uri("/account/signout", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/inbox", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AShortPasswordIsRefusedWithTheRuleNamed()
    {
        await using var host = await TandemHost.StartAsync(Store);
        using var admin = host.Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/staff", new { email = Email, role = "agent", firm = "harbour-home", password = "Harbour2026" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 12 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record StaffView(Guid Id, string Email, string Role, string? Firm, bool Disabled, DateTimeOffset? LockedUntil);
}

public sealed class PasswordSignInOnSqlite : PasswordSignInTests
{
    protected override Store Store => Store.Sqlite;
}

public sealed class PasswordSignInOnPostgres : PasswordSignInTests
{
    protected override Store Store => Store.Postgres;
}
