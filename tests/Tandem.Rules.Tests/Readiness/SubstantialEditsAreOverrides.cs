using Tandem.Rules.Readiness;

namespace Tandem.Rules.Tests.Readiness;

public sealed class SubstantialEditsAreOverrides
{
    private const string Draft = "Standard delivery is £4.95 and takes 3-5 working days. Orders over £50 are delivered free.";

    private static ReviewFacts Edited(string final, double? distance = null) =>
        new("edited", Draft, final, distance ?? Tandem.Rules.Text.EditDistance.Normalised(Draft, final), Critical: false);

    [Fact]
    public void AnApprovedDraftIsNeverAnOverride()
    {
        Assert.False(OverrideRules.IsOverride(new ReviewFacts("approved", Draft, Draft, 0, false)));
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("taken_over")]
    [InlineData("something_new")]
    public void ADraftNotUsedIsAnOverride(string outcome)
    {
        Assert.True(OverrideRules.IsOverride(new ReviewFacts(outcome, Draft, null, null, false)));
    }

    [Fact]
    public void AGreetingAndSignOffAreAMinorEdit()
    {
        var final = "Hi Sam, " + Draft + " Thanks, Jo";
        Assert.False(OverrideRules.IsOverride(Edited(final)));
    }

    [Fact]
    public void ASpellingFixIsAMinorEdit()
    {
        Assert.False(OverrideRules.IsOverride(Edited(Draft.Replace("delivered", "deliverd", StringComparison.Ordinal))));
    }

    [Fact]
    public void ChangingAnAmountIsSubstantialHoweverSmallTheEdit()
    {
        var final = Draft.Replace("£4.95", "£5.95", StringComparison.Ordinal);
        var review = Edited(final);
        Assert.True(review.EditDistance < 0.05);
        Assert.True(OverrideRules.IsOverride(review));
    }

    [Fact]
    public void ChangingANumberOfDaysIsSubstantial()
    {
        Assert.True(OverrideRules.IsOverride(Edited(Draft.Replace("3-5 working days", "5-7 working days", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("It will arrive on 12 March.", "It will arrive on 14 March.")]
    [InlineData("It will arrive on 12/03/2026.", "It will arrive on 13/03/2026.")]
    [InlineData("It will arrive on March 12th.", "It will arrive on March 13th.")]
    public void ChangingADateIsSubstantial(string draft, string final)
    {
        Assert.True(OverrideRules.FiguresChanged(draft, final));
        Assert.True(OverrideRules.IsOverride(new ReviewFacts("edited", draft, final, 0.01, false)));
    }

    [Fact]
    public void TheSameDateWrittenAgainIsNotAChange()
    {
        Assert.False(OverrideRules.FiguresChanged("Arriving 12 March.", "Arriving 12th of March, thanks!"));
    }

    [Fact]
    public void RemovingAFigureIsSubstantial()
    {
        Assert.True(OverrideRules.FiguresChanged(Draft, "Standard delivery takes 3-5 working days. Orders over £50 are delivered free."));
    }

    [Fact]
    public void MostOfTheReplyRewrittenIsSubstantial()
    {
        Assert.True(OverrideRules.IsOverride(Edited("Sorry, we can't deliver to that address; please call us.")));
    }

    [Theory]
    [InlineData(0.2, false)]
    [InlineData(0.2001, true)]
    [InlineData(0.5, true)]
    public void TheThresholdIsAboveOneFifth(double distance, bool substantial)
    {
        Assert.Equal(substantial, OverrideRules.IsSubstantialEdit(Draft, Draft, distance));
    }

    [Fact]
    public void AnEditWithoutTextsIsJudgedOnItsDistanceAlone()
    {
        Assert.False(OverrideRules.IsSubstantialEdit(null, null, 0.1));
        Assert.True(OverrideRules.IsSubstantialEdit(null, null, 0.3));
        Assert.False(OverrideRules.IsSubstantialEdit(null, null, null));
    }

    [Fact]
    public void ASeriousErrorOnlyCountsOnADraftThatWasNotApproved()
    {
        Assert.True(OverrideRules.IsCritical(new ReviewFacts("rejected", Draft, null, null, true)));
        Assert.True(OverrideRules.IsCritical(new ReviewFacts("edited", Draft, Draft + " x", 0.01, true)));
        Assert.False(OverrideRules.IsCritical(new ReviewFacts("approved", Draft, Draft, 0, true)));
        Assert.False(OverrideRules.IsCritical(new ReviewFacts("rejected", Draft, null, null, false)));
    }
}
