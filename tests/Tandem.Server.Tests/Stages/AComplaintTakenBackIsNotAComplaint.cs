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
}
