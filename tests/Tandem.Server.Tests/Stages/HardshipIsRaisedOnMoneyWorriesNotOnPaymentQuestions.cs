using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class HardshipIsRaisedOnMoneyWorriesNotOnPaymentQuestions
{
    [Theory]
    [InlineData("I can't afford the next instalment", "can't afford")]
    [InlineData("i cant afford to pay for the return", "cant afford")]
    [InlineData("I can’t make my next instalment this month", "can’t make my next instalment")]
    [InlineData("money's really tight at the moment", "money's really tight")]
    [InlineData("i lost my job last week, can i pause pay in 3?", "lost my job")]
    [InlineData("I've been made redundant", "made redundant")]
    [InlineData("I'm on universal credit", "universal credit")]
    [InlineData("you charged me twice and now I'm overdrawn", "overdrawn")]
    [InlineData("I'm skint till payday", "skint")]
    [InlineData("the bailiffs have been round", "bailiffs")]
    [InlineData("I'm behind on my payments", "behind on my payments")]
    [InlineData("I'm struggling to pay my bills", "struggling to pay")]
    [InlineData("I've missed a payment on my Pay in 3 plan", "I've missed a payment")]
    public void ItIsRaisedWithTheWordsOfTheWorry(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.Hardship, text, evidence);

    [Theory]
    [InlineData("Can I pay in 3 instalments?")]
    [InlineData("How do I pay my next instalment early?")]
    [InlineData("I can't afford to wait another week for it")]
    [InlineData("my card keeps getting declined")]
    [InlineData("Is there a fee for a missed payment?")]
    [InlineData("the chair leg broke after a week")]
    public void PaymentQuestionsAndFiguresOfSpeechDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.Hardship, text);
}
