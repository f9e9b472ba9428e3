using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

public sealed class HumanRequestIsRaisedWhenTheCustomerAsksForAPerson
{
    [Theory]
    [InlineData("can i speak to a real person", "speak to a real person")]
    [InlineData("agent please", "agent please")]
    [InlineData("HUMAN", "HUMAN")]
    [InlineData("manager pls", "manager pls")]
    [InlineData("a supervisor now!!", "a supervisor now!!")]
    [InlineData("  manager pls", "manager pls")]
    [InlineData("your manager please?", "your manager please?")]
    [InlineData("is there a human I can talk to", "is there a human I can talk to")]
    [InlineData("Is there anyone I can speak to about a refund?", "Is there anyone I can speak to")]
    [InlineData("call me back on 07700 900123", "call me back")]
    [InlineData("please ring me on 07700 900123 after 5", "ring me on")]
    [InlineData("please call me", "call me")]
    [InlineData("can i have a call back tomorrow please", "have a call back")]
    [InlineData("Can I talk to someone please, this isn't helping", "talk to someone")]
    [InlineData("Can I talk to someone who isn’t a bot", "talk to someone")]
    [InlineData("i want to speak to a manager", "speak to a manager")]
    [InlineData("speak to person", "speak to person")]
    [InlineData("I'd rather talk to an actual human tbh", "talk to an actual human")]
    [InlineData("are you a bot? I want a real person", "want a real person")]
    [InlineData("I don't want a chatbot, I want a person", "want a person")]
    [InlineData("put me through to someone in customer services", "put me through to someone")]
    [InlineData("transfer me to an agent", "transfer me to an agent")]
    [InlineData("Please can a member of staff contact me about my sofa", "can a member of staff contact")]
    [InlineData("can u get someone to ring me", "get someone to ring me")]
    public void ItIsRaisedWithTheWordsThatAskedForAPerson(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.HumanRequest, text, evidence);

    [Theory]
    [InlineData("my estate agent says the sofa won't fit")]
    [InlineData("the delivery person left it outside")]
    [InlineData("I spoke to someone yesterday and they said it would be refunded")]
    [InlineData("your agent Sarah told me it would come on Tuesday")]
    [InlineData("can the driver ring me when he's 10 minutes away?")]
    [InlineData("Please ask the driver to call me on 07700 900123 before delivering")]
    [InlineData("Is it a two-person delivery for the wardrobe?")]
    [InlineData("Do I need a person in to sign for it?")]
    [InlineData("that must be human error, I paid for next day")]
    // "Someone" here is a turn of phrase for "help me", not a request to leave the assistant.
    [InlineData("Can someone help me find my order number?")]
    // Naming a role inside a message about something else is not asking for one.
    [InlineData("the manager was lovely when I came in")]
    [InlineData("manager of the shop said it's fine to return")]
    [InlineData("Is the manager's name on the receipt?")]
    public void OtherPeopleInTheMessageDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.HumanRequest, text);
}
