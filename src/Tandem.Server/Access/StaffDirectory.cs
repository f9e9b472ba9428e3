using System.Net.Mail;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Access;
using Tandem.Rules.Access;
using Tandem.Server.Audit;

namespace Tandem.Server.Access;

/// <summary>Who is acting, and which firms they may manage ("*": all of them).</summary>
internal sealed record StaffActor(string Name, string Firm, Guid? AccountId = null)
{
    public static StaffActor From(ClaimsPrincipal user) =>
        new(user.ActorName(), user.FindFirstValue(TandemClaims.Firm) ?? "",
            Guid.TryParse(user.FindFirstValue(TandemClaims.Account), out var id) ? id : null);

    public bool CanManage(string? firmId) => Firm == "*" || (firmId is not null && firmId == Firm);
}

/// <summary>The outcome of a staff or key change: a value, or the HTTP status and a sentence naming the problem.</summary>
internal sealed record AccessResult<T>(T? Value, int Status = StatusCodes.Status200OK, string? Title = null, string? Detail = null)
{
    public bool Ok => Title is null;

    public static AccessResult<T> Fail(int status, string title, string detail) => new(default, status, title, detail);
}

internal sealed record StaffAccountResponse(Guid Id, string Email, string DisplayName, string Role, string? Firm,
    DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt, bool Disabled, DateTimeOffset? LockedUntil);

