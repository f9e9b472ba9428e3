using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Privacy;

public static class PrivacyRequestKind
{
    public const string Access = "access";
    public const string Erasure = "erasure";
}

public static class PrivacyRequestStatus
{
    public const string Received = "received";
    public const string Completed = "completed";
}

/// <summary>
/// A data-subject request (UK GDPR art. 15 access, art. 17 erasure) and its one-month clock. The row
/// is the firm's record that it answered; after an erasure the subject is replaced by its hash, so
/// the record survives without the identifier it was about.
/// </summary>
public sealed class PrivacyRequest
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    /// <summary>access | erasure.</summary>
    public required string Kind { get; set; }
    /// <summary>The customer id or e-mail address the request names; "erased" once an erasure has run.</summary>
    public required string Subject { get; set; }
    /// <summary>SHA-256 of the lower-cased subject: a repeat request can be recognised after erasure.</summary>
    public required string SubjectHash { get; set; }
    public required string Status { get; set; }
    public required DateTimeOffset ReceivedAt { get; set; }
    public required DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? ExtendedUntil { get; set; }
    public string? ExtensionReason { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public required string CreatedBy { get; set; }
    public string? CompletedBy { get; set; }
    /// <summary>For an erasure: the certificate (JSON, no personal data). For an access request: null (the export is made on demand).</summary>
    public string? ResultJson { get; set; }
    public string? ErasureId { get; set; }
}

/// <summary>
/// An explicit legal hold an admin placed: on a customer (their id or e-mail) or on one conversation.
/// While it is not lifted, erasure keeps what it covers and says why in the certificate.
/// </summary>
public sealed class LegalHold
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    /// <summary>Lower-cased customer id or e-mail address; null when the hold is on a conversation.</summary>
    public string? CustomerKey { get; set; }
    public Guid? ConversationId { get; set; }
    public required string Reason { get; set; }
    public required string PlacedBy { get; set; }
    public required DateTimeOffset PlacedAt { get; set; }
    public DateTimeOffset? LiftedAt { get; set; }
    public string? LiftedBy { get; set; }
}

internal sealed class PrivacyConfiguration : IEntityTypeConfiguration<PrivacyRequest>, IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<PrivacyRequest> builder)
    {
        builder.ToTable("privacy_requests");
        builder.Property(r => r.FirmId).HasMaxLength(64);
        builder.Property(r => r.Kind).HasMaxLength(16);
        builder.Property(r => r.Subject).HasMaxLength(320);
        builder.Property(r => r.SubjectHash).HasMaxLength(64);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.Property(r => r.CreatedBy).HasMaxLength(128);
        builder.Property(r => r.CompletedBy).HasMaxLength(128);
        builder.Property(r => r.ErasureId).HasMaxLength(64);
        builder.HasIndex(r => new { r.FirmId, r.ReceivedAt });
    }

    public void Configure(EntityTypeBuilder<LegalHold> builder)
    {
        builder.ToTable("legal_holds");
        builder.Property(h => h.FirmId).HasMaxLength(64);
        builder.Property(h => h.CustomerKey).HasMaxLength(320);
        builder.Property(h => h.PlacedBy).HasMaxLength(128);
        builder.Property(h => h.LiftedBy).HasMaxLength(128);
        builder.HasIndex(h => new { h.FirmId, h.CustomerKey });
        builder.HasIndex(h => h.ConversationId);
    }
}
