using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Actions;

public static class ActionCallStatus
{
    public const string Executed = "executed";
    public const string Proposed = "proposed";
    /// <summary>A proposal an agent refused; nothing ran.</summary>
    public const string Rejected = "rejected";
    /// <summary>A proposal an agent approved whose execution the system then refused (e.g. dispatched meanwhile).</summary>
    public const string Refused = "refused";
}

/// <summary>
/// A state-changing tool call that ran or waits for an agent. The unique (firm, idempotency key)
/// makes it the idempotency record: the same key again returns this row's outcome.
/// </summary>
public sealed class ActionCall
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    public Guid ConversationId { get; set; }
    public Guid? TurnId { get; set; }
    public string? Topic { get; set; }
    public required string Tool { get; set; }
    public required string Connector { get; set; }
    public required string ArgumentsJson { get; set; }
    public required string IdempotencyKey { get; set; }
    /// <summary>SHA-256 of tool and canonical arguments: a key reused for another call is refused.</summary>
    public required string RequestHash { get; set; }
    public required string Caller { get; set; }
    public required string Actor { get; set; }
    public required string Status { get; set; }
    public required string Reason { get; set; }
    public required string CustomerMessage { get; set; }
    /// <summary>JSON array of why the call was proposed rather than run.</summary>
    public string ProposalReasonsJson { get; set; } = "[]";
    public string? ResultJson { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    /// <summary>Optimistic concurrency: two agents approving at once cannot both run it.</summary>
    public int Version { get; set; }
}

/// <summary>
/// An order of the built-in commerce connector: seeded from the pack's data/orders.json, then changed
/// only here (cancellations, address changes, returns, refunds), so its state survives restarts.
/// </summary>
public sealed class CommerceOrder
{
    public required string FirmId { get; set; }
    public required string OrderNumber { get; set; }
    public string? CustomerId { get; set; }
    public required string Email { get; set; }
    public required string Status { get; set; }
    /// <summary>The order as JSON, in the pack's data/orders.json shape plus the refunds made here.</summary>
    public required string DocumentJson { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

internal sealed class ActionConfiguration : IEntityTypeConfiguration<ActionCall>, IEntityTypeConfiguration<CommerceOrder>
{
    public void Configure(EntityTypeBuilder<ActionCall> builder)
    {
        builder.ToTable("action_calls");
        builder.Property(a => a.FirmId).HasMaxLength(64);
        builder.Property(a => a.Tool).HasMaxLength(64);
        builder.Property(a => a.Connector).HasMaxLength(64);
        builder.Property(a => a.IdempotencyKey).HasMaxLength(200);
        builder.Property(a => a.RequestHash).HasMaxLength(64);
        builder.Property(a => a.Caller).HasMaxLength(16);
        builder.Property(a => a.Actor).HasMaxLength(128);
        builder.Property(a => a.Status).HasMaxLength(16);
        builder.Property(a => a.Reason).HasMaxLength(64);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.FirmId, a.IdempotencyKey }).IsUnique();
        builder.HasIndex(a => new { a.ConversationId, a.Status });
    }

    public void Configure(EntityTypeBuilder<CommerceOrder> builder)
    {
        builder.ToTable("commerce_orders");
        builder.HasKey(o => new { o.FirmId, o.OrderNumber });
        builder.Property(o => o.FirmId).HasMaxLength(64);
        builder.Property(o => o.OrderNumber).HasMaxLength(64);
        builder.Property(o => o.CustomerId).HasMaxLength(128);
        builder.Property(o => o.Email).HasMaxLength(320);
        builder.Property(o => o.Status).HasMaxLength(32);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.FirmId, o.CustomerId });
        builder.HasIndex(o => new { o.FirmId, o.Email });
    }
}
