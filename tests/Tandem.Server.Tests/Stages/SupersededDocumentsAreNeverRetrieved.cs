namespace Tandem.Server.Tests.Stages;

public sealed class SupersededDocumentsAreNeverRetrieved
{
    private const string Superseded = "returns-policy-2022.md";

    [Fact]
    public void TheSamplePackKeepsTheOldReturnsPolicyButMarksItReplaced()
    {
        var old = Assert.Single(SamplePack.Pack.Knowledge, d => d.FileName == Superseded);
        Assert.Equal("returns-policy.md", old.SupersededBy);
    }

    [Fact]
    public void NoPassageComesFromASupersededDocument()
    {
        Assert.DoesNotContain(SamplePack.Firm.Knowledge.Passages, p => p.Source == Superseded);
        Assert.Contains(SamplePack.Firm.Knowledge.Passages, p => p.Source == "returns-policy.md");
    }

    [Theory]
    // Sentences of the old policy itself: the closest possible match is still never returned.
    [InlineData("Returns are free. Every parcel we send includes a Freepost returns label, so there's nothing to pay.")]
    [InlineData("You can return any item within 14 days of delivery for a full refund.")]
    [InlineData("For hygiene reasons, we can't accept returns of pillows once they've been used.")]
    [InlineData("Stick the Freepost label over the original delivery label.")]
    [InlineData("returns@harbourhome.example")]
    [InlineData("is return postage free")]
    [InlineData("i lost my freepost label")]
    public void ASearchNeverReturnsIt(string query)
    {
        var results = SamplePack.Firm.Knowledge.Search(query, 50);
        Assert.DoesNotContain(results, r => r.Passage.Source == Superseded);
    }
}
