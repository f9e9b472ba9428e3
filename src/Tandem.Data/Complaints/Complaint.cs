using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Complaints;

public static class ComplaintStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>
/// A complaint as a record the firm must keep (FCA DISP 1.9.1: three years): opened when the
/// complaint signal fires in a turn or an agent marks one, closed only by staff. One open record
/// per conversation; a complaint raised again after closing opens a new one.
/// </summary>
public sealed class Complaint
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    /// <summary>The conversation it was raised in.</summary>
    public Guid ConversationId { get; set; }
    /// <summary>JSON array of every conversation linked to the complaint, the first included.</summary>
    public string LinkedConversationsJson { get; set; } = "[]";
    public required DateTimeOffset ReceivedAt { get; set; }
    /// <summary>The channel it came in on (widget, email, ...).</summary>
    public required string Channel { get; set; }
    /// <summary>What the customer is unhappy about: the customer's words that raised it, or the agent's summary.</summary>
    public required string Summary { get; set; }
    /// <summary>open | closed.</summary>
    public required string Status { get; set; }
    /// <summary>"signal" when a turn's complaint signal opened it; otherwise the staff member's name.</summary>
    public required string OpenedBy { get; set; }
    public required DateTimeOffset SummaryResolutionDue { get; set; }
    public required DateTimeOffset FinalResponseDue { get; set; }
    /// <summary>When the summary resolution communication (DISP 1.5) was sent; null if none.</summary>
    public DateTimeOffset? SummaryResolutionSentAt { get; set; }
    /// <summary>When the final response (DISP 1.6) was sent; null if none.</summary>
    public DateTimeOffset? FinalResponseAt { get; set; }
    /// <summary>Whether the letters must carry the Financial Ombudsman Service referral rights (the firm offers regulated credit).</summary>
    public bool OmbudsmanRightsRequired { get; set; }
    /// <summary>Staff's confirmation that the letter told the customer of their right to refer to the Ombudsman within six months.</summary>
    public bool OmbudsmanRightsGiven { get; set; }
    public string? Resolution { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    /// <summary>Optimistic concurrency: two staff closing at once cannot both win.</summary>
    public int Version { get; set; }
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> builder)
    {
        builder.ToTable("complaints");
        builder.Property(c => c.FirmId).HasMaxLength(64);
        builder.Property(c => c.Channel).HasMaxLength(32);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.OpenedBy).HasMaxLength(128);
        builder.Property(c => c.ClosedBy).HasMaxLength(128);
        builder.Property(c => c.Summary).HasMaxLength(4000);
        builder.Property(c => c.Resolution).HasMaxLength(4000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.ConversationId, c.Status });
        builder.HasIndex(c => new { c.FirmId, c.ReceivedAt });
    }
}
