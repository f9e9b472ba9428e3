using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

/// <summary>
/// Word overlap alone passes "we can reserve items" against "we can't reserve items": the guard
/// compares the polarity of a statement with the source sentence it restates.
/// </summary>
public sealed class AFlippedStatementContradictsItsSource
{
    private const string Holding = "We don't take orders over the phone. We can't reserve or hold items for you.";
    private const string Delivery = "Standard delivery costs £3.95 and is free over £50 (not counting delivery charges). Orders arrive in 3–5 working days.";
    private const string Fitting = "Our two-person team will carry your furniture in and take the packaging away, but they can't assemble it.";

    [Theory]
    [InlineData("We can reserve items for you.")]
    [InlineData("Yes, we can hold or reserve items.")]
    [InlineData("Our team will assemble your furniture and take the packaging away.")]
    public void AStatementThatDropsTheSourcesNegationFails(string draft)
    {
        var result = DraftGuard.Check(draft, [new("kb:a", Holding), new("kb:b", Fitting)]);

        Assert.False(result.Passed);
        var contradiction = Assert.Single(result.Contradictions);
        Assert.Contains(draft, contradiction, StringComparison.Ordinal);
        Assert.Contains(result.Problems, p => p.StartsWith("contradicts its source:", StringComparison.Ordinal));
    }

    [Fact]
    public void AStatementThatAddsANegationTheSourceDoesNotHaveFails()
    {
        var result = DraftGuard.Check("Standard delivery isn't free over £50.", Policy.Only(Delivery));

        Assert.False(result.Passed);
        Assert.Single(result.Contradictions);
    }

    [Theory]
    [InlineData("We can't reserve items, sorry.")]
    [InlineData("We don't take orders over the phone.")]
    [InlineData("The team will take the packaging away, but they can't assemble your furniture.")]
    public void AParaphraseThatKeepsTheNegationPasses(string draft)
    {
        var result = DraftGuard.Check(draft, [new("kb:a", Holding), new("kb:b", Fitting)]);

        Assert.Empty(result.Contradictions);
    }

    [Fact]
    public void ANegationInAnotherClauseOfTheSourceIsNotHeldAgainstTheDraft()
    {
        // The source sentence is negated only in its aside about delivery charges.
        var result = DraftGuard.Check("Standard delivery is free over £50.", Policy.Only(Delivery));

        Assert.Empty(result.Contradictions);
        Assert.True(result.Passed, string.Join("; ", result.Problems));
    }

    [Fact]
    public void EveryItemOfANegatedListIsNegated()
    {
        var result = DraftGuard.Check("Sorry, we can't hold items.", [new("kb:a", "We can't reserve, hold or set aside items.")]);

        Assert.Empty(result.Contradictions);
    }

    [Fact]
    public void AStatementAboutSomethingElseIsNotComparedAtAll()
    {
        var result = DraftGuard.Check("Refunds reach your card within 5 working days.", [new("kb:a", Holding)]);

        Assert.Empty(result.Contradictions);
    }
}
