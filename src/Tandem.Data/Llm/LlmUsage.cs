using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Data.Llm;

/// <summary>
/// One call to a language-model provider: who it was for, which model, the tokens the provider
/// reported and what they cost. Written in the same unit of work as the turn that made the call.
/// </summary>
public sealed class LlmUsage
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? TurnId { get; set; }
    /// <summary>The turn's topic, for cost per topic; null when the call was not about a classified message.</summary>
    public string? Topic { get; set; }
    /// <summary>openai | ollama | anthropic (Tandem:Llm:Provider).</summary>
    public required string Provider { get; set; }
    public required string Model { get; set; }
    /// <summary>Input (prompt) tokens, as the provider's usage fields report them.</summary>
    public long InputTokens { get; set; }
    /// <summary>Output (completion) tokens, as the provider's usage fields report them.</summary>
    public long OutputTokens { get; set; }
    /// <summary>
    /// The cost in millionths of a pound (GBP), from the firm's prices per million tokens. Not pence:
    /// a 400-token turn at £0.15 per million tokens costs 0.006 p, which whole pence would round to
    /// nothing, and a month of such turns would never reach the budget.
    /// </summary>
    public long CostMicros { get; set; }
    public required DateTimeOffset At { get; set; }
}

internal sealed class LlmUsageConfiguration : IEntityTypeConfiguration<LlmUsage>
{
    public void Configure(EntityTypeBuilder<LlmUsage> builder)
    {
        builder.ToTable("llm_usage");
        builder.Property(u => u.FirmId).HasMaxLength(64);
        builder.Property(u => u.Topic).HasMaxLength(64);
        builder.Property(u => u.Provider).HasMaxLength(32);
        builder.Property(u => u.Model).HasMaxLength(128);
        // The budget sums a firm's month; insights read a firm's window.
        builder.HasIndex(u => new { u.FirmId, u.At });
        builder.HasIndex(u => u.TurnId);
    }
}
