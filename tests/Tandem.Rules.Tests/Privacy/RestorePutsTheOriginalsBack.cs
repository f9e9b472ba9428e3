using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Privacy;
using static Tandem.Rules.Tests.Privacy.Redacting;

namespace Tandem.Rules.Tests.Privacy;

public sealed class RestorePutsTheOriginalsBack
{
    [Fact]
    public void TheModelsReplyGetsTheCustomersDetailsBack()
    {
        var redaction = Redact("Hi I'm Sarah, can you change the delivery to LS1 5HD and text 07700 900123 when it's out?");
        var reply = "Thanks [NAME_1]. I've asked the team to deliver to [POSTCODE_1]; we'll text [PHONE_1] when it leaves.";

        Assert.Equal("Thanks Sarah. I've asked the team to deliver to LS1 5HD; we'll text 07700 900123 when it leaves.", redaction.Restore(reply));
    }

    [Fact]
    public void APlaceholderTheConversationNeverIssuedStaysVisible()
    {
        var redaction = Redact("Sarah here");

        Assert.Equal("Hello Sarah, your card [CARD_1] and [name_7]", redaction.Restore("Hello [name_1], your card [CARD_1] and [name_7]"));
    }

    [Fact]
    public void ATextWithNothingPersonalRestoresToItself()
    {
        var redaction = Redact("where is my parcel");

        Assert.Equal("where is my parcel", redaction.Text);
        Assert.Equal("Your parcel left on Monday.", redaction.Restore("Your parcel left on Monday."));
    }

    // No reference words ("order", "parcel"): a phone-shaped number straight after one is taken as that
    // reference (see OrderNumbersAreRedactedWhenTheFirmSaysSo), which this property is not about.
    private static readonly string[] Fillers =
    [
        "hi", "my", "delivery", "hasn't", "arrived", "please", "ring", "me", "on", "email", "it's", "the", "sofa", "£49.99",
        "3 to 5 working days", "12/11/2026", "ok?", "thanks!", "HH-2026-004512", "refund", "to", "\n", "—", "x",
    ];

    private static readonly string[] Personal =
    [
        "Sarah", "O'Brien", "sarah@example.com", "s.obrien@btinternet.co.uk", "07700 900123", "+44 117 496 0000", "BS1 4DJ",
        "sw1a 1aa", "4111 1111 1111 1111", "5555-5555-5555-4444", "GB82 WEST 1234 5698 7654 32", "sort code 20-00-00",
        "account 12345678", "AB 12 34 56 C", "+33 6 12 34 56 78",
    ];

    private static Gen<string> Messages() =>
        Gen.Frequency(
                (3, Gen.Elements(Fillers)),
                (1, Gen.Elements(Personal)))
            .ListOf()
            .Select(parts => string.Join(" ", parts));

    [Property(MaxTest = 400)]
    public Property RestoringARedactedMessageGivesTheMessageBack() =>
        Prop.ForAll(Messages().ToArbitrary(), message =>
        {
            var redaction = PersonalData.Redact(message, CustomerAndOrders);

            Assert.Equal(message, redaction.Restore(redaction.Text));
        });

    [Property(MaxTest = 400)]
    public Property NoPersonalValueSurvivesRedaction() =>
        Prop.ForAll(Messages().ToArbitrary(), message =>
        {
            var text = PersonalData.Redact(message, CustomerAndOrders).Text;

            foreach (var value in new[] { "Sarah", "O'Brien", "example.com", "07700", "BS1 4DJ", "4111", "WEST", "20-00-00", "12345678", "AB 12", "HH-2026" })
            {
                Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
            }
        });

    [Property(MaxTest = 300)]
    public Property AReplyThatEchoesThePlaceholdersInAnyOrderGetsEveryOriginal() =>
        Prop.ForAll(Messages().ToArbitrary(), Gen.Shuffle(Enumerable.Range(0, 20).ToArray()).ToArbitrary(), (message, order) =>
        {
            var redaction = PersonalData.Redact(message, CustomerAndOrders);
            var placeholders = redaction.Found.Select(f => f.Placeholder).Distinct().ToList();
            var shuffled = order.Where(i => i < placeholders.Count).Select(i => placeholders[i]).ToList();
            var reply = "We have " + string.Join(", and ", shuffled) + " on file.";

            var restored = redaction.Restore(reply);

            var expected = "We have " + string.Join(", and ", shuffled.Select(p => redaction.Placeholders[p])) + " on file.";
            Assert.Equal(expected, restored);
        });
}
