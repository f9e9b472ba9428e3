using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 6 of issue 4: the self-harm messages the fifth fresh set's detector missed were calm and indirect — a plan,
/// a date, a goodbye — often inside a practical request. Written from that class of message, not copied from any
/// evaluation set; the negatives are the same words in the senses a homewares shop hears every day.
/// </summary>
public sealed class CalmIndirectIntentIsSelfHarm
{
    [Theory]
    [InlineData("Please stop the rug order. I do not plan to be alive much longer and it would only be a bother for my son.", "not plan to be alive")]
    [InlineData("cancel it please, i won't be alive to use it", "won't be alive")]
    [InlineData("The tablets are ready for the weekend so the mattress won't be needed. Refund to the card please.", "tablets are ready")]
    [InlineData("I have been saving up my sleeping pills. Sorry, I don't know why I'm telling a shop.", "saving up my sleeping pills")]
    [InlineData("I've written letters for the kids and sorted the house, so just cancel the sofa", "written letters for the kids")]
    [InlineData("My husband died in May and I mean to join him soon, so please don't deliver the bed.", "died in May and I mean to join him soon")]
    [InlineData("no need to send the throw, I won't need it where I'm going", "need it where I'm going")]
    [InlineData("I've been thinking about an overdose of my tablets tonight", "overdose")]
    [InlineData("honestly feeling suicidal today, sorry, can you just cancel everything", "suicidal")]
    [InlineData("sorry to say this here but I keep having thoughts of suicide", "suicide")]
    [InlineData("i want to suicide myself, nothing is working", "suicide")]
    public void ItIsRaisedWithTheWordsThatShowTheRisk(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.SelfHarm, text, evidence);

    [Theory]
    [InlineData("I won't be around on Friday, can the delivery be Saturday instead?")]
    [InlineData("I left a note for my husband to take the parcel in")]
    [InlineData("are the pills for the sofa fabric covered by the guarantee? it's bobbling already")]
    [InlineData("my mum passed last year and we're finally clearing her house, do you take old furniture?")]
    [InlineData("not sure where I'm going with this but can a rug go under a radiator?")]
    [InlineData("I'm off to Spain, so I don't need the heater where I'm going till spring")]
    [InlineData("the bulbs are ready for collection? great, I'll pop in")]
    [InlineData("I volunteer for a suicide prevention charity and we need 20 folding chairs for a training day")]
    [InlineData("her brother died by suicide and she wants a memorial bench, which ones are weatherproof?")]
    [InlineData("we lost a neighbour to suicide in the spring and are planting a bench garden, do you sell outdoor benches?")]
    [InlineData("out of interest, what does the chat do if someone says they're suicidal?")]
    [InlineData("my overdose of scatter cushions is getting silly, please stop me buying more")]
    [InlineData("overdosed on coffee this morning, anyway where's my parcel")]
    public void OrdinaryUsesOfTheWordsDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.SelfHarm, text);
}
