using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Audit;

/// <summary>
/// One link of the hash-chained, append-only audit log. Sequence and hashes are assigned when the
/// event is saved (see <see cref="TandemDbContext.SaveChangesAsync(CancellationToken)"/>).
/// </summary>
public sealed class AuditEvent
{
    public Guid Id { get; set; }
    public long Sequence { get; set; }
    public string? FirmId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? TurnId { get; set; }
    public required string Kind { get; set; }
    public required string Actor { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    /// <summary>JSON. Replaced by a redaction notice when an erasure removes personal data.</summary>
    public required string Payload { get; set; }
    public string PayloadHash { get; set; } = "";
    public string PrevHash { get; set; } = "";
    public string Hash { get; set; } = "";
    public string? RedactedBy { get; set; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        // The application assigns the sequence so it is part of the hash; a second node that tries
        // the same number fails on this unique index and retries on the new head.
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.Actor).HasMaxLength(128);
        builder.Property(e => e.PayloadHash).HasMaxLength(64);
        builder.Property(e => e.PrevHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => e.ConversationId);
        builder.HasIndex(e => new { e.FirmId, e.CreatedAt });
    }
}
