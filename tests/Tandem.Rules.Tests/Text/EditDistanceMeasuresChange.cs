using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Text;

namespace Tandem.Rules.Tests.Text;

public sealed class EditDistanceMeasuresChange
{
    private static Gen<string> Words() =>
        Gen.ArrayOf(Gen.Elements('a', 'b', 'c', 'd', ' ', 'é', '£'))
            .Select(chars => new string(chars));

    private static Arbitrary<(string A, string B)> Pairs() => Words().Two().ToArbitrary();

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("Your refund is on its way.")]
    public void IdenticalTextsAreZeroApart(string text)
    {
        Assert.Equal(0, EditDistance.Normalised(text, text));
    }

    [Theory]
    [InlineData("abc", "xyz")]
    [InlineData("", "anything")]
    [InlineData("anything", "")]
    [InlineData("aaaa", "bb")]
    public void TextsWithNothingInCommonAreOneApart(string a, string b)
    {
        Assert.Equal(1, EditDistance.Normalised(a, b));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3, 7)]
    [InlineData("flaw", "lawn", 2, 4)]
    [InlineData("Saturday", "Sunday", 3, 8)]
    [InlineData("refund", "refunds", 1, 7)]
    [InlineData("abc", "ABC", 3, 3)]
    public void KnownPairsGiveTheirLevenshteinDistanceOverTheLongerLength(string a, string b, int edits, int longer)
    {
        Assert.Equal((double)edits / longer, EditDistance.Normalised(a, b), 12);
    }

    [Property(MaxTest = 300)]
    public Property DistanceIsSymmetric() =>
        Prop.ForAll(Pairs(), pair =>
            Assert.Equal(EditDistance.Normalised(pair.A, pair.B), EditDistance.Normalised(pair.B, pair.A)));

    [Property(MaxTest = 300)]
    public Property DistanceLiesBetweenZeroAndOne() =>
        Prop.ForAll(Pairs(), pair =>
            Assert.InRange(EditDistance.Normalised(pair.A, pair.B), 0, 1));

    [Property(MaxTest = 300)]
    public Property DistanceIsZeroExactlyWhenTheTextsAreEqual() =>
        Prop.ForAll(Pairs(), pair =>
            Assert.Equal(string.Equals(pair.A, pair.B, StringComparison.Ordinal), EditDistance.Normalised(pair.A, pair.B) == 0));

    [Property(MaxTest = 300)]
    public Property OneEditIsOneOverTheLongerLength() =>
        Prop.ForAll(Words().Where(w => w.Length > 0).ToArbitrary(), word =>
        {
            var appended = word + "x";

            Assert.Equal(1.0 / appended.Length, EditDistance.Normalised(word, appended), 12);
        });

    [Fact]
    public void NullIsRefused()
    {
        Assert.Throws<ArgumentNullException>(() => EditDistance.Normalised(null!, "a"));
        Assert.Throws<ArgumentNullException>(() => EditDistance.Normalised("a", null!));
    }
}
