using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Issue 4 counts "a request for a human in any phrasing": asking for a named colleague or a department, or
/// answering the assistant's offer by asking to be passed on, is asking to deal with a person. Written from
/// that definition; none of these messages is in eval/signals.
/// </summary>
public sealed class ARequestForAColleagueADepartmentOrToBePassedOnIsARequestForAPerson
{
    [Theory]
    [InlineData("could someone from your finance team ring me about the pay in 3 plan", "could someone from your finance team ring")]
    [InlineData("Can somebody in the returns department get in touch, the label never came", "Can somebody in the returns department get in touch")]
    [InlineData("please have someone from customer services call me tomorrow", "have someone from customer services call")]
    [InlineData("I'd like to speak to Sarah, she dealt with my order last week", "I'd like to speak to Sarah")]
    [InlineData("can i talk to Mike from returns again please", "can i talk to Mike")]
    [InlineData("put me through to accounts", "put me through to accounts")]
    [InlineData("Can I speak to your billing team about a double charge", "speak to your billing")]
    [InlineData("transfer me to the delivery team please", "transfer me to the delivery team")]
    public void ANamedColleagueOrADepartmentIsAskedFor(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.HumanRequest, text, evidence);

    [Theory]
    [InlineData("yes please put me through", "put me through")]
    [InlineData("ok transfer me then", "transfer me")]
    [InlineData("Yes, pass me on to someone who knows", "pass me on to someone")]
    [InlineData("can this go to someone who can decide?", "go to someone")]
    [InlineData("please pass it on to a manager, this has gone on long enough", "pass it on to a manager")]
    [InlineData("I need someone more senior to look at this", "someone more senior")]
    public void AReplyAskingToBePassedOnIsARequest(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.HumanRequest, text, evidence);

    [Theory]
    [InlineData("I need to talk to Dave first before I order the corner sofa")]
    [InlineData("I spoke to Sarah yesterday and she said it was on the van")]
    [InlineData("someone from your delivery team called me this morning, all sorted thanks")]
    [InlineData("can you transfer me the refund to a different card?")]
    [InlineData("honestly the last month has put me through the wringer")]
    [InlineData("can I send it to someone else as a gift?")]
    [InlineData("the delivery driver was lovely, please pass on my thanks")]
    [InlineData("who do I speak to at my bank about the chargeback?")]
    [InlineData("does the finance option need a credit check?")]
    public void OtherPeopleAndOtherSensesOfTheWordsDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.HumanRequest, text);

    [Theory]
    [InlineData("no need to put me through to accounts, just email the invoice")]
    [InlineData("I don't want to speak to Sarah again, can you just check the tracking")]
    public void ADeclinedColleagueOrDepartmentIsNotARequest(string text) =>
        Assert.DoesNotContain(SignalPipeline.Rules(text), s => s.Kind == SignalKind.HumanRequest);
}
