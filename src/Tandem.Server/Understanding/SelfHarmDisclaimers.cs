using System.Text.RegularExpressions;

namespace Tandem.Server.Understanding;

/// <summary>
/// The ways a message uses self-harm words without the customer being at risk now, read around one match of the
/// self-harm rule (round 9; holdout9's rule false alarms were all of these shapes): the words negated ("not suicidal",
/// "I'm not going to hurt myself"), someone else's ("my sister self-harms", "our foster son has a history of
/// self-harm"), long past and over ("suicidal patch in my twenties, I'm 40 now and fine"), or a joke ("gonna top myself
/// if this sofa doesn't fit. Kidding", "kms this flatpack"). A disclaimed match does not raise the signal; another
/// match in the same message still does, and the fine-tuned encoder still reads the whole message, so "not suicidal
/// but I've been cutting again" is raised by its second clause.
/// </summary>
internal static partial class SelfHarmDisclaimers
{
    /// <summary>Whether this match of the self-harm rule is disclaimed by the words around it.</summary>
    public static bool Disclaimed(string text, Match match)
    {
        var (start, end) = Sentence(text, match.Index, match.Index + match.Length);
        var before = text[start..match.Index];
        var after = text[(match.Index + match.Length)..end];
        var sentence = text[start..end];
        var mention = Mention().IsMatch(match.Value);
        // Someone else's: the words name no one ("suicidal", "won't be around much longer") and someone else comes just
        // before them ("my mate's talking like he won't be around much longer").
        if (Negated().IsMatch(before)
            || ((mention || (HereOrAround().IsMatch(match.Value) && !FirstPerson().IsMatch(match.Value))) && SomeoneElse().IsMatch(before))
            || (!FirstPerson().IsMatch(match.Value) && Stranger().IsMatch(before)))
        {
            return true;
        }
        // A subject rather than a state (round 12): the news, a documentary or a book about it ("saw a programme on
        // overdoses"), the word naming a kind of work or cause ("suicide-prevention training", "a crisis team nurse"), or
        // said of a thing ("the gears are suicidal on the hills").
        if (mention && (Media().IsMatch(before) || WorkOrCause().IsMatch(after) || InAStory().IsMatch(after)
            || (match.Value.StartsWith("suicid", StringComparison.OrdinalIgnoreCase) && ThingIs().IsMatch(before) && !StateNamed().IsMatch(after))))
        {
            return true;
        }
        // Said of a thing or a pastime (round 19, holdout21's rule false alarms): a goodbye letter to an old car, "the old
        // piano can't go on much longer", "the team's better off without me at quiz night", "kms 😂 forgot my towel".
        // The goodbye's addressee is read past a sentence's end: "my goodbye letter... to the gym".
        if ((match.Value.StartsWith("goodbye", StringComparison.OrdinalIgnoreCase) && GoodbyeToAThing().IsMatch(text[(match.Index + match.Length)..]))
            || (CantGoOn().IsMatch(match.Value) && AThingCannot().IsMatch(before))
            || (match.Value.Contains("without me", StringComparison.OrdinalIgnoreCase) && AtAPastime().IsMatch(after))
            || (match.Value.Equals("kms", StringComparison.OrdinalIgnoreCase) && LaughedOff().IsMatch(after) && !Earnest().IsMatch(text)))
        {
            return true;
        }
        if ((LongAgo().IsMatch(sentence) || (mention && Recovered().IsMatch(sentence)) || (UsedTo().IsMatch(before) && Over().IsMatch(text))) && !Again().IsMatch(text))
        {
            return true;
        }
        // Not being here or around explained by a move or a trip ("I'm not going to be here much longer, my visa ends in
        // June"), read in the rest of the message.
        if ((HereOrAround().IsMatch(match.Value) || GivingAway().IsMatch(match.Value)) && Away().IsMatch(text[(match.Index + match.Length)..]))
        {
            return true;
        }
        // Inside everyday idiom (round 14: "I've cut myself off from social media", "I'll kill myself on the first hill").
        if (EverydayIdiom().Matches(text).Any(m => m.Index <= match.Index && m.Index + m.Length >= match.Index + match.Length))
        {
            return true;
        }
        // The word quoted rather than used ("if I say 'suicide' do you freak out?").
        if (match.Index > 0 && end > match.Index + match.Length && Quotes.Contains(text[match.Index - 1]) && Quotes.Contains(text[match.Index + match.Length]))
        {
            return true;
        }
        // Said of an aching body part ("my poor feet want to die"), or taken back as meaning something else ("I'm ending
        // it. the contract I mean", "I'm done. not with life, with this website").
        if (BodyPart().IsMatch(before) || (Vague().IsMatch(match.Value) && !Earnest().IsMatch(text) && Clarified().IsMatch(text[(match.Index + match.Length)..])))
        {
            return true;
        }
        // Said to be a joke, or said of a thing ("kms this flatpack", "I'll kill myself if this sofa doesn't fit"), unless
        // the customer says they mean it ("gonna kms if one more thing goes wrong and I'm not joking").
        return !Earnest().IsMatch(text) && (Joking().IsMatch(text) || AtAThing().IsMatch(after) || (match.Value.Equals("kms", StringComparison.OrdinalIgnoreCase) && AThingHappens().IsMatch(text[(match.Index + match.Length)..]))
            || OneMoreBefore().IsMatch(before)
            || (RatherBefore().IsMatch(before) && Than().IsMatch(after))
            || (AThingMakesMe().IsMatch(before) && Laughing().IsMatch(text)));
    }

