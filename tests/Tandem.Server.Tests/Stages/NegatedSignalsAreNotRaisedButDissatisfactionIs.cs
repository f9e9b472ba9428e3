using Tandem.Rules.Routing;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// What the turn raises (rules, anchors and the trained heads) when a customer declines a person or
/// denies a complaint, and when dissatisfaction is said by negating its opposite. None of these
/// messages is in eval/signals.
/// </summary>
public sealed class NegatedSignalsAreNotRaisedButDissatisfactionIs
{
    [Theory]
    [InlineData("no need to call me, an email is fine for the new delivery slot")]
    [InlineData("please don't phone, email is fine. when is the wardrobe coming?")]
    [InlineData("I don't want to speak to anyone, just tell me where my refund is")]
    [InlineData("Don't get someone to ring me, I'm on shift till 8, a text is better")]
    // Round 15.
    [InlineData("Don't put me through to anyone, I'm in a meeting, a text reply is fine")]
    [InlineData("nae need tae ring me, the tracking link's enough")]
    [InlineData("Forget what I said about wanting a supervisor, the refund's just come through")]
    [InlineData("The callback for tomorrow can be cancelled please, sorted it myself")]
    [InlineData("I'd sooner keep it on chat than have someone phone me")]
    [InlineData("I'd rather sort this over chat than speak to someone, how do I change the date?")]
    [InlineData("pls no phone calls, text only, I'm at work")]
    public void ADeclinedRequestForAPersonDoesNotRaiseIt(string text) =>
        Assert.DoesNotContain(SamplePack.Firm.Understander.Understand(text).Signals, s => s.Kind == SignalKind.HumanRequest);

    [Theory]
    [InlineData("no need to ring me today, but I would like a manager to call me tomorrow about the refund")]
    [InlineData("I don't want to talk to a bot, can I speak to a real person")]
    [InlineData("Don't put me through to the bot again, I want a real person")]
    [InlineData("No need to email, I'd rather speak to someone on the phone about this")]
    [InlineData("the refund's come through but can someone still ring me about the damaged lamp")]
    public void ARequestBesideADeclinedCallStillRaisesIt(string text) =>
        Assert.Contains(SamplePack.Firm.Understander.Understand(text).Signals, s => s.Kind == SignalKind.HumanRequest);

    [Theory]
    [InlineData("no complaints from me, the armchair's great, is there a footstool that goes with it?")]
    [InlineData("I'm not complaining, I'd just like to know which courier you use for Cornwall")]
    [InlineData("Can't fault the delivery team, could you send me the care guide for the oak table")]
    public void DeniedDissatisfactionDoesNotRaiseAComplaint(string text) =>
        Assert.DoesNotContain(SamplePack.Firm.Understander.Understand(text).Signals, s => s.Kind == SignalKind.Complaint);

    [Theory]
    [InlineData("I'm not happy, the bed frame came with half the slats missing", "not happy")]
    [InlineData("Sorry but this really isn't acceptable, it's the second time", "isn't acceptable")]
    [InlineData("not good enough, I was promised a call on Monday", "not good enough")]
    [InlineData("we're really not impressed with how long this is taking", "not impressed")]
    [InlineData("I'm not one to complain but the driver scratched my front door", "scratched my front door")]
    public void DissatisfactionSaidByNegatingItsOppositeIsAComplaint(string text, string evidence)
    {
        var complaint = Assert.Single(SamplePack.Firm.Understander.Understand(text).Signals, s => s.Kind == SignalKind.Complaint);
        Assert.Contains(evidence, complaint.Evidence, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("if we're not happy with the sofa once it's in the room, can we return it?")]
    [InlineData("what happens when we're not satisfied with the assembly?")]
    public void AHypotheticalIsNotAComplaintByTheRules(string text) =>
        Assert.DoesNotContain(SignalPipeline.Rules(text), s => s.Kind == SignalKind.Complaint);
}
