using Tandem.Rules.Audit;

namespace Tandem.Rules.Tests.Audit;

public sealed class RedactionKeepsTheChainIntact
{
    [Fact]
    public void ARedactedEventStillVerifiesAndIsListedWithWhoRedactedIt()
    {
        var chain = Chains.Build(6);
        chain[2] = Chains.Redact(chain[2], "admin:sam");

        var result = AuditVerifier.Verify(chain);

        Assert.True(result.Intact);
        Assert.Equal(6, result.Checked);
        var redacted = Assert.Single(result.Redacted);
        Assert.Equal(3, redacted.Sequence);
        Assert.Equal("admin:sam", redacted.RedactedBy);
    }

    [Fact]
    public void ARedactedEventWhosePayloadIsNotTheMarkerIsCaught()
    {
        var chain = Chains.Build(4);
        chain[1] = Chains.Redact(chain[1], "ER-20270131-0a1b2c3d") with { Payload = """{"refund":"£5,000 approved by the manager"}""" };

        var result = AuditVerifier.Verify(chain);

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Contains("is not the redaction marker", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AMarkerNamingAnotherErasureIsCaught()
    {
        var chain = Chains.Build(4);
        chain[2] = Chains.Redact(chain[2], "ER-20270131-0a1b2c3d") with { RedactedBy = "ER-20270201-ffffffff" };

        var result = AuditVerifier.Verify(chain);

        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public void TheMarkerIsTheJsonTheIssueDescribes()
    {
        Assert.Equal("""{"redacted":true,"erasure":"ER-20270131-0a1b2c3d"}""", RedactionMarker.For("ER-20270131-0a1b2c3d"));
    }

    [Fact]
    public void SeveralRedactionsAreListedInSequenceOrder()
    {
        var chain = Chains.Build(8);
        chain[6] = Chains.Redact(chain[6], "admin:sam");
        chain[1] = Chains.Redact(chain[1], "admin:lee");

        var result = AuditVerifier.Verify(chain);

        Assert.True(result.Intact);
        Assert.Equal([(2L, "admin:lee"), (7L, "admin:sam")], result.Redacted);
    }

    [Fact]
    public void RedactionDoesNotCoverForAChangedPayloadHash()
    {
        var chain = Chains.Build(5);
        chain[2] = Chains.Redact(chain[2], "admin:sam") with { PayloadHash = AuditChain.HashPayload("[erased]") };

        var result = AuditVerifier.Verify(chain);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("event hash does not match its fields", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactionsBeforeABreakAreStillReported()
    {
        var chain = Chains.Build(6);
        chain[0] = Chains.Redact(chain[0], "admin:sam");
        chain[4] = chain[4] with { Kind = "tampered" };

        var result = AuditVerifier.Verify(chain);

        Assert.Equal(5, result.FirstBrokenSequence);
        Assert.Equal([(1L, "admin:sam")], result.Redacted);
    }
}
