using Tandem.Rules.Audit;

namespace Tandem.Rules.Tests.Audit;

public sealed class TamperingIsCaught
{
    private const int Length = 8;
    private const int Target = 5; // the sequence number tampered with; index Target - 1

    private static List<StoredAuditEvent> Tampered(Func<StoredAuditEvent, StoredAuditEvent> change)
    {
        var chain = Chains.Build(Length);
        chain[Target - 1] = change(chain[Target - 1]);
        return chain;
    }

    private static void AssertBrokenAt(ChainVerification result, long sequence, string problemMentions)
    {
        Assert.False(result.Intact);
        Assert.Equal(sequence, result.FirstBrokenSequence);
        Assert.NotNull(result.Problem);
        Assert.Contains(problemMentions, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangedPayloadIsCaughtAtItsEvent()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { Payload = e.Payload + " " }));

        AssertBrokenAt(result, Target, "payload does not match its recorded hash");
        Assert.Equal(Target, result.Checked);
    }

    [Fact]
    public void AMissingPayloadOnAnUnredactedEventIsCaught()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { Payload = null }));

        AssertBrokenAt(result, Target, "payload does not match its recorded hash");
    }

    [Fact]
    public void AChangedPayloadWithARecomputedPayloadHashIsCaughtByTheEventHash()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { Payload = "{}", PayloadHash = AuditChain.HashPayload("{}") }));

        AssertBrokenAt(result, Target, "event hash does not match its fields");
    }

    [Fact]
    public void AChangedKindIsCaughtAtItsEvent()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { Kind = "mode.changed.by.someone.else" }));

        AssertBrokenAt(result, Target, "event hash does not match its fields (kind, actor, time or payload hash was changed)");
    }

    [Fact]
    public void AChangedActorIsCaughtAtItsEvent()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { Actor = "agent:mallory" }));

        AssertBrokenAt(result, Target, "event hash does not match its fields");
    }

    [Fact]
    public void AChangedTimeIsCaughtAtItsEvent()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { CreatedAt = e.CreatedAt.AddSeconds(-1) }));

        AssertBrokenAt(result, Target, "event hash does not match its fields");
    }

    [Fact]
    public void AChangedPreviousHashIsCaughtAtItsEvent()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { PrevHash = AuditChain.Genesis }));

        AssertBrokenAt(result, Target, "previous-hash link does not match the event before it");
    }

    [Fact]
    public void AChangedHashIsCaughtAtItsEvent()
    {
        var result = AuditVerifier.Verify(Tampered(e => e with { Hash = AuditChain.HashPayload("forged") }));

        AssertBrokenAt(result, Target, "event hash does not match its fields");
    }

    [Fact]
    public void AnEventRecomputedAfterAnEditBreaksTheLinkToTheNextEvent()
    {
        // The forger fixes up the edited event's own hash, but the next event still points at the old one.
        var result = AuditVerifier.Verify(Tampered(e =>
        {
            var kind = "reply.withdrawn";
            return e with { Kind = kind, Hash = AuditChain.HashLink(new ChainLink(e.Sequence, kind, e.Actor, e.CreatedAt, e.PayloadHash, e.PrevHash)) };
        }));

        AssertBrokenAt(result, Target + 1, "previous-hash link does not match");
    }

    [Fact]
    public void ADeletedEventIsCaughtWhereTheGapIs()
    {
        var chain = Chains.Build(Length);
        chain.RemoveAt(Target - 1);

        var result = AuditVerifier.Verify(chain);

        AssertBrokenAt(result, Target + 1, $"sequence {Target + 1} found where {Target} was expected (an event is missing or was inserted)");
    }

    [Fact]
    public void ADeletedLastEventCannotBeSeenFromTheChainAlone()
    {
        // Truncation leaves a shorter valid chain; only the count tells. Pinned so nobody thinks otherwise.
        var chain = Chains.Build(Length);
        chain.RemoveAt(Length - 1);

        var result = AuditVerifier.Verify(chain);

        Assert.True(result.Intact);
        Assert.Equal(Length - 1, result.Checked);
    }

    [Fact]
    public void AnInsertedEventIsCaughtAtTheEventItDisplaced()
    {
        var chain = Chains.Build(Length);
        var forged = Chains.Append(chain.Take(Target - 1).ToList(), "reply.sent", "ai", chain[Target - 2].CreatedAt.AddSeconds(1), "forged");
        chain.Insert(Target - 1, forged);

        var result = AuditVerifier.Verify(chain);

        // The forgery itself is well formed; the original event it displaced is where the chain stops fitting.
        AssertBrokenAt(result, Target, $"sequence {Target} found where {Target + 1} was expected");
    }

    [Fact]
    public void AnInsertedEventWithRenumberedSuccessorsIsCaughtByTheBrokenLink()
    {
        var chain = Chains.Build(Length);
        var forged = Chains.Append(chain.Take(Target - 1).ToList(), "reply.sent", "ai", chain[Target - 2].CreatedAt.AddSeconds(1), "forged");
        chain.Insert(Target - 1, forged);
        for (var i = Target; i < chain.Count; i++)
        {
            chain[i] = chain[i] with { Sequence = i + 1 };
        }

        var result = AuditVerifier.Verify(chain);

        AssertBrokenAt(result, Target + 1, "previous-hash link does not match");
    }

    [Fact]
    public void SwappedEventsAreCaughtAtTheFirstOutOfPlace()
    {
        var chain = Chains.Build(Length);
        (chain[Target - 1], chain[Target]) = (chain[Target], chain[Target - 1]);

        var result = AuditVerifier.Verify(chain);

        AssertBrokenAt(result, Target + 1, $"sequence {Target + 1} found where {Target} was expected");
    }

    [Fact]
    public void SwappedEventsWithSwappedSequenceNumbersAreCaughtByTheLinks()
    {
        var chain = Chains.Build(Length);
        var (a, b) = (chain[Target - 1], chain[Target]);
        chain[Target - 1] = b with { Sequence = a.Sequence };
        chain[Target] = a with { Sequence = b.Sequence };

        var result = AuditVerifier.Verify(chain);

        AssertBrokenAt(result, Target, "previous-hash link does not match");
    }

    [Fact]
    public void TamperingWithTheFirstEventIsCaughtAtSequenceOne()
    {
        var chain = Chains.Build(Length);
        chain[0] = chain[0] with { Actor = "system " };

        var result = AuditVerifier.Verify(chain);

        AssertBrokenAt(result, 1, "event hash does not match its fields");
        Assert.Equal(1, result.Checked);
    }

    [Fact]
    public void AChainThatDoesNotStartAtOneIsCaught()
    {
        var chain = Chains.Build(Length);
        chain.RemoveAt(0);

        var result = AuditVerifier.Verify(chain);

        AssertBrokenAt(result, 2, "sequence 2 found where 1 was expected");
    }
}
