using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class LegalThreatIsRaisedOnThreatsNotOnTheLawMentioned
{
    [Theory]
    [InlineData("If I don't get my money back by Friday I'm taking you to the small claims court", "taking you to the small claims court")]
    [InlineData("My solicitor will be in touch about this.", "My solicitor")]
    [InlineData("I'm reporting you to Trading Standards", "Trading Standards")]
    [InlineData("I've asked my bank to do a chargeback", "chargeback")]
    [InlineData("i'll sue", "i'll sue")]
    [InlineData("see you in court", "see you in court")]
    [InlineData("I will be seeking legal advice", "legal advice")]
    [InlineData("I'm going to speak to a solicitor", "speak to a solicitor")]
    [InlineData("I'm instructing a lawyer", "instructing a lawyer")]
    [InlineData("this is a breach of the Consumer Rights Act", "Consumer Rights Act")]
    [InlineData("I'll be making a section 75 claim", "section 75 claim")]
    [InlineData("I've contacted the ombudsman", "ombudsman")]
    public void ItIsRaisedWithTheWordsOfTheThreat(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.LegalThreat, text, evidence);

    [Theory]
    // A customer who is a solicitor is not threatening one: this is an ordinary delivery question.
    [InlineData("I'm a solicitor, can I order to my office?")]
    [InlineData("Can you deliver to my solicitor's office instead?")]
    [InlineData("my daughter is a lawyer and she loves the lamp")]
    [InlineData("Sue from your returns team said she'd sort it")]
    [InlineData("do you do the corner sofa in suede?")]
    [InlineData("Is my purchase covered by section 75 if I pay by credit card?")]
    [InlineData("Can you deliver to the shopping centre? My unit is by the food court")]
    public void ALawyerOrTheLawMentionedInPassingDoesNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.LegalThreat, text);
}
