using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Audit;

namespace Tandem.Rules.Tests.Audit;

public sealed class AnySingleFieldMutationIsDetected
{
    private enum Field
    {
        Sequence,
        Kind,
        Actor,
        CreatedAt,
        Payload,
        PayloadHash,
        PrevHash,
        Hash,
    }

    private sealed record Case(int Length, int Index, Field Field, string Text, int Nudge)
    {
        public override string ToString() => $"chain of {Length}, event {Index + 1}, {Field} changed using \"{Text}\" / {Nudge}";
    }

    private static Arbitrary<Case> Cases() =>
        (from length in Gen.Choose(1, 40)
         from index in Gen.Choose(0, length - 1)
         from field in Gen.Elements(Enum.GetValues<Field>())
         from text in Gen.Elements("", " ", "x", "system", "agent:mallory", "\n", "reply.sent", "{}", "é")
         from nudge in Gen.Choose(1, 1_000_000).Select(n => n % 2 == 0 ? n : -n)
         select new Case(length, index, field, text, nudge)).ToArbitrary();

    /// <summary>Changes exactly one field so that it differs from what it was.</summary>
    private static StoredAuditEvent Mutate(StoredAuditEvent e, Field field, string text, int nudge) => field switch
    {
        Field.Sequence => e with { Sequence = e.Sequence + nudge },
        Field.Kind => e with { Kind = e.Kind + text + "!" },
        Field.Actor => e with { Actor = text == e.Actor ? text + "!" : text },
        Field.CreatedAt => e with { CreatedAt = e.CreatedAt.AddTicks(nudge) },
        Field.Payload => e with { Payload = e.Payload + text + "!" },
        Field.PayloadHash => e with { PayloadHash = AuditChain.HashPayload(e.PayloadHash + text) },
        Field.PrevHash => e with { PrevHash = AuditChain.HashPayload(e.PrevHash + text) },
        Field.Hash => e with { Hash = AuditChain.HashPayload(e.Hash + text) },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Property(MaxTest = 500)]
    public Property ChangingAnyOneFieldOfAnyEventBreaksTheChainAtOrJustAfterThatEvent() =>
        Prop.ForAll(Cases(), c =>
        {
            var chain = Chains.Build(c.Length);
            var original = chain[c.Index];
            chain[c.Index] = Mutate(original, c.Field, c.Text, c.Nudge);
            Assert.NotEqual(original, chain[c.Index]);

            var result = AuditVerifier.Verify(chain);

            Assert.False(result.Intact);
            // A changed sequence number is reported as the number found; everything else at the event's own place.
            var expected = c.Field == Field.Sequence ? chain[c.Index].Sequence : original.Sequence;
            Assert.Equal(expected, result.FirstBrokenSequence);
            Assert.False(string.IsNullOrWhiteSpace(result.Problem));
        });

    [Property(MaxTest = 200)]
    public Property AnUntouchedChainOfAnyLengthVerifies() =>
        Prop.ForAll(Gen.Choose(0, 60).ToArbitrary(), length =>
        {
            var result = AuditVerifier.Verify(Chains.Build(length));

            Assert.True(result.Intact);
            Assert.Equal(length, result.Checked);
        });
}
