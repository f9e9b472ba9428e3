using Tandem.Server.Firms;
using Tandem.Server.Tests.Firms;

namespace Tandem.Server.Tests.Llm;

public sealed class TheBudgetSectionIsValidated
{
    private const string Budget = """
        llm_budget:
          monthly_limit: 50.00
          warn_at: 0.75
          input_price_per_million: 2.00
          output_price_per_million: 8.00

        """;

    [Fact]
    public void AWellFormedBudgetIsRead()
    {
        using var pack = new TestPack();
        pack.Write("firm.yaml", TestPack.FirmYaml + Budget);

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Empty(result.Problems);
        var budget = result.Pack!.Profile.LlmBudget!;
        Assert.Equal(50.00m, budget.MonthlyLimit);
        Assert.Equal(0.75m, budget.WarnAt);
        Assert.Equal(2.00m, budget.InputPricePerMillion);
        Assert.Equal(8.00m, budget.OutputPricePerMillion);
        // 3,000 tokens in and 400 out: £0.006 + £0.0032.
        Assert.Equal(9_200, budget.CostMicros(3_000, 400));
    }

    [Fact]
    public void TheWarningDefaultsToEightyPercent()
    {
        using var pack = new TestPack();
        pack.Write("firm.yaml", TestPack.FirmYaml + Budget.Replace("  warn_at: 0.75\n", "", StringComparison.Ordinal));

        Assert.Equal(0.8m, FirmPackLoader.Load(pack.Root).Pack!.Profile.LlmBudget!.WarnAt);
    }

    [Fact]
    public void WithoutTheSectionThereIsNoBudget()
    {
        using var pack = new TestPack();

        Assert.Null(FirmPackLoader.Load(pack.Root).Pack!.Profile.LlmBudget);
    }

    public static TheoryData<string, string, string> Broken => new()
    {
        { "monthly_limit: 50.00", "monthly_limit: £50", "'monthly_limit' in 'llm_budget' must be" },
        { "monthly_limit: 50.00", "monthly_limit: 0", "out of range" },
        { "monthly_limit: 50.00", "monthly_limit: 49.999", "at most 2 decimal places" },
        { "monthly_limit: 50.00", "monthly_limit: -5", "must be" },
        { "warn_at: 0.75", "warn_at: 80", "expected a share of the limit above 0 and below 1" },
        { "warn_at: 0.75", "warn_at: 1", "expected a share of the limit above 0 and below 1" },
        { "  input_price_per_million: 2.00\n", "", "Missing required key 'input_price_per_million' in 'llm_budget'" },
        { "output_price_per_million: 8.00", "output_price_per_milion: 8.00", "Did you mean 'output_price_per_million'?" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void ABrokenBudgetIsReportedInFirmYamlWithItsLine(string find, string replacement, string expectedWords)
    {
        using var pack = new TestPack();
        pack.Write("firm.yaml", TestPack.FirmYaml + Budget);
        pack.Replace("firm.yaml", find, replacement);

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Null(result.Pack);
        var problem = Assert.Single(result.Problems, p => p.File == "firm.yaml" && p.Message.Contains(expectedWords, StringComparison.Ordinal));
        // The section starts on line 17 of the test pack: a missing key points at it, a bad value at its own line.
        Assert.InRange(problem.Line, 17, 22);
    }
}
