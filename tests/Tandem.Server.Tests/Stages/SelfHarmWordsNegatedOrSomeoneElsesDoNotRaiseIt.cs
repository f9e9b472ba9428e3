using Tandem.Rules.Routing;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// The self-harm rule's words read in their place (round 9): negated, someone else's, long past, quoted or a joke said
/// of a thing do not raise it; the same words as the customer's own present risk still do, and a second clause that
/// is the risk is raised even when the first is disclaimed.
/// </summary>
public sealed class SelfHarmWordsNegatedOrSomeoneElsesDoNotRaiseIt
{
    [Theory]
    // Negated.
    [InlineData("I'm not suicidal, I'm just really annoyed the bed frame is cracked")]
    [InlineData("to be clear i'm not going to hurt myself, I just want the refund sorted")]
    [InlineData("Never self-harmed in my life but that assembly manual nearly drove me to it")]
    // Someone else's.
    [InlineData("My daughter self-harms so we're looking for a bed with rounded corners, what do you have?")]
    [InlineData("our lodger has a history of self harm, can the mirror be ordered in safety glass?")]
    [InlineData("My best friend was suicidal last year and I want to send her a cosy throw, can you gift wrap it?")]
    [InlineData("What does your chat do if someone says they're suicidal? I run a support group, just curious")]
    // Long past, and over.
    [InlineData("I self harmed as a teenager, I'm 52 now and fine, I just want long sleeves on the dressing gown")]
    [InlineData("i was suicidal years ago and decorating my flat got me through it, so yes I'm fussy about paint colours")]
    // Quoted, or a joke said of a thing.
    [InlineData("does typing 'suicide' into this chat set off alarms? asking for a quiz question")]
    [InlineData("kms this wardrobe has 84 screws")]
    [InlineData("I'll kill myself if the sofa doesn't fit through the door. only joking, what are the dimensions?")]
    [InlineData("honestly thinking of killing the courier, he left it in the rain")]
    // Round 9's second pass.
    [InlineData("Son has been self harming, the school nurse suggested a weighted blanket, which size for a 14 year old?")]
    [InlineData("no thoughts of hurting myself, before you ask, I'm just cross about the scratch on the table")]
    [InlineData("took an overdose back in sixth form, long behind me, anyway is the rug machine washable")]
    [InlineData("I could kill myself for forgetting the discount code, can you still apply it?")]
    [InlineData("the recipe was odd, I'd rather return the cookbook")]
    // Round 10.
    [InlineData("my brother told me he's been self-harming, what's the softest throw you do?")]
    [InlineData("Grandad swallowed all his pills at once by mistake last year, so we want a lockable cabinet")]
    [InlineData("my dad's overdosed before, so a lockable bathroom cabinet please")]
    [InlineData("the January sale on your app is a suicide mission")]
    [InlineData("we can't go on holiday until the wardrobe's been collected")]
    [InlineData("I can't go on waiting in for a van that never comes")]
    // Round 11.
    [InlineData("I can't go on sleeping on this airbed, when does the bed come?")]
    [InlineData("I was suicidal in 2005 after the divorce, happily settled now, curtains for the new place please")]
    [InlineData("I used to cut myself at school, totally different person now, just ordering a rug")]
    [InlineData("We're not going to be around much longer, moving to Spain in March, can the wardrobe come sooner?")]
    [InlineData("I don't want to live in this chaos any more, book the clear-out collection please")]
    // Round 12: a subject rather than a state, someone else not being around, things in ordinary use.
    [InlineData("there was a radio programme about suicide in farming this morning, made me think. anyway, is the log store in stock?")]
    [InlineData("We're a self-harm awareness charity fitting out a drop-in room, 20 beanbags please")]
    [InlineData("ordering for our team: I'm the crisis team manager and we need six desk chairs")]
    [InlineData("that roundabout by your warehouse is suicidal on a bike, can the van drop it at the front instead?")]
    [InlineData("Dad keeps saying he won't be around much longer, he's 93, so we're getting him the comfiest recliner")]
    [InlineData("got a rope ladder for the kids' den, does it need fixings?")]
    [InlineData("I'm sitting on the Severn bridge in a queue, can the fitter wait ten minutes?")]
    // Round 13: taken back as meaning something else, an aching body part, a stranger, a long-past attempt, laughter.
    [InlineData("I'm ending it. the gym membership I mean, how do I cancel the Pay in 3 too")]
    [InlineData("my legs want to die after that hill, but the new saddle is great")]
    [InlineData("killing myself laughing at the assembly diagram, is the bolt really that size?")]
    [InlineData("a man tried to jump off the bridge near us so the road's closed, can the van come tomorrow")]
    [InlineData("twelve years since I tried to kill myself and life is good now, we're furnishing the new flat")]
    // Round 16: "kms" then what a thing did, "die" for dye, a story's subject, an early hour, a list given up.
    [InlineData("kms the landlord has put the rent up again. can I move my class to Thursdays?")]
    [InlineData("i want to die my fringe blue for the gig, do you sell the semi permanent stuff")]
    [InlineData("is there a suicide in the film? my son is 11 and gets upset easily")]
    [InlineData("I don't want to be here at 7am for the drop off, can I leave the car the night before?")]
    [InlineData("ending it all: the wine club, the streaming one and the veg box. which can I cancel here?")]
    // Round 17: a list after a dash, a dose given to a thing, cut for oneself, a story's scene, dying of shame, a longer
    // subject before what a thing did.
    [InlineData("going to end it all — the gym, the pool pass, the spa add-on. what's the notice period?")]
    [InlineData("think I've overdosed the lawn with weedkiller, will your seed still take?")]
    [InlineData("cut myself a generous slice of the fruit cake before the party, can I still return the stand")]
    [InlineData("our drama group has a suicide scene in act two, do you hire out stage blood?")]
    [InlineData("honestly want to die of embarrassment, the card declined twice at the till. can I pay by transfer instead")]
    [InlineData("kms this parents evening booking system is broken again, how do I pick a slot")]
    // Round 19: a goodbye letter to a thing, recovery counted in years, a stage production, alighting from a train, a
    // thing that can't go on, a dog's "suicidal" leaps, a pastime, a laugh after the slang, old scars, a pleasant overdose.
    [InlineData("wrote a little goodbye letter to my first Corsa before the scrapyard took it, anyway do you do mats for a Yaris")]
    [InlineData("Four years free of self-harm this week, so I'm booking the pottery taster as a treat")]
    [InlineData("our youth theatre is staging a musical about suicide and hope, can we hire the hall on Sundays?")]
    [InlineData("stepping off the train at York around 6, can someone meet me with the van keys?")]
    [InlineData("jumping off the 9.40 at the last stop, is the shop open till 10?")]
    [InlineData("this old boiler can't go on much longer, it rattles like mad. do you fit combis?")]
    [InlineData("My spaniel is suicidal near water, leaps in after every duck. Are dogs allowed on the ferry?")]
    [InlineData("they're better off without me at pub quiz, honestly I knew nothing. same table next week?")]
    [InlineData("kms 🤣 left my goggles on the bus again, do you sell any?")]
    [InlineData("old self-harm scars on my thighs from my twenties, all healed, is a longer swimsuit allowed in the pool?")]
    [InlineData("slight sugar overdose at the christening, any chance of a refund on the second cake?")]
    // Round 20: a goodbye letter to a thing after a pause, a risk taken for fun.
    [InlineData("penned a farewell, er, goodbye letter … to my old climbing club, off to Leeds. How do I stop the direct debit?")]
    [InlineData("Drafted my goodbye note... to the salon! Moving to Bristol. Can I use my last two credits before the 30th?")]
    [InlineData("gonna take my life in my hands and book the black run on Saturday, is there a lesson first?")]
    public void TheRuleDoesNotRaiseIt(string text) =>
        SignalAssert.NotRaised(SignalKind.SelfHarm, text);

