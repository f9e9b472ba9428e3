using Tandem.Rules.Text;

namespace Tandem.Rules.Tests.Text;

public sealed class ExplanationRequestsAreRecognised
{
    [Theory]
    [InlineData("why did you say that?")]
    [InlineData("Why did you say that")]
    [InlineData("how do you know that")]
    [InlineData("How do you know??")]
    [InlineData("where did you get that from")]
    [InlineData("where's that from?")]
    [InlineData("what's that based on")]
    [InlineData("What is this based on?")]
    [InlineData("sorry but why would you tell me that")]
    [InlineData("what are your sources")]
    [InlineData("can you explain that")]
    public void AQuestionAboutThePreviousAnswerIsAnExplanationRequest(string text)
    {
        Assert.True(ExplanationRequest.IsMatch(text));
    }

    [Theory]
    [InlineData("Why is my order late?")]
    [InlineData("How do I return a sofa?")]
    [InlineData("Where is my parcel")]
    [InlineData("what's the delivery cost based on postcode")]
    [InlineData("I know that already, can I speak to someone")]
    [InlineData("Do you know when the blue cushions are back in stock?")]
    public void AnOrdinaryQuestionIsNot(string text)
    {
        Assert.False(ExplanationRequest.IsMatch(text));
    }
}
