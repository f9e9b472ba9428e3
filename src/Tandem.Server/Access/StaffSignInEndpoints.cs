using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Access;
using Tandem.Server.Audit;
using Tandem.Server.Firms;

namespace Tandem.Server.Access;

/// <summary>
/// Console sign-in: staff accounts with an e-mail and a password, or an API key and the first name a
/// person introduces themselves by (how the first admin gets in, and how integrations' keys are tried).
/// Both are form posts from /signin: antiforgery is validated on each (form binding requires it).
/// </summary>
internal static class StaffSignInEndpoints
{
    public static IEndpointRouteBuilder MapStaffSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignInWithKeyAsync).ExcludeFromDescription();
        app.MapPost("/account/password-signin", SignInWithPasswordAsync).ExcludeFromDescription();
        app.MapPost("/account/signout", async Task<Results<RedirectHttpResult, ProblemHttpResult>> (HttpContext http, IAntiforgery antiforgery) =>
        {
            // No form field is bound here, so the framework would not check the token: another site must not sign staff out.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(title: "antiforgery token missing or invalid", detail: "Sign out with the console's Sign out button.", statusCode: StatusCodes.Status400BadRequest);
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect("/signin?signedOut=1");
        }).ExcludeFromDescription();
        return app;
    }

    private static string Target(string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? "/inbox"
            : returnUrl;

    private static async Task<IResult> SignInWithKeyAsync([FromForm] string? apiKey, [FromForm] string? name, [FromForm] string? returnUrl,
        HttpContext http, TandemDbContext db, TimeProvider clock)
    {
        var target = Target(returnUrl);
        var identity = string.IsNullOrWhiteSpace(apiKey) ? null : await BearerAuthenticationHandler.PrincipalForAsync(db, apiKey.Trim(), http.RequestAborted, clock);
        var role = identity?.FindFirst(TandemClaims.Role)?.Value;
        if (identity is null || role is not (StaffRoles.Admin or StaffRoles.Agent or StaffRoles.Viewer))
        {
            db.AuditEvents.Add(AuditLog.Event("staff.signin_failed", "anonymous", clock.GetUtcNow(),
                new { method = "api_key", prefix = apiKey is { Length: >= 8 } ? apiKey.Trim()[..Math.Min(8, apiKey.Trim().Length)] : null, reason = "unknown_key" }));
            await db.SaveChangesAsync(http.RequestAborted);
            return TypedResults.LocalRedirect($"/signin?error=key&returnUrl={Uri.EscapeDataString(target)}");
        }
        var display = string.IsNullOrWhiteSpace(name) ? identity.Name ?? "Agent" : name.Trim();
        var staff = new ClaimsIdentity(
        [
            new Claim(TandemClaims.Name, display.Length > 100 ? display[..100] : display),
            new Claim(TandemClaims.Role, role),
            new Claim(TandemClaims.Firm, identity.FindFirst(TandemClaims.Firm)?.Value ?? "*"),
            new Claim(TandemClaims.Key, identity.FindFirst(TandemClaims.Key)?.Value ?? ""),
        ], CookieAuthenticationDefaults.AuthenticationScheme, TandemClaims.Name, TandemClaims.Role);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(staff));
        return TypedResults.LocalRedirect(target);
    }

    private static async Task<IResult> SignInWithPasswordAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, StaffDirectory staff, FirmRegistry firms)
    {
        var target = Target(returnUrl);
        var back = $"&returnUrl={Uri.EscapeDataString(target)}&email={Uri.EscapeDataString(email?.Trim() ?? "")}";
        var outcome = await staff.CheckPasswordAsync(email, password, http.RequestAborted);
        switch (outcome.Status)
        {
            case SignInStatus.LockedOut:
                // Shown in the firm's own time: "Locked until 14:32", not a UTC timestamp.
                var zone = firms.Find(outcome.Account?.FirmId)?.Pack.Profile.TimeZone ?? "Europe/London";
                var local = TimeZoneInfo.ConvertTime(outcome.LockedUntil!.Value, TimeZoneInfo.FindSystemTimeZoneById(zone));
                return TypedResults.LocalRedirect($"/signin?error=locked&until={local.ToString("HH:mm", CultureInfo.InvariantCulture)}{back}");
            case SignInStatus.Disabled:
                return TypedResults.LocalRedirect($"/signin?error=disabled{back}");
            case SignInStatus.Mismatch:
                return TypedResults.LocalRedirect($"/signin?error=password{back}");
        }
        var account = outcome.Account!;
        var identity = new ClaimsIdentity(
        [
            new Claim(TandemClaims.Name, account.DisplayName),
            new Claim(TandemClaims.Role, account.Role),
            new Claim(TandemClaims.Firm, account.FirmId ?? "*"),
            new Claim(TandemClaims.Account, account.Id.ToString()),
            new Claim(TandemClaims.Stamp, account.SecurityStamp ?? ""),
            new Claim(ClaimTypes.Email, account.Email ?? ""),
        ], CookieAuthenticationDefaults.AuthenticationScheme, TandemClaims.Name, TandemClaims.Role);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(target);
    }

    /// <summary>
    /// Every console request re-checks what the cookie was issued for: a disabled account, a changed role or
    /// password (a new security stamp) or a revoked key ends the session at once rather than in 12 hours.
    /// </summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user is null)
        {
            return;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<TandemDbContext>();
        var ct = context.HttpContext.RequestAborted;
        bool valid;
        if (Guid.TryParse(user.FindFirstValue(TandemClaims.Account), out var accountId))
        {
            var stamp = user.FindFirstValue(TandemClaims.Stamp);
            valid = await db.StaffAccounts.AsNoTracking().AnyAsync(a => a.Id == accountId && a.DisabledAt == null && a.SecurityStamp == stamp, ct);
        }
        else if (Guid.TryParse(user.FindFirstValue(TandemClaims.Key), out var keyId))
        {
            valid = await db.ApiKeys.AsNoTracking().AnyAsync(k => k.Id == keyId && k.RevokedAt == null, ct);
        }
        else
        {
            valid = false;
        }
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
