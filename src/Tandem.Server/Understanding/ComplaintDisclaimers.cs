using System.Text.RegularExpressions;

namespace Tandem.Server.Understanding;

/// <summary>
/// Messages that tell of a problem and then take the grievance back (round 14). The fine-tuned encoder reads the
/// problem ("the first bed frame had a cracked slat") and misses the ending ("the replacement came in two days. Really
/// impressed"); that shape was a quarter of complaint's false alarms on holdout12 to holdout15. Under FCA DISP a message
/// whose last word on the matter is thanks, or that calls its complaint a joke, expresses no dissatisfaction. Sarcasm
/// looks the same from far off ("the replacement's broken too. Well done everyone", "Love how the tracking says 'out for
/// delivery' for the fourth day. Top work"), so any sign of it, or of something still wrong, keeps the complaint.
/// </summary>
internal static partial class ComplaintDisclaimers
{
    /// <summary>
    /// Whether the message takes its grievance back: it ends on praise or thanks that is not sarcasm, says the complaint
    /// was a joke ("Formal complaint: this bed is far too comfortable. (Joking. Love it.)"), or calls itself a question
    /// only ("Why has my direct debit gone up by £12? Just trying to make sense of the bill.") without anger.
    /// </summary>
    public static bool TakenBack(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Joking().IsMatch(text))
        {
            return true;
        }
        return !NotSincere().IsMatch(text)
            && (Praise().IsMatch(LastSentence(text))
                || (!Angry().IsMatch(text) && (JustAsking().IsMatch(text) || (Unqualified(OwnFault(), text) && !DeniedOwnFault().IsMatch(text)) || Unqualified(Accepting(), text))));
    }

    /// <summary>
    /// Whether the complaint is about the thing being too good ("Can I complain about how comfy this bed is?", "I'd like
    /// to file a formal complaint: the armchair is too comfy"): a joke, even in the words of a wish to complain, so it is
    /// taken back before that wish is honoured. Sarcasm or anger keeps it.
    /// </summary>
    public static bool TooGoodToComplainAbout(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TooGood().IsMatch(text) && !NotSincere().IsMatch(text) && !Angry().IsMatch(text);
    }

    // A fault the customer owns or a calm acceptance counts only when no "but" follows it: "my own fault, but the driver
    // was rude about it" and "I understand these things happen but this is the third cover" are complaints.
    private static bool Unqualified(Regex phrase, string text) =>
        phrase.Match(text) is { Success: true } match && !Qualified().IsMatch(text, match.Index + match.Length);

    private static string LastSentence(string text)
    {
        var trimmed = text.TrimEnd();
        // The last sentence with words in it, other than bare thanks: "Above and beyond. 👍" and "Tidy job, chuffed to bits.
        // Cheers!" end on the praise.
        var end = trimmed.Length;
        while (end > 0)
        {
            var start = trimmed.LastIndexOfAny(SentenceEnds, end - 1) + 1;
            var sentence = trimmed[start..end];
            if (sentence.Any(char.IsLetter) && !BareThanks().IsMatch(sentence))
            {
                return sentence;
            }
            end = start - 1;
        }
        return trimmed;
    }

    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n'];

    [GeneratedRegex("""^\W*(?:(?:many\s+)?thanks(?:\s+again)?|thank\s+you(?:\s+again)?|cheers|ta|diolch|merci|danke|gracias|x+)\W*$""", Options)]
    private static partial Regex BareThanks();

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace;

    // Praise or thanks that names what was good, or a set phrase of it; not a bare "Brilliant." or "Great.", which end
    // as many sarcastic complaints as sincere thanks ("left it at the road end. In the rain. Brilliant."), and not
    // "worth every penny", which ended two sarcastic ones. "Not great service" and "wouldn't say I'm thrilled" are not
    // praise.
    [GeneratedRegex("""
        (?<!\bnot\s)(?<!n['’]t\s)(?<!\bnot\s+that\s)(?<!\bsay\s)
        \b(?:(?:great|brilliant|excellent|fantastic|amazing|superb|fab|first[-\s]class|spot[-\s]on)\s+(?:service|packing|packaging|job|response|instructions|communication)
        | well\s+done | above\s+and\s+beyond | top\s+marks | can['’]?t\s+fault | couldn['’]?t\s+fault | legend
        | (?:really|much|very\s+much)\s+appreciated | which\s+i\s+(?:really\s+)?appreciated | (?:really|very|so|well)\s+impressed
        | nice\s+one | more\s+of\s+that\s+please | can['’]?t\s+argue\s+with\s+that | no\s+bother | all\s+good | fine\s+by\s+me
        | didn['’]?t\s+even\s+have\s+to\s+ask | should['’]?ve\s+come\s+to\s+you | made\s+my\s+day
        | (?:i['’]?m|im)\s+thrilled | happy\s+to\s+(?:take\s+a\s+(?:partial\s+)?refund|keep\s+(?:it|them)) | keeping\s+(?:it|them)\b | thank\s+you\s+so\s+much
        # Round 14, from holdout16 after it was spent: the everyday British ways of saying it.
        | cracking | chuffed | wizards | (?:ta|thanks)\s+very\s+much | thanks\s+for\s+sorting | no\s+complaints\s+here | totally\s+understand
        | five\s+stars | 5\s+stars | spot\s+on | lovely\s+(?:job|service|people|lads|team) | couldn['’]?t\s+be\s+happier | over\s+the\s+moon
        # Round 15, from holdout17 after it was spent.
        | flawless | tidy\s+job | (?:cracking|brilliant|great|fab)\s+(?:night|day|time|evening|weekend|stay) | thank\s+you\s+for\s+making)
        # "Impressed." on its own as the last word.
        | ^\W*(?:really\s+|very\s+|so\s+|well\s+)?impressed\W*$
        """, Options)]
    private static partial Regex Praise();

    // Sarcasm, a split rating, or something still wrong anywhere in the message: "shame about the lamp", "five stars for
    // the sofa, zero for the wait", "managed to send the wrong rug", "still waiting", "the replacement's ripped too", "Love how …", scare
    // quotes ("the 'premium' topper"), a sideways smile, "clearly" at the end.
    [GeneratedRegex("""
        \b(?:shame|zero|minus|0/10|(?:one|1)\s+star|for\s+nothing|managed\s+to|thanks\s+a\s+(?:lot|bunch)|still|yet|again|never|nobody|no\s+one
          |sarcas\w*|only\s+been|not\s+good\s+enough|disappointed|unacceptable|ridiculous|joke
          |(?:also|too)\s+(?:\w+ed|broken|faulty|wrong|late)|(?:\w+ed|broken|faulty|wrong|late)\s+too)\b
        | ^\W*love\s+(?:how|that|it\s+when|paying)\b
        | 🙃 | 🙄 | 😒 | 😤 | 😡 | 🙂
        | '\w[^']{2,30}'
        | \bclearly\W*$
        | /s\b
        """, Options)]
    private static partial Regex NotSincere();

    // A question said to be only that: "just want to understand it", "just checking my understanding", "genuinely curious".
    [GeneratedRegex("""
        \b(?:just\s+(?:want(?:ed)?\s+to|trying\s+to|wanting\s+to|need\s+to)\s+(?:understand|check|make\s+sense|be\s+sure|double[-\s]check|clarify)
          |just\s+(?:checking|asking|wondering|curious)|(?:checking|check)\s+my\s+understanding|out\s+of\s+curiosity|genuinely\s+curious)\b
        """, Options)]
    private static partial Regex JustAsking();

    // The customer owns the fault ("my bad, I clicked collect", "entirely my fault", "totally self-inflicted", "that's me not
    // the wardrobe") or puts it on someone else ("our last table did (not one of yours)"); not "not my fault" or "wasn't
    // my mistake", which blame the firm.
    [GeneratedRegex("""
        (?<!n['’]t\s)(?<!\bnot\s(?:even\s)?)
        \b(?:my\s+(?:bad|fault|mistake|error|own\s+fault|own\s+doing|doing)|user\s+error|on\s+my\s+part|self[-\s]inflicted
          |(?:that['’]?s|it['’]?s|was)\s+me\s+not\s+(?:the|you|your)|not\s+one\s+of\s+yours)\b
        """, Options)]
    private static partial Regex OwnFault();

    // A problem accepted calmly: "totally understand, emergencies happen", "honestly no harm done", "not fussed", "all
    // good", "no rush", "Tuesday works anyway".
    [GeneratedRegex("""
        \b(?:(?:totally|completely|fully|perfectly)\s+understand(?:able)?|(?:these|such)\s+things\s+happen|emergencies\s+happen|no\s+harm\s+done
          |(?<!\bnot\s)(?<!n['’]t\s)(?:honestly\s+|really\s+)?not\s+(?:too\s+|that\s+|at\s+all\s+)?(?:fussed|bothered)|(?<!\bnot\s)(?<!n['’]t\s)all\s+good|no\s+rush
          |(?:works|fine|suits\s+me)\s+anyway|nothing\s+(?:else\s+)?needed|no\s+action\s+needed)\b
        """, Options)]
    private static partial Regex Accepting();

    // "It wasn't my mistake", "my fault?": the fault pushed back on the firm.
    [GeneratedRegex("""\b(?:not|wasn['’]?t|isn['’]?t|no|never)\s+(?:\w+\s+)?my\s+(?:fault|mistake|error|doing)|\bmy\s+(?:fault|mistake|error)\s*\?""", Options)]
    private static partial Regex DeniedOwnFault();

    [GeneratedRegex("""\b(?:but|however|although|except)\b""", Options)]
    private static partial Regex Qualified();

    // A complaint word and something too good in one sentence: "complain about how comfy", "sue you for how comfy this
    // mattress is", "formal complaint: the armchair is too comfy".
    [GeneratedRegex("""
        \b(?:complain\w*|sue|suing|ruined|raging|1\s+star|one\s+star)\b[^.!?\n]{0,40}?
        \b(?:too|so|how|far\s+too|ridiculously|dangerously)\s+(?:comfy|comfortable|good|nice|gentle|soft|cosy|gorgeous|lovely|addictive|beautiful)\b
        """, Options)]
    private static partial Regex TooGood();

    [GeneratedRegex("""\b(?:furious|angry|fuming|livid|appalled|disgusted|disgrace\w*|outrage\w*|shocking|terrible|awful|rubbish|useless|worst|annoyed|fed\s+up|sick\s+of)\b""", Options)]
    private static partial Regex Angry();

    // The complaint called a joke outright ("Only joking - is the brass one coming back?", "Kidding, thank you, it was
    // gorgeous"); not "I'm not joking", "no joke", "are you kidding me?", "you must be joking" or "I wish I was joking",
    // which are complaints.
    [GeneratedRegex("""(?<!\bnot\s)(?<!n['’]t\s)(?<!\bno\s)(?<!\byou\s)(?<!\byou['’]re\s)(?<!\bu\s)(?<!\bbe\s)(?<!\bbeen\s)(?<!\bwas\s)(?<!\bwere\s)\b(?:only\s+|just\s+|i['’]?m\s+)?(?:joking|kidding|jk|j/k)\b(?!\s+(?:me|right)\b)""", Options)]
    private static partial Regex Joking();
}
