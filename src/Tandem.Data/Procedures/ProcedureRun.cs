using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Procedures;

/// <summary>
/// A conversation's procedure (a slot-filling workflow from the firm's procedures.yaml): which one,
/// the slots filled so far and the step it is at. One row per run; at most one per conversation is
/// active (not done). Persisted with the turn that moved it, so a restart mid-procedure resumes.
/// </summary>
public sealed class ProcedureRun
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public required string FirmId { get; set; }
    public required string ProcedureId { get; set; }
    /// <summary>The topic that started it: its mode applies to every turn of the procedure.</summary>
    public required string Topic { get; set; }
    /// <summary>collecting | verifying | confirming | done.</summary>
    public required string Step { get; set; }
    /// <summary>The machine's state (slots, attempts, what was asked last) as JSON.</summary>
    public required string StateJson { get; set; }
    /// <summary>How it ended (done, proposed, declined, refused, failed, handed_off, left); null while active.</summary>
    public string? Outcome { get; set; }
    public bool Active { get; set; }
    public required DateTimeOffset StartedAt { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The turn that last moved it: a turn processed again after a crash sees it has already moved.</summary>
    public Guid LastTurnId { get; set; }
    /// <summary>Optimistic concurrency: two nodes moving the same run at once is a conflict, not a double step.</summary>
    public int Version { get; set; }
}

internal sealed class ProcedureRunConfiguration : IEntityTypeConfiguration<ProcedureRun>
{
    public void Configure(EntityTypeBuilder<ProcedureRun> builder)
    {
        builder.ToTable("procedure_runs");
        builder.Property(r => r.FirmId).HasMaxLength(64);
        builder.Property(r => r.ProcedureId).HasMaxLength(64);
        builder.Property(r => r.Topic).HasMaxLength(64);
        builder.Property(r => r.Step).HasMaxLength(16);
        builder.Property(r => r.Outcome).HasMaxLength(16);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ConversationId, r.Active });
    }
}
