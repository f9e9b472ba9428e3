using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Access;

/// <summary>
/// A member of staff who signs in to the console with an e-mail address and a password. ASP.NET Core
/// Identity's user record supplies the password hash, lockout counters and security stamp (ADR 0008);
/// the e-mail address is the user name.
/// </summary>
public sealed class StaffAccount : IdentityUser<Guid>
{
    /// <summary>Null for installation-wide staff (they see every firm); otherwise the one firm they work for.</summary>
    public string? FirmId { get; set; }
    /// <summary>admin, agent or viewer (<see cref="StaffRoles"/>).</summary>
    public required string Role { get; set; }
    /// <summary>The name customers see when this person joins a chat.</summary>
    public required string DisplayName { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    /// <summary>A disabled account cannot sign in, and its open sessions end at their next request.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> builder)
    {
        builder.ToTable("staff_accounts");
        // Staff sign in with an e-mail and a password only: no phone numbers or second factors stored yet.
        builder.Ignore(a => a.PhoneNumber);
        builder.Ignore(a => a.PhoneNumberConfirmed);
        builder.Ignore(a => a.TwoFactorEnabled);
        builder.Property(a => a.UserName).HasMaxLength(256);
        builder.Property(a => a.NormalizedUserName).HasMaxLength(256);
        builder.Property(a => a.Email).HasMaxLength(256);
        builder.Property(a => a.NormalizedEmail).HasMaxLength(256);
        builder.Property(a => a.Role).HasMaxLength(16);
        builder.Property(a => a.DisplayName).HasMaxLength(100);
        builder.Property(a => a.CreatedBy).HasMaxLength(256);
        builder.HasIndex(a => a.NormalizedEmail).IsUnique();
        builder.HasIndex(a => a.FirmId);
    }
}
