using Tandem.Rules.Audit;

namespace Tandem.Rules.Tests.Audit;

public sealed class AValidChainVerifies
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(250)]
    public void AChainBuiltByAppendingVerifiesAndCountsEveryEvent(int count)
    {
        var result = AuditVerifier.Verify(Chains.Build(count));

        Assert.True(result.Intact);
        Assert.Null(result.FirstBrokenSequence);
        Assert.Null(result.Problem);
        Assert.Equal(count, result.Checked);
        Assert.Empty(result.Redacted);
    }

    [Fact]
    public void AnEmptyLogIsIntact()
    {
        var result = AuditVerifier.Verify([]);

        Assert.True(result.Intact);
        Assert.Equal(0, result.Checked);
    }

    [Fact]
    public void TheFirstEventLinksToTheGenesisHashAndEachLaterEventToTheOneBefore()
    {
        var chain = Chains.Build(4);

        Assert.Equal(AuditChain.Genesis, chain[0].PrevHash);
        Assert.Equal(64, AuditChain.Genesis.Length);
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].Hash, chain[i].PrevHash);
        }
    }

    [Fact]
    public void PayloadHashesAreLowercaseHexSha256()
    {
        // SHA-256 of the empty string and of "abc", the standard test vectors.
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditChain.HashPayload(""));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AuditChain.HashPayload("abc"));
    }

    [Fact]
    public void TheLinkHashDependsOnTheInstantNotTheOffsetItWasRecordedIn()
    {
        var at = new DateTimeOffset(2026, 6, 15, 9, 0, 0, TimeSpan.FromHours(1));
        var link = new ChainLink(1, "reply.sent", "ai", at, AuditChain.HashPayload("x"), AuditChain.Genesis);

        Assert.Equal(AuditChain.HashLink(link), AuditChain.HashLink(link with { CreatedAt = at.ToUniversalTime() }));
        Assert.NotEqual(AuditChain.HashLink(link), AuditChain.HashLink(link with { CreatedAt = at.AddTicks(1) }));
    }
}