internal sealed record ApiKeyResponse(Guid Id, string Name, string Role, string? Firm, string Prefix,
    DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The key's secret appears here and nowhere else, ever: only its SHA-256 is stored.</summary>
internal sealed record CreatedApiKeyResponse(ApiKeyResponse Key, string Secret);

internal sealed record AddStaffRequest(string? Email, string? Role, string? Firm, string? DisplayName, string? Password);

internal sealed record SetRoleRequest(string? Role);

internal sealed record ResetPasswordRequest(string? Password);

internal sealed record CreateApiKeyRequest(string? Name, string? Role, string? Firm);

internal enum SignInStatus
{
    SignedIn,
    Mismatch,
    LockedOut,
    Disabled,
}

internal sealed record PasswordSignIn(SignInStatus Status, StaffAccount? Account = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Staff accounts and API keys: password checks with lockout, and the admin changes to both. Every change
/// and every failed or refused sign-in writes its audit event in the same SaveChanges as the change.
/// Identity's <see cref="IPasswordHasher{TUser}"/> hashes passwords (PBKDF2, ADR 0008); lockout is counted
/// here on <see cref="TimeProvider"/> so that it is auditable and testable.
/// </summary>
internal sealed class StaffDirectory(TandemDbContext db, IPasswordHasher<StaffAccount> hasher, ILookupNormalizer normalizer,
    TimeProvider clock, IOptions<AccessOptions> options)
{
    public static readonly IReadOnlyList<string> Roles = [StaffRoles.Admin, StaffRoles.Agent, StaffRoles.Viewer];

    // Verified against when nobody has the e-mail, so that an unknown address takes as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<StaffAccount>().HashPassword(
        new StaffAccount { Role = StaffRoles.Viewer, DisplayName = "nobody", CreatedAt = DateTimeOffset.UnixEpoch }, "not a real password at all"));

    public async Task<PasswordSignIn> CheckPasswordAsync(string? email, string? password, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var normalized = normalizer.NormalizeEmail(email?.Trim() ?? "");
        var account = string.IsNullOrEmpty(normalized) ? null : await db.StaffAccounts.FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
        if (account?.PasswordHash is null)
        {
            hasher.VerifyHashedPassword(new StaffAccount { Role = StaffRoles.Viewer, DisplayName = "nobody", CreatedAt = now }, DummyHash.Value, password ?? "");
            db.AuditEvents.Add(AuditLog.Event("staff.signin_failed", email?.Trim() ?? "", now, new { email = email?.Trim(), reason = "unknown_email" }));
            await db.SaveChangesAsync(ct);
            return new PasswordSignIn(SignInStatus.Mismatch);
        }
        if (account.LockoutEnd is { } until && until > now)
        {
            db.AuditEvents.Add(AuditLog.Event("staff.signin_refused", account.Email!, now, new { email = account.Email, reason = "locked_out", lockedUntil = until }, account.FirmId));
            await db.SaveChangesAsync(ct);
            return new PasswordSignIn(SignInStatus.LockedOut, account, until);
        }
        var check = hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
        if (check == PasswordVerificationResult.Failed)
        {
            account.AccessFailedCount++;
            if (account.AccessFailedCount >= options.Value.MaxFailedSignIns)
            {
                var lockedUntil = now + options.Value.LockoutDuration;
                db.AuditEvents.Add(AuditLog.Event("staff.locked_out", account.Email!, now,
                    new { email = account.Email, failedAttempts = account.AccessFailedCount, lockedUntil }, account.FirmId));
                account.LockoutEnd = lockedUntil;
                account.AccessFailedCount = 0;
                await db.SaveChangesAsync(ct);
                return new PasswordSignIn(SignInStatus.LockedOut, account, lockedUntil);
            }
            db.AuditEvents.Add(AuditLog.Event("staff.signin_failed", account.Email!, now,
                new { email = account.Email, reason = "wrong_password", failedAttempts = account.AccessFailedCount }, account.FirmId));
            await db.SaveChangesAsync(ct);
            return new PasswordSignIn(SignInStatus.Mismatch, account);
        }
        if (account.DisabledAt is not null)
        {
            db.AuditEvents.Add(AuditLog.Event("staff.signin_refused", account.Email!, now, new { email = account.Email, reason = "disabled" }, account.FirmId));
            await db.SaveChangesAsync(ct);
            return new PasswordSignIn(SignInStatus.Disabled, account);
        }
        if (check == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password!);
        }
        account.AccessFailedCount = 0;
        account.LockoutEnd = null;
        account.LastSignInAt = now;
        db.AuditEvents.Add(AuditLog.Event("staff.signed_in", account.Email!, now, new { email = account.Email, role = account.Role }, account.FirmId));
        await db.SaveChangesAsync(ct);
        return new PasswordSignIn(SignInStatus.SignedIn, account);
    }

    public async Task<List<StaffAccountResponse>> ListAsync(StaffActor actor, string? firm, CancellationToken ct)
    {
        var query = db.StaffAccounts.AsNoTracking();
        if (actor.Firm != "*")
        {
            query = query.Where(a => a.FirmId == actor.Firm);
        }
        if (!string.IsNullOrWhiteSpace(firm))
        {
            query = query.Where(a => a.FirmId == firm);
        }
        var rows = await query.ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. rows.OrderBy(a => a.FirmId).ThenBy(a => a.Email, StringComparer.OrdinalIgnoreCase).Select(a => ToResponse(a, now))];
    }

    public async Task<AccessResult<StaffAccountResponse>> AddAsync(StaffActor actor, AddStaffRequest? request, CancellationToken ct)
    {
        var email = request?.Email?.Trim();
        if (string.IsNullOrEmpty(email) || !MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            return AccessResult<StaffAccountResponse>.Fail(400, "email is required", "Give the person's work e-mail address, e.g. priya@harbourhome.co.uk.");
        }
        if (RoleProblem<StaffAccountResponse>(request!.Role) is { } roleProblem)
        {
            return roleProblem;
        }
        var firm = string.IsNullOrWhiteSpace(request.Firm) ? (actor.Firm == "*" ? null : actor.Firm) : request.Firm.Trim();
        if (await FirmProblemAsync<StaffAccountResponse>(actor, firm, ct) is { } firmProblem)
        {
            return firmProblem;
        }
        if (PasswordPolicy.Problem(request.Password, email) is { } weak)
        {
            return AccessResult<StaffAccountResponse>.Fail(400, "password too weak", weak);
        }
        var normalized = normalizer.NormalizeEmail(email);
        if (await db.StaffAccounts.AnyAsync(a => a.NormalizedEmail == normalized, ct))
        {
            return AccessResult<StaffAccountResponse>.Fail(409, "e-mail already has an account", $"{email} already has a staff account; change its role or reset its password instead.");
        }
        var now = clock.GetUtcNow();
        var display = string.IsNullOrWhiteSpace(request.DisplayName) ? DefaultDisplayName(email) : request.DisplayName.Trim();
        var account = new StaffAccount
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = normalizer.NormalizeName(email),
            Email = email,
            NormalizedEmail = normalized,
            EmailConfirmed = true,
            Role = request.Role!,
            FirmId = firm,
            DisplayName = display.Length > 100 ? display[..100] : display,
            CreatedAt = now,
            CreatedBy = actor.Name,
            LockoutEnabled = true,
            SecurityStamp = NewStamp(),
        };
        account.PasswordHash = hasher.HashPassword(account, request.Password!);
        db.StaffAccounts.Add(account);
        db.AuditEvents.Add(AuditLog.Event("staff.added", actor.Name, now, new { accountId = account.Id, email, role = account.Role, firm }, firm));
        await db.SaveChangesAsync(ct);
        return new AccessResult<StaffAccountResponse>(ToResponse(account, now), StatusCodes.Status201Created);
    }

    public Task<AccessResult<StaffAccountResponse>> SetRoleAsync(StaffActor actor, Guid id, string? role, CancellationToken ct) =>
        ChangeAsync(actor, id, "staff.role_changed", account =>
        {
            if (!Roles.Contains(role ?? ""))
            {
                return ("unknown role", $"role must be admin, agent or viewer, not '{role}'.");
            }
            if (account.Id == actor.AccountId && role != account.Role)
            {
                return ("can't change your own role", "Ask another admin to change your role, so that a firm is never left without one by accident.");
            }
            var before = account.Role;
            account.Role = role!;
            return (null, new { before, after = role });
        }, newStamp: true, ct);

    public Task<AccessResult<StaffAccountResponse>> DisableAsync(StaffActor actor, Guid id, CancellationToken ct) =>
        ChangeAsync(actor, id, "staff.disabled", account =>
        {
            if (account.Id == actor.AccountId)
            {
                return ("can't disable yourself", "Ask another admin to disable your account.");
            }
            account.DisabledAt ??= clock.GetUtcNow();
            return (null, new { });
        }, newStamp: true, ct);

    public Task<AccessResult<StaffAccountResponse>> EnableAsync(StaffActor actor, Guid id, CancellationToken ct) =>
        ChangeAsync(actor, id, "staff.enabled", account =>
        {
            account.DisabledAt = null;
            return (null, new { });
        }, newStamp: true, ct);

    public Task<AccessResult<StaffAccountResponse>> UnlockAsync(StaffActor actor, Guid id, CancellationToken ct) =>
        ChangeAsync(actor, id, "staff.unlocked", account =>
        {
            var wasLockedUntil = account.LockoutEnd;
            account.LockoutEnd = null;
            account.AccessFailedCount = 0;
            return (null, new { wasLockedUntil });
        }, newStamp: false, ct);

    public Task<AccessResult<StaffAccountResponse>> ResetPasswordAsync(StaffActor actor, Guid id, string? password, CancellationToken ct) =>
        ChangeAsync(actor, id, "staff.password_reset", account =>
        {
            if (PasswordPolicy.Problem(password, account.Email) is { } weak)
            {
                return ("password too weak", weak);
            }
            account.PasswordHash = hasher.HashPassword(account, password!);
            account.LockoutEnd = null;
            account.AccessFailedCount = 0;
            return (null, new { });
        }, newStamp: true, ct);

    public async Task<StaffAccount?> FindByEmailAsync(string email, CancellationToken ct)
    {
        var normalized = normalizer.NormalizeEmail(email.Trim());
        return await db.StaffAccounts.FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
    }

    public async Task<List<ApiKeyResponse>> ListKeysAsync(StaffActor actor, string? firm, CancellationToken ct)
    {
        var query = db.ApiKeys.AsNoTracking();
        if (actor.Firm != "*")
        {
            query = query.Where(k => k.FirmId == actor.Firm);
        }
        if (!string.IsNullOrWhiteSpace(firm))
        {
            query = query.Where(k => k.FirmId == firm);
        }
        var rows = await query.ToListAsync(ct);
        return [.. rows.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).Select(ToResponse)];
    }

    public async Task<AccessResult<CreatedApiKeyResponse>> CreateKeyAsync(StaffActor actor, CreateApiKeyRequest? request, CancellationToken ct)
    {
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return AccessResult<CreatedApiKeyResponse>.Fail(400, "name is required", "Name the key after what uses it (up to 100 characters), e.g. \"Shopify order sync\".");
        }
        if (RoleProblem<CreatedApiKeyResponse>(request!.Role) is { } roleProblem)
        {
            return roleProblem;
        }
        var firm = string.IsNullOrWhiteSpace(request.Firm) ? (actor.Firm == "*" ? null : actor.Firm) : request.Firm.Trim();
        if (await FirmProblemAsync<CreatedApiKeyResponse>(actor, firm, ct) is { } firmProblem)
        {
            return firmProblem;
        }
        var now = clock.GetUtcNow();
        var secret = ApiKeys.NewSecret("tdm_");
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = name,
            Role = request.Role!,
            FirmId = firm,
            KeyHash = ApiKeys.Hash(secret),
            Prefix = secret[..8],
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        db.ApiKeys.Add(key);
        db.AuditEvents.Add(AuditLog.Event("apikey.created", actor.Name, now, new { keyId = key.Id, name, role = key.Role, firm, prefix = key.Prefix }, firm));
        await db.SaveChangesAsync(ct);
        return new AccessResult<CreatedApiKeyResponse>(new CreatedApiKeyResponse(ToResponse(key), secret), StatusCodes.Status201Created);
    }

    public async Task<AccessResult<ApiKeyResponse>> RevokeKeyAsync(StaffActor actor, Guid id, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || !actor.CanManage(key.FirmId))
        {
            return AccessResult<ApiKeyResponse>.Fail(404, "key not found", $"No API key {id} that you manage.");
        }
        if (key.RevokedAt is null)
        {
            var now = clock.GetUtcNow();
            key.RevokedAt = now;
            db.AuditEvents.Add(AuditLog.Event("apikey.revoked", actor.Name, now, new { keyId = key.Id, name = key.Name, role = key.Role, prefix = key.Prefix }, key.FirmId));
            await db.SaveChangesAsync(ct);
        }
        return new AccessResult<ApiKeyResponse>(ToResponse(key));
    }

    private async Task<AccessResult<StaffAccountResponse>> ChangeAsync(StaffActor actor, Guid id, string kind,
        Func<StaffAccount, (string? Problem, object Detail)> change, bool newStamp, CancellationToken ct)
    {
        var account = await db.StaffAccounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null || !actor.CanManage(account.FirmId))
        {
            return AccessResult<StaffAccountResponse>.Fail(404, "staff account not found", $"No staff account {id} that you manage.");
        }
        var (problem, detail) = change(account);
        if (problem is not null)
        {
            return AccessResult<StaffAccountResponse>.Fail(problem.StartsWith("can't", StringComparison.Ordinal) ? 409 : 400, problem, (string)detail);
        }
        if (newStamp)
        {
            // A new stamp ends the account's open sessions at their next request (the cookie carries the old one).
            account.SecurityStamp = NewStamp();
        }
        var now = clock.GetUtcNow();
        db.AuditEvents.Add(AuditLog.Event(kind, actor.Name, now, new { accountId = account.Id, email = account.Email, detail }, account.FirmId));
        await db.SaveChangesAsync(ct);
        return new AccessResult<StaffAccountResponse>(ToResponse(account, now));
    }

    private static AccessResult<T>? RoleProblem<T>(string? role) =>
        Roles.Contains(role ?? "") ? null : AccessResult<T>.Fail(400, "role is required", $"role must be admin, agent or viewer, not '{role}'.");

    private async Task<AccessResult<T>?> FirmProblemAsync<T>(StaffActor actor, string? firm, CancellationToken ct)
    {
        if (firm is null)
        {
            // Installation-wide staff see every firm; only installation-wide admins may create them.
            return actor.Firm == "*" ? null : AccessResult<T>.Fail(403, "installation-wide access", "Only an installation-wide admin can create staff or keys for every firm.");
        }
        if (!actor.CanManage(firm) || !await db.Firms.AnyAsync(f => f.Id == firm, ct))
        {
            return AccessResult<T>.Fail(404, "firm not found", $"No firm '{firm}' that you manage.");
        }
        return null;
    }

    private static string DefaultDisplayName(string email)
    {
        var local = email.Split('@')[0].Split('.', '_', '-')[0];
        return local.Length == 0 ? email : char.ToUpperInvariant(local[0]) + local[1..];
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private static StaffAccountResponse ToResponse(StaffAccount a, DateTimeOffset now) =>
        new(a.Id, a.Email ?? "", a.DisplayName, a.Role, a.FirmId, a.CreatedAt, a.LastSignInAt, a.DisabledAt is not null,
            a.LockoutEnd is { } until && until > now ? until : null);

    private static ApiKeyResponse ToResponse(ApiKey k) =>
        new(k.Id, k.Name, k.Role, k.FirmId, k.Prefix, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt);
}
