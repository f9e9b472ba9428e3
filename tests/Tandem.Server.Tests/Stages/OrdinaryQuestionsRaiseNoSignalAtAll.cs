using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

public sealed class OrdinaryQuestionsRaiseNoSignalAtAll
{
    [Theory]
    [InlineData("Where is my order HH-2026-004512?")]
    [InlineData("How much is delivery to BS3 9ZZ?")]
    [InlineData("can i pay with paypal")]
    [InlineData("Do you sell blackout blinds?")]
    [InlineData("Can I change the delivery address on my order?")]
    [InlineData("do you deliver to the isle of man")]
    [InlineData("How long do refunds take?")]
    [InlineData("Is the oak dining table back in stock?")]
    [InlineData("Can I return a lamp I bought in the sale?")]
    [InlineData("refund pls")]
    public void NoSignalIsRaised(string text) => Assert.Empty(SignalDetector.Detect(text));
}
