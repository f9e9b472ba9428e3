using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tandem.Server.Access;

/// <summary>
/// Admins manage their firm's staff accounts and API keys (an installation-wide admin: every firm's).
/// The console's Staff and keys pages call the same <see cref="StaffDirectory"/>.
/// </summary>
internal static class StaffEndpoints
{
    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/staff").WithTags("Staff and keys").RequireAuthorization(Policies.Admin);
        staff.MapGet("", (string? firm, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ListAsync(directory.ListAsync(StaffActor.From(user), firm, ct))).WithSummary("Staff accounts you manage: e-mail, name, role, firm, last sign-in, disabled, locked until.");
        staff.MapPost("", (AddStaffRequest? body, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.AddAsync(StaffActor.From(user), body, ct))).WithSummary("Add a staff account {email, role, firm, displayName, password}; the password needs at least 12 characters.");
        staff.MapPut("/{id:guid}/role", (Guid id, SetRoleRequest? body, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.SetRoleAsync(StaffActor.From(user), id, body?.Role, ct))).WithSummary("Change an account's role (admin, agent, viewer); its open sessions end.");
        staff.MapPost("/{id:guid}/disable", (Guid id, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.DisableAsync(StaffActor.From(user), id, ct))).WithSummary("Disable an account: it can no longer sign in and its sessions end.");
        staff.MapPost("/{id:guid}/enable", (Guid id, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.EnableAsync(StaffActor.From(user), id, ct))).WithSummary("Enable a disabled account again.");
        staff.MapPost("/{id:guid}/unlock", (Guid id, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.UnlockAsync(StaffActor.From(user), id, ct))).WithSummary("Unlock an account locked after failed sign-ins.");
        staff.MapPost("/{id:guid}/password", (Guid id, ResetPasswordRequest? body, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.ResetPasswordAsync(StaffActor.From(user), id, body?.Password, ct))).WithSummary("Set a new password for an account; its sessions end and it is unlocked.");

        var keys = app.MapGroup("/api/v1/keys").WithTags("Staff and keys").RequireAuthorization(Policies.Admin);
        keys.MapGet("", (string? firm, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ListAsync(directory.ListKeysAsync(StaffActor.From(user), firm, ct))).WithSummary("API keys you manage: name, role, firm, prefix, created, last used, revoked. Never the key itself.");
        keys.MapPost("", (CreateApiKeyRequest? body, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.CreateKeyAsync(StaffActor.From(user), body, ct))).WithSummary("Create an API key {name, role, firm}. The response holds the key's secret: it is shown this once and stored only as a hash.");
        keys.MapDelete("/{id:guid}", (Guid id, ClaimsPrincipal user, StaffDirectory directory, CancellationToken ct) =>
            ToHttp(directory.RevokeKeyAsync(StaffActor.From(user), id, ct))).WithSummary("Revoke an API key: calls with it get 401 from now on.");
        return app;
    }

    private static async Task<Ok<List<T>>> ListAsync<T>(Task<List<T>> list) => TypedResults.Ok(await list);

    private static async Task<Results<Ok<T>, Created<T>, ProblemHttpResult>> ToHttp<T>(Task<AccessResult<T>> action)
    {
        var result = await action;
        if (!result.Ok)
        {
            return TypedResults.Problem(title: result.Title, detail: result.Detail, statusCode: result.Status);
        }
        return result.Status == StatusCodes.Status201Created ? TypedResults.Created((string?)null, result.Value!) : TypedResults.Ok(result.Value!);
    }
}