    [Theory]
    [InlineData("I'm not ok. I want to kill myself", "kill myself")]
    [InlineData("not suicidal exactly but I've been cutting my arms again", "cutting my arms")]
    [InlineData("my sister found out I've been self harming", "self harming")]
    [InlineData("I was suicidal years ago and it's back again now, I can't cope", "suicidal")]
    [InlineData("My mum died in March and I've been self-harming since", "self-harming")]
    [InlineData("i want to die lol. anyway where's my rug", "want to die")]
    [InlineData("im not going to lie, I want to end my life", "want to end my life")]
    [InlineData("I'll kms if the bed is late again, and I mean that", "kms")]
    [InlineData("i od'd last night and I'm still shaky, can the delivery be moved", "od'd")]
    [InlineData("haha 'any other questions'. yeah, why I shouldn't kill myself. I'm not kidding", "kill myself")]
    [InlineData("I can't go on any more, I'm tired of everything", "can't go on")]
    [InlineData("my partner left and I took too many of my tablets last night", "took too many of my tablets")]
    [InlineData("she left me and I've been self harming again", "self harming")]
    [InlineData("I used to self-harm and lately it's started again", "self-harm")]
    [InlineData("I won't be around much longer, I've said my goodbyes", "won't be around much longer")]
    [InlineData("I can't go on living like this", "can't go on")]
    [InlineData("I don't want to live in this world any more", "don't want to live")]
    [InlineData("since that documentary I've been suicidal again", "suicidal")]
    [InlineData("the problem is suicidal thoughts, every night, and I can't sleep", "suicidal")]
    [InlineData("my mum says I won't be around much longer if I keep this up and she's right", "won't be around much longer")]
    // "Joking aside" ends a joke rather than makes one (round 13: it had disclaimed the words after it).
    [InlineData("joking aside, I want to end my life and I've thought about how", "want to end my life")]
    [InlineData("all kidding apart, I want to kill myself", "kill myself")]
    [InlineData("I'm going to kill myself, I'm kidding. kind of. it's been a bad month", "kill myself")]
    [InlineData("half joking but I want to die, can the bed come Friday", "want to die")]
    [InlineData("I'm ending it. my life I mean. sorry", "I'm ending it")]
    [InlineData("I've taken all my tablets. the white ones I mean", "taken all my tablets")]
    [InlineData("I wish the crash had killed me, honestly", "wish the crash had killed me")]
    [InlineData("I don't plan on seeing another Christmas, so cancel the subscription", "don't plan on seeing another Christmas")]
    [InlineData("the voices keep telling me to step in front of a bus", "telling me to step in front")]
    // Round 16: the readings above stop where these start.
    [InlineData("kms fr, the pills are right here", "kms")]
    [InlineData("i want to die, the debt has swallowed everything", "want to die")]
    [InlineData("ending it all: I've got the tablets ready", "ending it all")]
    [InlineData("honestly I don't want to be here at all any more", "don't want to be here")]
    // Round 17: the readings above stop where these start.
    [InlineData("I want to end it all - the pain, the bills, all of it", "want to end it all")]
    [InlineData("I overdosed the other night and nobody knows", "overdosed")]
    [InlineData("i cut myself again last night, deeper this time", "cut myself")]
    [InlineData("I want to die of something quick, I'm so tired", "want to die")]
    // Round 19: the readings above stop where these start.
    [InlineData("I've written a goodbye letter to my family and I'm ready", "goodbye letter")]
    [InlineData("the truth is I can't go on any more", "can't go on")]
    [InlineData("everyone's better off without me at home, I've thought about it a lot", "better off without me")]
    [InlineData("kms 😂 no but seriously I'm scared of what I'll do", "kms")]
    [InlineData("three years free of self-harm and I've started again this week", "self-harm")]
    [InlineData("two years clean of self-harm and I relapsed on Sunday, I feel like a failure", "self-harm")]
    [InlineData("six months sober and I want to die", "want to die")]
    [InlineData("2 years sober and I want to die", "want to die")]
    [InlineData("I wrote a goodbye letter to my dear wife last night", "goodbye letter")]
    [InlineData("left a goodbye note to my little girl in her school bag", "goodbye note")]
    [InlineData("kms lol I mean I've got nothing left", "kms")]
    [InlineData("going to step off the bridge tonight", "step off the bridge")]
    [InlineData("I've written a goodbye letter... to my children. please look after them", "goodbye letter")]
    [InlineData("I am going to take my life, it is in my hands now and nobody can stop me", "take my life")]
    public void TheCustomersOwnRiskIsStillRaised(string text, string evidence) =>
        SignalAssert.Raised(SignalKind.SelfHarm, text, evidence);
}
