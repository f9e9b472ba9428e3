using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Access;

namespace Tandem.Server.Access;

internal static class TandemClaims
{
    public const string Role = ClaimTypes.Role;
    /// <summary>The firm a principal belongs to; "*" for installation-wide staff.</summary>
    public const string Firm = "tandem:firm";
    /// <summary>The one conversation a customer token opens.</summary>
    public const string Conversation = "tandem:conversation";
    public const string Name = ClaimTypes.Name;
    /// <summary>The staff account a console session belongs to (password sign-in).</summary>
    public const string Account = "tandem:account";
    /// <summary>The account's security stamp at sign-in: a role change, disable or password reset changes it and ends the session.</summary>
    public const string Stamp = "tandem:stamp";
    /// <summary>The API key a request or console session was authenticated with: revoking the key ends both.</summary>
    public const string Key = "tandem:key";

    public static bool IsStaff(this ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.Admin) || user.IsInRole(StaffRoles.Agent);

    /// <summary>Admins, agents and viewers: everyone who may read the console.</summary>
    public static bool IsStaffOrViewer(this ClaimsPrincipal user) =>
        user.IsStaff() || user.IsInRole(StaffRoles.Viewer);

    public static bool CanSeeFirm(this ClaimsPrincipal user, string firmId) =>
        user.FindFirstValue(Firm) is { } firm && (firm == "*" || firm == firmId);

    public static string ActorName(this ClaimsPrincipal user) =>
        user.FindFirstValue(Name) ?? "unknown";
}

/// <summary>
/// One bearer scheme for everyone who calls the API: staff API keys (admin, agent, viewer) and the
/// per-conversation tokens customers get when a conversation starts. Only hashes are stored.
/// EventSource cannot set headers, so the SSE endpoint may pass the token as access_token.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TandemDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenFrom(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        var principal = await PrincipalForAsync(db, token, Context.RequestAborted, clock);
        return principal is null
            ? AuthenticateResult.Fail("The bearer token is not a valid API key or conversation token.")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(principal), SchemeName));
    }

    public static string? TokenFrom(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length > 0 ? value : null;
        }
        return request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true && request.Query.TryGetValue("access_token", out var q) && q.Count > 0
            ? q[0]
            : null;
    }

    /// <param name="clock">When given, the key's last use is recorded (at most once a minute per key).</param>
    public static async Task<ClaimsIdentity?> PrincipalForAsync(TandemDbContext db, string token, CancellationToken ct, TimeProvider? clock = null)
    {
        var hash = ApiKeys.Hash(token);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
        if (key is not null)
        {
            var now = clock?.GetUtcNow();
            if (now is not null && (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1)))
            {
                await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
            }
            return new ClaimsIdentity(
            [
                new Claim(TandemClaims.Name, key.Name),
                new Claim(TandemClaims.Role, key.Role),
                new Claim(TandemClaims.Firm, key.FirmId ?? "*"),
                new Claim(TandemClaims.Key, key.Id.ToString()),
            ], SchemeName, TandemClaims.Name, TandemClaims.Role);
        }
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.AccessTokenHash == hash)
            .Select(c => new { c.Id, c.FirmId })
            .FirstOrDefaultAsync(ct);
        if (conversation is not null)
        {
            return new ClaimsIdentity(
            [
                new Claim(TandemClaims.Name, "customer"),
                new Claim(TandemClaims.Role, "customer"),
                new Claim(TandemClaims.Conversation, conversation.Id.ToString()),
                new Claim(TandemClaims.Firm, conversation.FirmId),
            ], SchemeName, TandemClaims.Name, TandemClaims.Role);
        }
        return null;
    }
}

/// <summary>
/// The caller is the conversation's customer, or staff of the conversation's firm. On a route with a
/// draftId instead, staff of the draft's firm.
/// </summary>
internal sealed class ConversationAccessRequirement(bool customerOnly) : IAuthorizationRequirement
{
    /// <summary>Only the conversation's own customer (writing as the customer), not staff.</summary>
    public bool CustomerOnly { get; } = customerOnly;
}

internal sealed class ConversationAccessHandler(TandemDbContext db) : AuthorizationHandler<ConversationAccessRequirement, HttpContext>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ConversationAccessRequirement requirement, HttpContext resource)
    {
        if (resource.GetRouteValue("draftId") is string rawDraft && Guid.TryParse(rawDraft, out var draftId))
        {
            // A draft is reached by its own id: the firm check is the draft's conversation's firm.
            var draftFirm = await db.Drafts.AsNoTracking().Where(d => d.Id == draftId).Select(d => d.FirmId).FirstOrDefaultAsync(resource.RequestAborted);
            if (!requirement.CustomerOnly && context.User.IsStaffOrViewer() && (draftFirm is null || context.User.CanSeeFirm(draftFirm)))
            {
                context.Succeed(requirement);
            }
            return;
        }
        if (resource.GetRouteValue("id") is not string raw || !Guid.TryParse(raw, out var id))
        {
            // Let the endpoint answer 404/400 for a malformed id rather than hiding it behind 403.
            context.Succeed(requirement);
            return;
        }
        var user = context.User;
        if (user.FindFirstValue(TandemClaims.Conversation) == id.ToString())
        {
            context.Succeed(requirement);
            return;
        }
        if (!requirement.CustomerOnly && user.IsStaffOrViewer())
        {
            var firm = await db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(c => c.FirmId).FirstOrDefaultAsync(resource.RequestAborted);
            if (firm is null || user.CanSeeFirm(firm))
            {
                context.Succeed(requirement);
            }
        }
    }
}

internal static class Policies
{
    public const string Staff = "staff";
    public const string Admin = "admin";
    /// <summary>Admins, agents and viewers: read-only endpoints (the queue, a conversation's turns, insights).</summary>
    public const string Reader = "reader";
    public const string ConversationAccess = "conversation";
    public const string ConversationCustomer = "conversation-customer";
}
