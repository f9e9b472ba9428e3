using Tandem.Rules.Guard;

namespace Tandem.Rules.Tests.Guard;

public sealed class ForbiddenPhrasesAreCaught
{
    [Fact]
    public void AForbiddenPhraseIsCaughtWhateverItsCase()
    {
        string[] forbidden = ["As an AI", "legal advice"];

        var result = DraftGuard.Check("as an ai, I can tell you returns are accepted within 30 days of delivery.", Policy.All(), forbidden);

        Assert.False(result.Passed);
        Assert.Equal(["As an AI"], result.ForbiddenPhrases);
        Assert.Contains("forbidden phrase: \"As an AI\"", result.Problems);
    }

    [Fact]
    public void EveryForbiddenPhrasePresentIsListed()
    {
        string[] forbidden = ["Legal Advice", "sue", "as an ai"];

        var result = DraftGuard.Check("This is not LEGAL ADVICE. You could SUE.", [], forbidden);

        Assert.Equal(["Legal Advice", "sue"], result.ForbiddenPhrases);
    }

    [Fact]
    public void AForbiddenPhraseSpanningSentencesIsStillCaught()
    {
        var result = DraftGuard.Check("Thanks. Mate", [], ["thanks. mate"]);

        Assert.Equal(["thanks. mate"], result.ForbiddenPhrases);
    }

    [Fact]
    public void AnEmptyForbiddenPhraseMatchesNothing()
    {
        var result = DraftGuard.Check("Thanks!", [], [""]);

        Assert.True(result.Passed);
        Assert.Empty(result.ForbiddenPhrases);
    }

    [Fact]
    public void WithoutAForbiddenListOnlyGroundingAndCommitmentsCount()
    {
        var result = DraftGuard.Check(Policy.Returns, Policy.All(), null);

        Assert.True(result.Passed);
        Assert.Empty(result.ForbiddenPhrases);
    }
}
