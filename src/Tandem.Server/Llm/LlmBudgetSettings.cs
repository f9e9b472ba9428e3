namespace Tandem.Server.Llm;

/// <summary>
/// A firm's language-model budget, from firm.yaml's <c>llm_budget:</c>. Money is GBP; the month is the
/// calendar month in UTC.
/// </summary>
/// <param name="MonthlyLimit">The hard stop, in pounds: at or above it the responder falls back to the embedded one.</param>
/// <param name="WarnAt">The share of the limit at which a warning is audited (0.8 = 80 %).</param>
/// <param name="InputPricePerMillion">Pounds per million input tokens, as the provider charges.</param>
/// <param name="OutputPricePerMillion">Pounds per million output tokens, as the provider charges.</param>
internal sealed record LlmBudgetSettings(decimal MonthlyLimit, decimal WarnAt, decimal InputPricePerMillion, decimal OutputPricePerMillion)
{
    public const decimal DefaultWarnAt = 0.8m;

    /// <summary>Millionths of a pound for these tokens: a price in £ per million tokens is µ£ per token.</summary>
    public long CostMicros(long inputTokens, long outputTokens) =>
        (long)Math.Round(inputTokens * InputPricePerMillion + outputTokens * OutputPricePerMillion, MidpointRounding.AwayFromZero);

    public long LimitMicros => (long)(MonthlyLimit * 1_000_000m);

    public long WarnMicros => (long)Math.Round(MonthlyLimit * WarnAt * 1_000_000m, MidpointRounding.AwayFromZero);
}
