using Tandem.Rules.Knowledge;

namespace Tandem.Rules.Tests.Knowledge;

public sealed class StatedQuantitiesReadTypedFigures
{
    private static IEnumerable<(QuantityKind Kind, string Role, string Value)> Read(string sentence) =>
        StatedQuantities.Extract(sentence).Select(q => (q.Kind, q.Role, q.Value));

    [Fact]
    public void AThirtyDayReturnAndThirtyDaysAreTheSameDuration()
    {
        var hyphenated = Read("We offer 30-day returns on most items.").Single();
        var spelled = Read("You can return most items within 30 days of delivery.").Single();
        Assert.Equal(hyphenated.Value, spelled.Value);
        Assert.Equal("30 days", spelled.Value);
    }

    [Fact]
    public void TwoWeeksAreFourteenDaysButWorkingDaysStayWorkingDays()
    {
        Assert.Equal("14 days", Read("Send it back within 2 weeks.").Single().Value);
        Assert.Equal("3–5 working days", Read("It arrives in 3–5 working days.").Single().Value);
    }

    [Fact]
    public void APriceAndAFreeDeliveryThresholdHaveDifferentRoles()
    {
        var found = Read("Standard delivery costs £4.95, or free on orders over £50.").ToList();
        Assert.Contains((QuantityKind.Money, StatedQuantities.Amount, "£4.95"), found);
        Assert.Contains((QuantityKind.Money, StatedQuantities.Threshold, "£50.00"), found);
    }

    [Fact]
    public void OpeningHoursPhoneNumbersAndEmailsAreReadWhole()
    {
        var found = Read("Call 0117 496 0000 or email Support@HarbourHome.example, Monday to Friday 9:00–17:30.").ToList();
        Assert.Contains((QuantityKind.Phone, "contact", "01174960000"), found);
        Assert.Contains((QuantityKind.Email, "contact", "support@harbourhome.example"), found);
        Assert.Contains((QuantityKind.Hours, "hours", "09:00–17:30"), found);
        // The phone number's digits are not durations or money.
        Assert.Equal(3, found.Count);
    }

    [Theory]
    [InlineData("Email returns@harbourhome.example or call us on 0117 496 0000, Monday to Friday 09:00–17:00.", "09:00–17:00")]
    [InlineData("Monday to Friday, 09:00–17:30", "09:00–17:30")]
    public void OpeningHoursAreReadBesideOtherContactDetails(string sentence, string hours)
    {
        Assert.Contains((QuantityKind.Hours, "hours", hours), Read(sentence));
        var quantity = StatedQuantities.Extract(sentence).Single(q => q.Kind == QuantityKind.Hours);
        Assert.Contains("Monday to Friday", StatedQuantities.Clause(sentence, quantity), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("within 14 days", "within 30 days", true)]
    [InlineData("within 14 days", "within 5 working days", true)]
    [InlineData("within 8 weeks", "within 1 working day", false)]
    [InlineData("costs £29", "costs £1,299", false)]
    [InlineData("costs £3.95", "costs £4.95", true)]
    public void OnlyFiguresOfTheSameOrderOfMagnitudeCanBeOneFactStatedTwice(string a, string b, bool comparable)
    {
        Assert.Equal(comparable, StatedQuantities.Comparable(StatedQuantities.Extract(a).Single(), StatedQuantities.Extract(b).Single()));
    }

    [Fact]
    public void PercentagesAreReadWithOrWithoutTheSign()
    {
        Assert.Equal("20%", Read("VAT at 20%.").Single().Value);
        Assert.Equal("20%", Read("a fee of 20 per cent").Single().Value);
    }

    [Fact]
    public void MaskingTakesTheFiguresOutAndKeepsTheUnit()
    {
        Assert.Equal("Return it within days of delivery for a refund.", StatedQuantities.Mask("Return it within 14 days of delivery for a refund."));
    }

    [Fact]
    public void TableRowsAndListItemsBecomeSentences()
    {
        var sentences = StatedQuantities.Sentences("""
            | Day | Hours |
            |---|---|
            | Monday to Friday | 09:00–17:30 |

            - **Phone:** call us. We reply within 1 working day.
            """);
        Assert.Equal(["Day, Hours", "Monday to Friday, 09:00–17:30", "Phone: call us.", "We reply within 1 working day."], sentences);
    }
}
