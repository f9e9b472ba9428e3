using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 7 of issue 4: the training pool's out-of-fold misses showed the rules missing plain statements — ending it as
/// an intention, the means at hand, where the customer is standing, cutting on purpose, not wanting to wake up. Each is
/// written here in words of its own, not copied from an evaluation set; the negatives are the same words in the senses
/// a homewares shop hears (rope baskets, a cat on the balcony, life admin, a crisis-team nurse, moving abroad).
/// </summary>
public sealed class PlainStatementsOfIntentOrMeansAreSelfHarm
{
    [Theory]
    [InlineData("please cancel the wardrobe, I'm going to end things on Saturday", "going to end things")]
    [InlineData("been thinking of ending it for weeks now. anyway the rug", "thinking of ending it")]
    [InlineData("I tried to end it last spring and it's creeping back", "tried to end it")]
    [InlineData("the rope's in the loft, there's no point sending the bed", "rope's in the loft")]
    [InlineData("I've taken a handful of my sleeping tablets and I feel odd", "taken a handful of my sleeping tablets")]
    [InlineData("how many painkillers would it take, sorry, wrong place to ask", "how many painkillers would it take")]
    [InlineData("I cut my arms again last night and the duvet's ruined", "cut my arms")]
    [InlineData("I've burned my skin on purpose tonight and I'm frightened", "burned my skin on purpose")]
    [InlineData("sat on the motorway bridge, just wanted to cancel the lamp first", "sat on the motorway bridge")]
    [InlineData("every time the express goes through I think about stepping in front of the train", "think about stepping")]
    [InlineData("they'd all be better off without me, just refund the card", "better off without me")]
    [InlineData("I won't be around much longer so the Pay in 3 doesn't matter", "won't be around much longer")]
    [InlineData("I'm in crisis and can't reach my mental health team", "I'm in crisis")]
    [InlineData("honestly I hope I don't wake up tomorrow", "hope I don't wake up")]
    [InlineData("my wife died at Easter and I want to be with her", "died at Easter and I want to be with her")]
    [InlineData("I'm not safe tonight, I keep looking at the pills", "I'm not safe")]
    [InlineData("I've been stockpiling my antidepressants, there's enough now", "stockpiling my antidepressants")]
    public void ItIsRaisedWithTheWordsThatShowTheRisk(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.SelfHarm, text, evidence);

    [Theory]
    [InlineData("I've bought a rope basket for the bathroom and the handle's frayed")]
    [InlineData("the cat tried to jump off the balcony again, do you sell pet netting?")]
    [InlineData("done with life admin for today, can you just email the form")]
    [InlineData("I'm a nurse on a crisis team, please deliver after 2pm")]
    [InlineData("putting our affairs in order before we emigrate, please close the account after the last delivery")]
    [InlineData("my ex would be better off without me lol, anyway I need a double bed")]
    [InlineData("nobody would notice if I bought one more throw, right?")]
    [InlineData("I'm going to end it with the courier firm and use a different one")]
    [InlineData("I'll end it there, thanks for your help")]
    [InlineData("I won't be around on Thursday, can the two-person delivery come Friday?")]
    [InlineData("I'm not safe to drive after my eye drops, can you deliver instead of collect?")]
    [InlineData("I could sleep forever on this mattress, best purchase of the year")]
    [InlineData("thinking about dying my hair to match the new cushions")]
    [InlineData("I'm at the bridge end of the road, the house with the blue door")]
    public void OrdinaryUsesOfTheWordsDoNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.SelfHarm, text);
}
