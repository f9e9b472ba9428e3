using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 6 of issue 4: the word "complain" was most of the complaint rule's false alarms on every held-out set — someone
/// else complaining, a complaints job or department, the procedure asked about. A customer's own complaint still is one.
/// </summary>
public sealed class SomeoneElsesComplaintOrAComplaintsJobIsNotAComplaint
{
    [Theory]
    [InlineData("I want to make a complaint about the driver", "complaint")]
    [InlineData("I'm complaining because the table was scratched", "complaining")]
    [InlineData("this is my second complaint this month", "complaint")]
    [InlineData("Can I speak to your complaints team? The sofa still hasn't come", "complaints team")]
    public void TheCustomersOwnComplaintIsRaised(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.Complaint, text, evidence);

    [Theory]
    [InlineData("my husband keeps complaining the bed is too soft, which mattress topper would you suggest?")]
    [InlineData("I complained to the council about the bins, anyway, is the oak bench in stock?")]
    [InlineData("I work as a complaints handler for an energy firm, can I get a trade discount?")]
    [InlineData("Is your complaints procedure on the website somewhere? Asking for my records.")]
    [InlineData("The neighbours were complaining about the noise from my old bed frame, hence the new one!")]
    public void SomeoneElsesComplaintOrTheWordAsAJobIsNot(string text) =>
        SignalAssert.NotRaised(SignalKind.Complaint, text);
}
