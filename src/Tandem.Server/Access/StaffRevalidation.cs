using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;

namespace Tandem.Server.Access;

/// <summary>
/// An open console page keeps its circuit for hours; every minute it re-checks the account or key it was
/// opened with, so a disabled account, a changed role or a revoked key loses the page too, not only the
/// next HTTP request (which <see cref="StaffSignInEndpoints.ValidatePrincipalAsync"/> checks).
/// </summary>
internal sealed class StaffRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        if (Guid.TryParse(user.FindFirstValue(TandemClaims.Account), out var accountId))
        {
            var stamp = user.FindFirstValue(TandemClaims.Stamp);
            return await db.StaffAccounts.AsNoTracking().AnyAsync(a => a.Id == accountId && a.DisabledAt == null && a.SecurityStamp == stamp, cancellationToken);
        }
        if (Guid.TryParse(user.FindFirstValue(TandemClaims.Key), out var keyId))
        {
            return await db.ApiKeys.AsNoTracking().AnyAsync(k => k.Id == keyId && k.RevokedAt == null, cancellationToken);
        }
        return user.Identity?.IsAuthenticated != true;
    }
}
