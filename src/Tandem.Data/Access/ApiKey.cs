using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Access;

public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Viewer = "viewer";
}

/// <summary>An API key for staff and integrations. Only its SHA-256 is stored; the key is shown once.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    /// <summary>Null for an installation-wide key (the bootstrap admin key).</summary>
    public string? FirmId { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public required string KeyHash { get; set; }
    public required string Prefix { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>Who created the key (the bootstrap and generated keys: "system").</summary>
    public string? CreatedBy { get; set; }
    /// <summary>Updated at most once a minute, so that a busy integration does not write on every call.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Role).HasMaxLength(16);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
