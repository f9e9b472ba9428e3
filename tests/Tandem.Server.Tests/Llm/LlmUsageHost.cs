using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Llm;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// The reference firm with a language-model budget: £0.05 a month (tiny, so a handful of turns
/// reaches it), warning at 80 %, priced at £2.40 per million input tokens and £9.60 per million output.
/// A typical grounded turn (3,000 tokens in, 300 out) costs £0.01008.
/// </summary>
internal static class LlmUsageHost
{
    public const string BudgetYaml = """

        llm_budget:
          monthly_limit: 0.05
          warn_at: 0.8
          input_price_per_million: 2.40
          output_price_per_million: 9.60

        """;

    public static async Task<TandemHost> StartAsync(Store store, DateTimeOffset now)
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        await File.AppendAllTextAsync(Path.Combine(pack, "firm.yaml"), BudgetYaml);
        return await TandemHost.StartAsync(store, now, settings: new Dictionary<string, string?> { ["Tandem:Firms:0"] = pack });
    }

    /// <summary>One turn's provider call, recorded and committed in its own unit of work as the turn processor would.</summary>
    public static async Task RecordTurnAsync(TandemHost host, string? topic = "delivery", long input = 3_000, long output = 300,
        DateTimeOffset? at = null, string model = "gpt-4o-mini")
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var budget = scope.ServiceProvider.GetRequiredService<LlmBudget>();
        budget.Record(db, new LlmUsageRecord("harbour-home", Guid.NewGuid(), Guid.NewGuid(), topic, "openai", model, input, output,
            at ?? host.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    public static async Task<BudgetCheck> CheckAsync(TandemHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var budget = scope.ServiceProvider.GetRequiredService<LlmBudget>();
        return await budget.CheckAsync(db, "harbour-home", host.Clock.GetUtcNow(), CancellationToken.None);
    }

    public static async Task<IReadOnlyList<string>> BudgetEventsAsync(TandemHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        return [.. db.AuditEvents.Where(e => e.Kind.StartsWith("llm.budget.")).OrderBy(e => e.Sequence).Select(e => e.Kind)];
    }
}