    /// <summary>
    /// The text the fine-tuned encoder reads a second time when it alone raised self-harm (round 13): the message without
    /// its everyday idiom ("I could murder a cup of tea"), without each sentence whose self-harm words the rules read as
    /// disclaimed ("relax, I'm not going to hurt myself", "fifteen years ago I tried to take my life"), that tells an
    /// accident as one ("took two doses by mistake") or asks about a medicine's dose when nothing is said of dying; and
    /// empty when the customer says outright that it was a joke ("kidding about throwing the bike in the river
    /// obviously"), as a rule's match is, or takes a vague opening straight back ("I'm done. not with life, with this
    /// website"). Null when there is nothing to take out, so the first reading stands.
    /// </summary>
    public static string? SecondReading(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Earnest().IsMatch(text) && (Joking().IsMatch(text) || ClarifiedOpening().IsMatch(text)))
        {
            return "";
        }
        var rest = text;
        IEnumerable<Match> dose = Lethal().IsMatch(text) ? [] : DoseQuestion().Matches(text);
        var someoneElses = SomeoneElsesHarm().Matches(text).Where(m => !OwnHarm().IsMatch(SentenceText(text, m)));
        var sentences = SignalDetector.DisclaimedSelfHarm(text).Concat(Accident().Matches(text)).Concat(dose).Concat(someoneElses)
            .Select(m => Sentence(text, m.Index, m.Index + m.Length))
            .Where(s => !OnPurpose().IsMatch(text[s.Start..s.End]))
            .Distinct()
            .OrderByDescending(s => s.Start);
        foreach (var (start, end) in sentences)
        {
            rest = rest.Remove(start, Math.Min(end + 1, text.Length) - start);
        }
        rest = Reassured().Replace(EverydayIdiom().Replace(rest, " "), " ");
        // What does not make a customer vulnerable now does not put them at risk either (round 14: "had a filling yesterday
        // and my jaw's still achy" read 0.78), when nothing is said of dying; "I'm fine, don't worry about me" stays.
        if (!Lethal().IsMatch(text) && VulnerabilityDisclaimers.SecondReading(rest, noNeed: false) is { } lighter)
        {
            rest = lighter;
        }
        return rest == text ? null : rest;
    }

    private const string Quotes = "'\"‘’“”";

    /// <summary>The sentence around [from, to): from the last . ! ? or line break before it to the next after it.</summary>
    private static (int Start, int End) Sentence(string text, int from, int to)
    {
        var start = from == 0 ? 0 : text.LastIndexOfAny(SentenceEnds, from - 1) + 1;
        var end = text.IndexOfAny(SentenceEnds, to);
        return (start, end < 0 ? text.Length : end);
    }

    private static string SentenceText(string text, Match match)
    {
        var (start, end) = Sentence(text, match.Index, match.Index + match.Length);
        return text[start..end];
    }

    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n'];

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace;

    // "not", "never", "no longer", "isn't" straight before the words, with at most four softeners between: "Not
    // suicidal", "I'm not going to hurt myself", "never self-harmed". Not "don't" or "can't": "I don't want to be here",
    // "can't go on" are the risk itself.
    [GeneratedRegex("""
        \b(?:not|never|no\s+longer|isn['’]?t|wasn['’]?t|aren['’]?t|nothing|no\s+(?:thoughts?|intention|intent|plans?|urges?|risk)\s+(?:of|to|about))\s+
          (?:(?:going|gonna|planning|about|trying|actually|really|feeling|being|at\s+all|to|on|remotely|in\s+any\s+way|in\s+danger\s+of|or\s+anything|like)\s+){0,4}$
        """, Options)]
    private static partial Regex Negated();

    /// <summary>
    /// The words that name self-harm without saying whose it is ("self-harm", "suicidal", "took too many tablets", "overdosed",
    /// "the crisis team"); "kill myself" says whose.
    /// </summary>
    [GeneratedRegex("""^(?:self[-\s]?harm\w*|suicid\w*|overdos\w*|OD\S*|(?:took|taken|swallowed|necked)\s.*|crisis\s+(?:house|team))$""", Options)]
    private static partial Regex Mention();

    // Someone else named just before the words, and the customer not in between: "my sister self-harms", "our foster
    // son has a history of self-harm", "my teenage son has been self-harming", "my dad took too many of his tablets";
    // not "my mum died and I've been self-harming since".
    [GeneratedRegex($$"""
        (?:(?:\b(?:my|our|his|her|their|a|an)\s+|^\s*)(?:[\w-]+\s+){0,2}?
          (?:son|daughter|sister|brother|mum|mom|mother|dad|father|friend|mate|dog|cat|puppy|kitten|pup|hamster|rabbit|budgie|parrot|pet|partner|husband|wife|boyfriend|girlfriend|niece|nephew|cousin|kid|child|teen|teenager|student|pupil|client|patient|flatmate|colleague|grandson|granddaughter|stepson|stepdaughter|customer|person|lodger|tenant|resident|nan|gran|grandma|grandad|grandparent|aunt|uncle|neighbour|foster\s+(?:son|daughter|child|kid)|stepchild|grandchild)(?:s|['’]s)?\b
          |\b(?:someone|somebody|anyone|people|customers)
          # or a pronoun for them as the subject: "my flatmate told me she's been self-harming".
          |\b(?:she|he|they)(?:['’](?:s|ve|d|re))?)
          {{NoFirstPersonAfter}}
        """, Options)]
    private static partial Regex SomeoneElse();

    // Someone the customer does not name doing it, and the customer not in between: "a man tried to jump off the bridge
    // near us", "someone threatened to jump off the multi-storey" (round 13).
    // A pet, too (round 14): "our Bella (the dog) tried to end it all by eating a sock".
    [GeneratedRegex($$"""\b(?:someone|somebody|a\s+(?:man|woman|lad|girl|bloke|guy|person|boy|kid|teenager)|(?:the|this|that)\s+(?:man|woman|lad|girl|bloke|guy|boy)|(?:my|our|the|his|her|their)\s+(?:[\w-]+\s+)?{{Animals}})\b\)?{{NoFirstPersonAfter}}""", Options)]
    private static partial Regex Stranger();

    // Pets, their breeds (round 19: "my Labrador is suicidal around the lido fence") and the animals a customer keeps.
    private const string Animals = """(?:dog|cat|puppy|kitten|pup|hamster|rabbit|budgie|parrot|pet|tortoise|goldfish|labrador|lab|spaniel|cocker|collie|terrier|retriever|poodle|pug|beagle|whippet|greyhound|lurcher|dachshund|sausage\s+dog|cockapoo|labradoodle|staffie|husky|horse|pony|goat|ferret)""";

    private const string NoFirstPersonAfter = """(?:\s+(?!(?:i|i['’]m|im|i['’]ve|ive|i['’]d|me|myself|my)\b)[\w'’-]+){0,8}\s*$""";

    [GeneratedRegex("""\b(?:i|i['’]m|im|i['’]ve|ive|i['’]d|i['’]ll|me|my|myself)\b""", Options)]
    private static partial Regex FirstPerson();

    // The news or a programme, and the customer not in between: "the news said suicide barriers are going up", "a
    // documentary on overdoses in Scotland"; not "since that programme I've been suicidal".
    [GeneratedRegex($$"""\b(?:news|documentary|docu-?series|article|podcast|programme|program|episode|series|drama|soap|film|movie|novel|book|headline|report|statistics|play|musical|production|exhibition|dissertation|thesis|lecture)\b{{NoFirstPersonAfter}}""", Options)]
    private static partial Regex Media();

    // The words naming a line of work or a cause: "suicide-prevention training", "self-harm awareness", "crisis team nurse".
    [GeneratedRegex("""^[-\s]+(?:for\s+(?:fitness|training|conditioning)|prevention|awareness|training|trainers?|charit(?:y|ies)|campaigns?|fundrais\w*|nurses?|workers?|practitioners?|managers?|leads?|staff|coordinators?|first\s+aid|polic(?:y|ies)|volunteers?|helpline\s+volunteers?)\b""", Options)]
    private static partial Regex WorkOrCause();

    // A story's subject (round 16): "I know there's a suicide in the story", "the overdose scene in the film"; round 17:
    // "a play with a suicide scene", "the self-harm storyline".
    [GeneratedRegex("""^\s+(?:(?:scenes?\s+)?(?:in|of)\s+(?:the|this|that)\s+(?:story|film|movie|show|book|play|musical|episode|series|novel|production|opera|panto|plot|script)|scenes?|storylines?|plot\s*lines?|subplots?)\b""", Options)]
    private static partial Regex InAStory();

    // A thing as the subject: "the gears are suicidal", "this road is suicidal on a bike"; not "my thoughts are suicidal".
    [GeneratedRegex("""\b(?:the|this|that|these|those|your)\s+(?!(?:thoughts?|feelings?|moods?|urges?|head|mind|brain)\b)(?:[\w-]+\s+){0,2}?(?:is|are|was|were|['’]s|['’]re)\s+(?:a\s+bit\s+|so\s+|totally\s+|absolutely\s+|literally\s+|proper\s+|just\s+|bloody\s+)?$""", Options)]
    private static partial Regex ThingIs();

    // "the problem is suicidal thoughts" names a state, whatever the subject.
    [GeneratedRegex("""^\s*(?:thoughts?|feelings?|ideation|urges?|tendencies|moods?|episodes?)\b""", Options)]
    private static partial Regex StateNamed();

    [GeneratedRegex("""
        \b(?:(?:(?:many|several|\d+|a\s+few|some|two|three|four|five|ten)\s+)?years\s+ago|years\s+back|in\s+my\s+(?:teens|twenties|thirties|forties|youth)
          |as\s+a\s+teen(?:ager)?|when\s+i\s+was\s+(?:younger|a\s+teen\w*|at\s+(?:uni|school|college)|\d+)|(?:a\s+)?long\s+time\s+ago
          |back\s+(?:in|at)\s+(?:uni|university|school|college|sixth\s+form)|ancient\s+history
          |(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\s+years\s+since
          # "in recovery from self-harm for 8 years", "ten years in recovery"
          |in\s+recovery\s+(?:from\s+[\w-]+\s+)?for\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+years
          |(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+years\s+in\s+recovery
          # a year long gone: "I was suicidal after my first marriage ended, 1998"
          |(?:19[5-9]\d|200\d|201[0-6]))\b
        """, Options)]
    private static partial Regex LongAgo();

    // Read only around words that name no one's act ("self-harm", "suicidal"), so "six months sober and I want to die"
    // and "2 years sober and I want to die" are still raised (round 19; "8 years clean" had been read around any match
    // since round 9): "three years free of self-harm today", "old self-harm scars from my teens".
    [GeneratedRegex("""
        \b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty)\s+(?:years?|months)\s+(?:clean|free|sober)
          |from\s+my\s+(?:teens|twenties|youth|school\s+days|uni\s+days)|old\s+(?:self[-\s]?harm\s+)?scars\b
        """, Options)]
    private static partial Regex Recovered();

    // "I used to self-harm at uni", when the message says it is over ("totally different life now").
    [GeneratedRegex("""\bused\s+to\s+(?:be\s+)?$""", Options)]
    private static partial Regex UsedTo();

    [GeneratedRegex("""\b(?:different\s+(?:life|person|place)|(?:fine|well|better|ok|okay|good|happy|great)\s+now|behind\s+me|recovered|in\s+recovery|happily|all\s+clear|doing\s+(?:well|great|fine))\b""", Options)]
    private static partial Regex Over();

    [GeneratedRegex("""\b(?:here|around)\b""", Options)]
    private static partial Regex HereOrAround();

    // Giving one's things away, explained by a move or a trip as being here is ("going minimalist and travelling for a year").
    [GeneratedRegex("""\bgiv(?:e|ing|en)\b.*\baway\b""", Options)]
    private static partial Regex GivingAway();

    // A move or a trip: "my visa ends", "moving to Leeds", "going home to Manila" (a place: not "going home to be with
    // Dad"), "I'm at my sister's", "travelling".
    [GeneratedRegex("""
        \b(?:visa|moving\s+(?:house|abroad|away|out|back|to|up|down)|relocat\w*|emigrat\w*|(?:going|flying|heading|moving)\s+(?:back\s+)?home\s+to\s+(?-i:[A-Z])
          |travel\w*|holiday|abroad|overseas|(?:i['’]?m|i\s+am|i['’]?ll\s+be|we['’]?re|staying)\s+(?:at|with)\s+my\s+[\w-]+|lease\s+(?:ends|is\s+up)|contract\s+(?:ends|is\s+up)|deploy\w*|posted\s+to)\b
        """, Options)]
    private static partial Regex Away();

    /// <summary>
    /// Everyday idiom with a word of death or violence in it: "I could murder a cup of tea", "dying for a brew", "this
    /// flatpack is killing me", "dead on my feet", "to die for", "the death of me", "over my dead body", "my phone died",
    /// "the pain was so bad I thought I'd die", "the dentist will kill the nerve".
    /// </summary>
    [GeneratedRegex("""
        \b(?:could|would|'d)\s+(?:murder|kill\s+for|die\s+for)\s+(?:a|an|some|the)\s+(?:[\w-]+\s+){0,3}?(?:tea|coffee|brew|cuppa|pint|beer|drink|curry|pizza|kebab|burger|sandwich|biscuits?|chocolate|wine|gin|bath|nap|kip|sleep|takeaway|chippy|bacon\s+roll|fry[-\s]up|hour|lie-in|holiday|break|massage|sauna|swim|shower|day\s+off|weekend)\b
        | \bdying\s+(?:for\s+(?:a|an|some|the)|to\s+(?:get|see|try|know|find\s+out|have))\b
        | \b(?:dead|dying)\s+(?:on\s+my\s+feet|tired|beat|chuffed|jealous|keen|excited|comfy|comfortable|easy)\b
        | \b(?:is|are|was|were|it['’]?s|that['’]?s)\s+(?:literally\s+|actually\s+|honestly\s+)?killing\s+me\b
        | \bto\s+die\s+for\b | \bthe\s+death\s+of\s+me\b | \bover\s+my\s+dead\s+body\b | \bkill(?:ing)?\s+two\s+birds\b
        | \b(?:phone|laptop|battery|car|tv|telly|kettle|printer|hoover|router|charger|tablet|ipad)\s+(?:has\s+|just\s+|finally\s+)?(?:died|is\s+dead|was\s+dead)\b
        | \bthought\s+i\s*(?:['’]?d|would|was\s+(?:going\s+to|gonna))\s+die\b | \bkill(?:s|ed|ing)?\s+(?:the|a|that|this)\s+nerve\b
        | \bkill(?:ed|ing)?\s+myself\s+laughing\b | \bfinish(?:es|ed|ing)?\s+me\s+off\b | \bget\s+away\s+from\s+it\s+all\b
        | \bcut(?:ting)?\s+myself\s+off\b
        # Round 20: a risk run for fun, "I'm going to take my life in my hands and try the advanced surf class".
        | \btak(?:e|ing)\s+my\s+life\s+in(?:to)?\s+my\s+(?:own\s+)?(?:two\s+)?hands\b
        # Round 19: "a bit of a sun overdose", "sugar overdose at the party".
        | \b(?:sun|sugar|caffeine|coffee|chocolate|carbs?|cake|cheese|screen|telly|tv|netflix|christmas|festive|culture|retail|nostalgia|cuteness|fresh\s+air)\s+overdose\b
        # Dying of shame (round 17): "I want to die of embarrassment, I ordered 12 lamps".
        | \b(?:(?:want|wanted|wanna|going|gonna|could|might|nearly|almost|literally|just)\s+(?:to\s+)?)?(?:die|died|dying)\s+(?:of|from)\s+(?:embarrassment|shame|cringe|boredom|laughter|laughing|envy|jealousy|excitement)\b
        # Cut for oneself (round 17): "I cut myself a big piece of the linen", "cut myself a slice of the cake".
        | \bcut(?:ting)?\s+myself\s+(?:a|an|some)\s+(?:[\w-]+\s+){0,2}?(?:piece|slice|chunk|wedge|length|portion|strip|square|sliver|fringe|key|share|lump|hunk|offcut|bit\s+of)s?\b | \bkill\s+myself\s+on\s+(?:the|that|those|these)\s+(?:first\s+|last\s+|big\s+)?(?:hill|climb|descent|bend|stairs|ramp|corner)s?\b
        | \b(?:chew|gnaw)\s+my\s+(?:own\s+)?(?:arm|leg|hand)\s+off\b | \b(?:poke|gouge|stab|scratch)\s+my\s+(?:own\s+)?eyes\s+out\b
        # A job done by the customer's own hand: "can I cut the curtains to length myself".
        | \b(?:cut|trim|fit|install|assemble|build|fix|paint|hem|shorten|carry|lift|sand|drill|mount)\s+(?:the|it|them|this|that|these|those)\b(?:\s+[\w'’-]+){0,5}?\s+myself\b
        """, Options)]
    internal static partial Regex EverydayIdiom();

    // Someone else's self-harm or threat of it, in the third person (round 14): "my ex keeps threatening to kill
    // himself", "my wife has been cutting herself and we're getting help"; read out only from a sentence with nothing
    // of the customer's own in it (OwnHarm).
    [GeneratedRegex("""
        \b(?:kill\w*|hurt\w*|harm\w*|cut\w*|end\w*|top\w*|starv\w*|burn\w*)\s+(?:him|her|them)sel(?:f|ves)\b
        | \bthreaten\w*\s+(?:to\s+)?(?:suicide|kill|end|hurt|harm|jump|top)\b
        """, Options)]
    private static partial Regex SomeoneElsesHarm();

    [GeneratedRegex("""\b(?:myself|my\s+(?:own\s+)?life|me\s+too|i\s+(?:want|wanna)\s+to\s+die)\b""", Options)]
    private static partial Regex OwnHarm();

    // The customer saying they are safe, which primes the encoder (round 14: "to be clear I'm safe and well, I just want
    // the order cancelled" read 0.69): "I'm safe" on its own, or "I'm fine" said as a reassurance.
    [GeneratedRegex("""
        \b(?:(?:to\s+be\s+clear|just\s+so\s+you\s+know|don['’]?t\s+worry|no\s+need\s+to\s+worry)\s*,?\s*(?:i['’]?m|im|i\s+am)\s+(?:perfectly\s+|totally\s+|completely\s+|absolutely\s+)?(?:safe|fine|ok|okay)
        | (?:i['’]?m|im|i\s+am)\s+(?:perfectly\s+|totally\s+|completely\s+|absolutely\s+)?safe)(?:\s+and\s+well)?\b
        """, Options)]
    private static partial Regex Reassured();

    // An accident told as one: "drank some of the descaler thinking it was water", "took two doses by mistake"; not "it
    // wasn't an accident" or "by accident on purpose" (OnPurpose, read in the same sentence).
    [GeneratedRegex("""(?<!\b(?:not|n['’]?t|no|never|wasn['’]?t)\s+(?:an?\s+|really\s+|just\s+)?)\b(?:by\s+(?:mistake|accident)|accidentally|thinking\s+(?:it|they)\s+(?:was|were)|mistook)\b""", Options)]
    private static partial Regex Accident();

    [GeneratedRegex("""\b(?:on\s+purpose|deliberately|meant\s+(?:to|it)|intentional\w*|wanted\s+to)\b""", Options)]
    private static partial Regex OnPurpose();

    // A clarification that the words meant something else: "the contract I mean", "On the bike plan, I mean", "not with
    // life, with this website"; not "my life I mean" or "everything, I mean it".
    [GeneratedRegex("""^\W*(?:(?:today|tonight|tomorrow|now|this\s+week(?:end)?)\W+)?""" + ClarificationText, Options)]
    private static partial Regex Clarified();

    private const string ClarificationText = """
        (?:
          not\s+(?:with\s+)?(?:life|living|the\s+world)\b
        | (?:(?:on|with|from|about|of)\s+)?(?:the|my|this|that|your|these|those)\s+(?!(?:life|living|world|everything|myself|pain)\b)[\w'’-]+(?:\s+[\w'’-]+){0,2}?\s*,?\s*i\s+mean(?:t)?\b(?!\s+(?:it|that)\b)
        | (?:the|my|this|that|your)\s+(?!(?:life|living|world|everything|myself|pain)\b)[\w'’-]+(?:\s+[\w'’-]+){0,5}?\s*,\s*that\s+is\b
        )
        """;

    // Words with nothing said of what ends or is done ("I'm ending it", "end things", "I'm done"), which a clarification
    // can take back; "I've taken all my tablets. the white ones I mean" names its object and stays.
    [GeneratedRegex("""\b(?:it|things|everything|done|up)\s*$""", Options)]
    private static partial Regex Vague();

    // A short opening that says nothing of what is done, taken back at once: "I'm done. not with life, with this
    // website", "I've given up. On the bike plan, I mean"; not "nobody would care. the kids I mean".
    [GeneratedRegex("""^\W*(?:i['’]?m|im|i\s+am|i['’]?ve|ive|i\s+have)\s+(?:just\s+|so\s+|totally\s+|completely\s+|officially\s+)?(?:done|finished|out|through|over\s+it|given\s+up|had\s+enough|ending\s+(?:it|things)|quitting)\W+""" + ClarificationText, Options)]
    private static partial Regex ClarifiedOpening();

    // A last straw put first (round 14): "if I see one more beige cushion I'm throwing myself off the balcony".
    [GeneratedRegex("""\bif\s+i\s+(?:see|hear|get|read|have\s+to\s+[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:one|1|another)\s+(?:more\s+)?[^.?!]*$""", Options)]
    private static partial Regex OneMoreBefore();

    // A preference put as hyperbole (round 14): "I'd rather throw myself off a cliff than go to a retail park".
    [GeneratedRegex("""\b(?:i['’]?d|i\s+would|id)\s+(?:much\s+)?rather\s+(?:just\s+)?$""", Options)]
    private static partial Regex RatherBefore();

    [GeneratedRegex("""\bthan\b""", Options)]
    private static partial Regex Than();

    // A thing said to make the customer want it, with a laugh (round 14): "the waiting room music makes me want to end it
    // all haha"; not the pain, grief or thoughts that make them want to.
    [GeneratedRegex("""\b(?:the|this|that|your|these|those)\s+(?!(?:pain|grief|loneliness|thoughts?|voices?|depression|anxiety|illness|debt|situation|way|meds|medication|tablets|pills|drink)\b)(?:[\w'’-]+\s+){0,4}?(?:makes?|made|is\s+making)\s+me\s+$""", Options)]
    private static partial Regex AThingMakesMe();

    [GeneratedRegex("""\b(?:ha(?:ha)+|lol|lmao|rofl)\b|😂|🤣|😆|🙃|🙄""", Options)]
    private static partial Regex Laughing();

    // An aching body part as the subject: "my poor feet want to die", "my legs want to die after that walk".
    [GeneratedRegex("""\b(?:my|me|the)\s+(?:poor\s+|old\s+|aching\s+|tired\s+)?(?:feet|legs|knees|back|hands|arms|ears|eyes|bum|toes|shoulders|calves|thighs|teeth|gums)\s+(?:just\s+|literally\s+)?$""", Options)]
    private static partial Regex BodyPart();

    // A question about a dose of an ordinary medicine ("can I take codeine with the antibiotics", "how much paracetamol
    // can I take in a day after the extraction"), read only when the message says nothing of dying (Lethal).
    [GeneratedRegex("""
        \b(?:(?:can|could|should|may)\s+i\s+(?:still\s+)?take\s+(?:some\s+|an?\s+|my\s+(?:usual\s+)?)?(?:[\w-]+\s+){1,2}?(?:with|after|before|alongside|while|and|the\s+(?:night|day|morning)\s+before)\b
        | how\s+(?:much|many)\s+(?:[\w-]+\s+){0,2}?(?:can|should|could|may)\s+i\s+(?:safely\s+)?(?:take|have)\b(?!\s+(?:before|to)\b)
        # Round 14: "is it safe to mix co-codamol with the antibiotics", "what's the max ibuprofen in 24 hours", "I've
        # stopped taking the vitamin D, is that ok?"
        | is\s+it\s+(?:safe|ok|okay|alright|all\s+right|fine)\s+to\s+(?:mix|take|have|combine)\b
        | (?:what['’]?s|what\s+is)\s+the\s+(?:max(?:imum)?|safe)\s+(?:dose\s+(?:of\s+)?)?[\w-]+\s+(?:in|per|a)\s+(?:a\s+)?(?:day|24\s*(?:h|hrs?|hours))\b
        | (?:stopped|stop|skipped|missed)\s+taking\b[^.?!]{0,60}\bis\s+(?:that|it|this)\s+(?:ok|okay|alright|all\s+right|fine|safe|a\s+problem)\b)
        """, Options)]
    private static partial Regex DoseQuestion();

    [GeneratedRegex("""\b(?:kill\w*|die|dies|dying|dead|death|wake\s+up|end\s+(?:it|things|my)|fatal|lethal|enough\s+to|overdos\w*|od|suicid\w*|for\s+good)\b""", Options)]
    private static partial Regex Lethal();

    // The past come back: "years ago, and it's back", "feeling like that again now", "lately"; round 19: "three years clean
    // and I relapsed last night".
    [GeneratedRegex("""\b(?:again|relaps\w*|slipped\s+up|back\s+to|coming\s+back|it['’]?s\s+back|lately|recently|tonight|at\s+the\s+moment|right\s+now|these\s+days)\b""", Options)]
    private static partial Regex Again();

    // "not joking", "I mean it"; "joking aside", which ends the joke rather than makes one; and a joke taken half back
    // ("I'm joking. Sort of.", "half joking").
    [GeneratedRegex("""\b(?:not\s+(?:even\s+|really\s+)?(?:joking|kidding)|(?:all\s+)?(?:joking|kidding)\s+(?:aside|apart)|(?:joking|kidding)\W+(?:sort\s+of|kind\s+of|kinda|maybe|or\s+am\s+i|am\s+i|not\s+really)|(?:half|only\s+half)[-\s]+(?:joking|kidding)|no\s+joke|not\s+(?:a|in\s+a)\s+jok(?:e|ing)\s*(?:way)?|i\s+mean\s+(?:it|that)|seriously|for\s+real|fr)\b""", Options)]
    private static partial Regex Earnest();

    // Said outright; not "lol" or a laughing face alone, which people in crisis also type, and not "not even joking".
    [GeneratedRegex("""(?<!\b(?:not|n['’]?t|no|never)\s+(?:even\s+|really\s+|actually\s+)?)\b(?:jk|j/k|(?:only\s+|just\s+)?(?:kidding|joking))\b""", Options)]
    private static partial Regex Joking();

    // What follows the words is a thing or a task: "kms this flatpack", "kill myself over these instructions", "if this
    // sofa doesn't fit", "if I have to build one more drawer".
    [GeneratedRegex("""
        ^\s*(?:(?:over|with|at|because\s+of)\s+)?(?:this|these|that|those|the|your)\s+(?:[\w-]+\s+){0,2}?(?:flat-?pack|instructions|sofa|wardrobe|drawers?|bed|table|desk|chair|delivery|website|app|parcel|courier|queue|wait|allen\s+key|screws?|assembly)\b
        | ^\s*if\s+(?:i\s+have\s+to|this|the|that|you|it|one\s+more)\b
        | ^\s*(?:laughing|with\s+laughter)\b
        | ^\s*for\s+(?:ordering|buying|forgetting|missing|choosing|picking|getting\s+the\s+wrong|not\s+measuring)\b
        """, Options)]
    private static partial Regex AtAThing();

    // What follows "kms" at once is what a thing did (round 16): "kms the courier left it at number 12 again", "kms this
    // tenancy form has 14 pages", "kms the 8.10 is cancelled again" — not the pills, the people or the pain. Only for the
    // slang, which is mostly said of a day's annoyances; "I want to die, the bailiffs are coming" is not read this way.
    // Read to the message's end, since a time such as "8.10" ends no sentence.
    [GeneratedRegex("""
        ^\s*,?\s+(?:this|these|that|those|the|your)\s+(?!(?:pills|tablets|meds|medication|rope|kids|children|family|world|pain|voices|thoughts|grief|debt|people|everyone)\b)
          (?:[\w.'’-]+\s+){0,4}?(?:is|are|has|have|had|was|were|doesn['’]?t|won['’]?t|isn['’]?t|aren['’]?t|left|keeps?|came|got|never)\b
        """, Options)]
    private static partial Regex AThingHappens();

    // A goodbye letter or note to a thing or a time of life: "to my old Corsa", "to the flat", "to my twenties", "... to the
    // gym" (round 20: after a pause); not to a person or a pet ("to my old mum", "to my wife", "to my little girl"), nor
    // to "my old self" or "my life".
    [GeneratedRegex("""
        ^[\s.…,:;–—-]*\s+to\s+(?:my|the|our|this|that)\s+
          (?:(?:old|first|trusty|faithful)\s+(?!(?:mum|mom|mam|dad|mother|father|man|lady|wife|husband|partner|love|flame|girl|boy|girls|boys|son|daughter|kids|children|sister|brother|baby|friends?|mates?|pals?|boss|self|selves|life|gran|nan|granny|grandad|grandma|grandpa|aunt|uncle|cousin|neighbour|teacher|flatmates?|colleagues?|team|family|folks|dog|cat|ones?)\b)[\w-]+
          |(?:car|van|motor|bike|house|flat|home|office|desk|job|phone|laptop|sofa|kitchen|garden|allotment|caravan|boat|shop|studio|hair|beard|twenties|thirties|student\s+days|school|uni|gym|club|salon|membership|city|town|village|street)\b)
        """, Options)]
    private static partial Regex GoodbyeToAThing();

    [GeneratedRegex("""^can(?:['’]?t|not)\s+go\s+on\b""", Options)]
    private static partial Regex CantGoOn();

    // A thing as the subject of "can't go on": "the old piano", "this boiler"; not a state ("the pain", "this loneliness")
    // and not the customer ("the truth is I").
    [GeneratedRegex("""\b(?:the|this|that|these|those|our|your)\s+(?!(?:pain|grief|loneliness|situation|way|thoughts?|feelings?|debt|illness|depression|anxiety|life|world|hurt|sadness|misery)\b)(?:(?!(?:i|i['’]m|im|me|my|myself)\b)[\w'’-]+\s+){1,3}$""", Options)]
    private static partial Regex AThingCannot();

    // "Better off without me" at a game, a team or a rehearsal: "at games night", "on the quiz team", "in the choir".
    [GeneratedRegex("""^\s+(?:at|in|on|for)\s+(?:the\s+|our\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:night|quiz|match|game|games|team|league|side|club|choir|band|rehearsals?|practice|training|pitch|court|lanes?|shift|rota|group|committee|party|tournament)\b""", Options)]
    private static partial Regex AtAPastime();

    // A laughing face straight after the slang: "kms 😂 forgot my costume"; not "lol", which people in crisis type too.
    [GeneratedRegex("""^\s*(?:😂|🤣|😆)""", Options)]
    private static partial Regex LaughedOff();
}
