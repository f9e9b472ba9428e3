using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Access;
using Tandem.Server.Audit;

namespace Tandem.Server.Access;

internal static class ApiKeys
{
    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A fresh random secret: the prefix tells what it is when it turns up in a log or a leak scan.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The configured bootstrap key becomes an admin key; without one, an admin key is generated once
    /// and printed, because otherwise nobody could ever sign in.
    /// </summary>
    public static async Task EnsureAdminKeyAsync(TandemDbContext db, string? bootstrapKey, TimeProvider clock, TextWriter output, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(bootstrapKey))
        {
            var hash = Hash(bootstrapKey);
            if (!await db.ApiKeys.AnyAsync(k => k.KeyHash == hash, ct))
            {
                db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), Name = "bootstrap admin", Role = StaffRoles.Admin, KeyHash = hash, Prefix = bootstrapKey[..Math.Min(6, bootstrapKey.Length)], CreatedAt = now });
                db.AuditEvents.Add(AuditLog.Event("apikey.bootstrapped", "system", now, new { name = "bootstrap admin", role = StaffRoles.Admin }));
                await db.SaveChangesAsync(ct);
            }
            return;
        }
        if (await db.ApiKeys.AnyAsync(k => k.Role == StaffRoles.Admin && k.RevokedAt == null, ct))
        {
            return;
        }
        var secret = NewSecret("tdm_");
        db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), Name = "generated admin", Role = StaffRoles.Admin, KeyHash = Hash(secret), Prefix = secret[..8], CreatedAt = now });
        db.AuditEvents.Add(AuditLog.Event("apikey.generated", "system", now, new { name = "generated admin", role = StaffRoles.Admin }));
        await db.SaveChangesAsync(ct);
        await output.WriteLineAsync($"""

            ==========================================================================
             Tandem generated an admin API key. It is shown this once; store it now.
               {secret}
             Sign in to the inbox at /signin with it, or call the API with
               Authorization: Bearer <key>
            ==========================================================================

            """);
    }
}
