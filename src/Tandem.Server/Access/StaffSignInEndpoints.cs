using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Tandem.Data;
using Tandem.Data.Access;

namespace Tandem.Server.Access;

/// <summary>
/// Staff sign in to the inbox with their API key and the first name they introduce themselves by.
/// (Accounts with passwords arrive with the console issue; the key is what exists today.)
/// </summary>
internal static class StaffSignInEndpoints
{
    public static IEndpointRouteBuilder MapStaffSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignInAsync).ExcludeFromDescription();
        app.MapPost("/account/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect("/signin");
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignInAsync([FromForm] string? apiKey, [FromForm] string? name, [FromForm] string? returnUrl, HttpContext http, TandemDbContext db)
    {
        var target = string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) ? "/inbox" : returnUrl;
        var identity = string.IsNullOrWhiteSpace(apiKey) ? null : await BearerAuthenticationHandler.PrincipalForAsync(db, apiKey.Trim(), http.RequestAborted);
        var role = identity?.FindFirst(TandemClaims.Role)?.Value;
        if (identity is null || role is not (StaffRoles.Admin or StaffRoles.Agent or StaffRoles.Viewer))
        {
            return TypedResults.LocalRedirect($"/signin?error=1&returnUrl={Uri.EscapeDataString(target)}");
        }
        var display = string.IsNullOrWhiteSpace(name) ? identity.Name ?? "Agent" : name.Trim();
        var staff = new ClaimsIdentity(
        [
            new Claim(TandemClaims.Name, display),
            new Claim(TandemClaims.Role, role),
            new Claim(TandemClaims.Firm, identity.FindFirst(TandemClaims.Firm)?.Value ?? "*"),
        ], CookieAuthenticationDefaults.AuthenticationScheme, TandemClaims.Name, TandemClaims.Role);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(staff));
        return TypedResults.LocalRedirect(target);
    }
}
