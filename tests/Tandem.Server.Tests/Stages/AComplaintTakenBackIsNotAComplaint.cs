using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 14 of issue 4: a message that tells of a problem and ends on sincere thanks, calls its complaint a joke, or
/// calls itself only a question expresses no dissatisfaction (FCA DISP), though the encoder reads the problem in it.
/// Sarcasm, a split rating, anger or something still wrong keeps the complaint. Written for this test, not taken from the evaluation sets.
/// </summary>
public sealed class AComplaintTakenBackIsNotAComplaint
{
    [Theory]
    [InlineData("The chair arrived with a scratched arm but a new one came out the next morning. Top marks.")]
    [InlineData("Mirror had a chip in the corner, you sent a new one without any fuss. Can't fault you.")]
    [InlineData("Thought the refund would take weeks, it landed in two days. Well done.")]
    [InlineData("Van was an hour late but the driver apologised and carried everything upstairs. Really appreciated.")]
    [InlineData("Furious that your cushions are this comfy, I never leave the sofa now. Only joking, love them.")]
    [InlineData("My latest bill is £9 higher than last month's, what's that for? Just trying to understand it.")]
    public void ThanksAJokeOrJustAskingTakesItBack(string text)
    {
        var understanding = SamplePack.Firm.Understander.Understand(text);
        Assert.DoesNotContain(understanding.Signals, s => s.Kind == SignalKind.Complaint);
    }

    [Theory]
    [InlineData("Sofa came ripped and the replacement is ripped too. Well done.")]
    [InlineData("Love how I've waited in three days running for a driver who never turned up. Great service.")]
    [InlineData("Five stars for the curtains, zero for the three weeks it took to get a reply. Thank you so much.")]
    [InlineData("The 'next day' delivery took nine days. Top marks.")]
    [InlineData("are you kidding me? a month for a reply and the table is still not here")]
    [InlineData("You must be joking. £60 to collect a chair your driver scratched on the way in.")]
    [InlineData("I wish I was joking but the wardrobe doors have fallen off again after your repair")]
    [InlineData("Kidding me, right? Third missed delivery slot this month, I've used up my leave waiting in.")]
    [InlineData("I am not joking, the bed frame snapped the first night and nobody has replied")]
    [InlineData("Why have you charged me twice for one lamp? Just want to understand how, because I'm fuming.")]
    // A plain wish to complain stands whatever the message ends on.
    [InlineData("I want to make a formal complaint about the fitter who scratched my floor. The refund came quickly though, well done.")]
    public void SarcasmOrSomethingStillWrongKeepsIt(string text)
    {
        var understanding = SamplePack.Firm.Understander.Understand(text);
        Assert.Contains(understanding.Signals, s => s.Kind == SignalKind.Complaint);
    }

    // Round 15: a fault the customer owns, a problem accepted calmly, or a complaint that the thing is too good.
    [Theory]
    [InlineData("Cracked the glass on the cabinet door while fitting it, totally my fault. How much is a new pane?")]
    [InlineData("The box was soaked when it arrived but that's me not the courier, I told him to leave it in the garden. Cushions are fine.")]
    [InlineData("Missed the delivery because I was at the gym, my bad. Can I pick a new day?")]
    [InlineData("Our previous sofa sagged after a year (not one of yours), so how firm is the Ashby seat?")]
    [InlineData("The vet was running half an hour behind, completely understand, these things happen. Can I pay by card at reception?")]
    [InlineData("Driver was a bit late because of the snow, totally understandable, no harm done. Can you add a note for next time to use the side gate?")]
    [InlineData("I'd like to make a formal complaint that your brownies are far too good, I've eaten the whole box.")]
    [InlineData("One star, the duvet is so cosy I missed my alarm twice this week.")]
    // Praise before a bare "Cheers!" still ends the message.
    [InlineData("Tidy job on the boiler service, chuffed to bits. Cheers!")]
    public void AFaultOwnedAProblemAcceptedOrAComplaintThatItIsTooGoodIsNone(string text)
    {
        var understanding = SamplePack.Firm.Understander.Understand(text);
        Assert.DoesNotContain(understanding.Signals, s => s.Kind == SignalKind.Complaint);
    }

    [Theory]
    [InlineData("My own fault for ordering in the sale, but the driver threw the box over the gate and it's split down one side.")]
    [InlineData("I completely understand these things happen, but I've now taken three days off work for a delivery that never came and I want compensation.")]
    [InlineData("It wasn't my mistake, your website showed the wrong size and I want a refund.")]
    [InlineData("My fault? Your driver reversed into my wall and you're telling me it's my fault?")]
    [InlineData("No rush, it's only been six weeks since you promised the refund.")]
    [InlineData("Third delivery this month with a missing part. Cheers.")]
    [InlineData("The sofa's ripped down one seam and I've been waiting a week for a reply. Please send a replacement. Thanks.")]
    [InlineData("Not fussed about the wait but the table top is badly scratched and I'm really disappointed with the quality.")]
    [InlineData("I want to make a formal complaint, the sofa is too small for the room despite your measurements and nobody has answered my emails.")]
    public void AFaultPushedBackAButOrSarcasmKeepsIt(string text)
    {
        var understanding = SamplePack.Firm.Understander.Understand(text);
        Assert.Contains(understanding.Signals, s => s.Kind == SignalKind.Complaint);
    }
}
