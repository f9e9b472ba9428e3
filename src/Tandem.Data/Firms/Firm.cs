using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Firms;

/// <summary>A firm served by this installation, loaded from its firm pack.</summary>
public sealed class Firm
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string PackPath { get; set; }
    public required string PackHash { get; set; }
    public required DateTimeOffset LoadedAt { get; set; }
    /// <summary>When on, every conversation of the firm goes to a person.</summary>
    public bool KillSwitch { get; set; }
    /// <summary>Channels (web, api, email) whose conversations all go to a person: a JSON array of channel names.</summary>
    public string KillSwitchChannelsJson { get; set; } = "[]";
    /// <summary>
    /// The pack's policies as last loaded (JSON), so that a change to them is audited with the before
    /// and the after. Null for a firm loaded before this was kept.
    /// </summary>
    public string? PolicyJson { get; set; }
}

/// <summary>A topic's current mode. The pack gives the starting mode; admins change it here, audited.</summary>
public sealed class TopicSetting
{
    public required string FirmId { get; set; }
    public required string TopicId { get; set; }
    public required string Name { get; set; }
    public required string Mode { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>
    /// Reviews before this instant do not count towards readiness: set when the topic goes back to
    /// co-pilot, because it earns autonomy again only on newly reviewed drafts (support policy section 11).
    /// </summary>
    public DateTimeOffset? ReadinessFrom { get; set; }
}

internal sealed class FirmConfiguration : IEntityTypeConfiguration<Firm>, IEntityTypeConfiguration<TopicSetting>
{
    public void Configure(EntityTypeBuilder<Firm> builder)
    {
        builder.ToTable("firms");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).HasMaxLength(64);
        builder.Property(f => f.Name).HasMaxLength(200);
        builder.Property(f => f.PackHash).HasMaxLength(64);
        builder.Property(f => f.KillSwitchChannelsJson).HasDefaultValue("[]");
    }

    public void Configure(EntityTypeBuilder<TopicSetting> builder)
    {
        builder.ToTable("topic_settings");
        builder.HasKey(t => new { t.FirmId, t.TopicId });
        builder.Property(t => t.FirmId).HasMaxLength(64);
        builder.Property(t => t.TopicId).HasMaxLength(64);
        builder.Property(t => t.Mode).HasMaxLength(16);
    }
}
