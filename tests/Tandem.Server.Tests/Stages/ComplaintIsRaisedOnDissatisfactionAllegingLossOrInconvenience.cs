using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// A complaint in the FCA's sense (DISP): an expression of dissatisfaction, justified or not, that
/// alleges loss, distress or inconvenience. Asking how to complain is treated as intending to.
/// </summary>
public sealed class ComplaintIsRaisedOnDissatisfactionAllegingLossOrInconvenience
{
    [Theory]
    [InlineData("I want to make a formal complaint about how my order has been handled", "complaint")]
    [InlineData("How do I make a complaint?", "complaint")]
    [InlineData("Third time I've waited in for this delivery and nobody came. I've lost a day's pay over it.", "Third time")]
    [InlineData("waited in all morning, nobody came, lost a days pay", "nobody came")]
    [InlineData("I had to take another day off work and the sofa never turned up", "had to take another day off")]
    [InlineData("still not received my refund and it's been 3 weeks", "still not received")]
    [InlineData("I'm out of pocket by £30 because of your mistake", "out of pocket")]
    [InlineData("I'm not happy with the response from your team and want this escalated", "not happy with the response")]
    [InlineData("This is ridiculous, the table arrived damaged and the party is ruined", "ridiculous")]
    [InlineData("the rain got in and the rug is ruined", "ruined")]
    [InlineData("Absolutely disgusted with how I've been treated", "disgusted")]
    [InlineData("really disappointed, the cushions came ripped", "really disappointed")]
    [InlineData("nobody has got back to me about the missing lamp", "nobody has got back")]
    [InlineData("what a shambles", "shambles")]
    [InlineData("I want compensation for the wasted day", "compensation")]
    [InlineData("I feel really let down", "really let down")]
    [InlineData("worst customer service I've ever had", "worst customer service")]
    public void ItIsRaisedWithTheWordsOfTheComplaint(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.Complaint, text, evidence);

    [Theory]
    [InlineData("How much is delivery to Cardiff?")]
    [InlineData("What's the worst-case delivery time for a made-to-order sofa?")]
    [InlineData("Can the curtains be let down at the hem?")]
    [InlineData("these cushions are ridiculously comfy")]
    [InlineData("I just wanted to compliment your driver, he was lovely")]
    [InlineData("I'm gutted the green one is out of stock")]
    // Changing one's mind about a colour is dissatisfaction with no loss alleged: a return, not a complaint.
    [InlineData("I'm not happy with the colour, can I swap it for the grey?")]
    public void NeutralQuestionsDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.Complaint, text);
}
