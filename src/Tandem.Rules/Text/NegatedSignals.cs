using System.Text.RegularExpressions;

namespace Tandem.Rules.Text;

/// <summary>
/// Clauses that say the opposite of a signal's words: a declined or negated request for a person ("no
/// need to call me", "please don't phone, email is fine", "I don't want to speak to anyone") and negated
/// dissatisfaction ("no complaints at all", "not complaining, just asking"). A sentence vector cannot tell
/// "please don't call me" from "please call me" (nearly all the trained heads' out-of-fold false alarms
/// for a person were declined calls), and "complain" is a complaint rule's own word, so these clauses are
/// taken out of the message before that signal is looked for; the rest of the message still counts
/// ("no complaints about the sofa but the driver broke my gate" is still a complaint).
/// </summary>
public static partial class NegatedSignals
{
    /// <summary>The message without the clauses that decline a person, or null when it has none.</summary>
    public static string? WithoutDeclinedPerson(string text) => Without(text, DeclinedPerson());

    /// <summary>The message without the clauses that deny dissatisfaction, or null when it has none.</summary>
    public static string? WithoutNegatedComplaint(string text) => Without(text, NegatedComplaint());

    private static string? Without(string text, Regex negation)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!negation.IsMatch(text))
        {
            return null;
        }
        // Clauses are kept as typed, so evidence found in what is left still quotes the customer.
        var kept = Clauses(text).Where(c => !negation.IsMatch(c));
        return string.Join(" ", kept).Trim();
    }

    /// <summary>The message cut at sentence ends, semicolons, commas, dashes, line breaks and "but", each piece as typed.</summary>
    internal static IEnumerable<string> Clauses(string text) =>
        ClauseBreak().Split(text).Select(c => c.Trim()).Where(c => c.Length > 0);

    [GeneratedRegex(@"(?<=[.!?;])\s+|\n+|,\s*|\s+but\s+|\s+-\s+|\s+(?:just|only)\s+(?=(?:tell|let|send|email|text|answer)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex("""
        \b(?:
        # "No need to call me", "there's no need for a callback", "no need to put me through to accounts".
          (?:no|nae)\s+need\s+(?:to\s+(?:call|ring|phone|contact|email|speak|talk|transfer|pass|put\s+me\s+through)|(?:for|fur)\s+(?:a|any|the)?\s*(?:call|callback|call\s+back|phone\s+call|human|person|manager|supervisor|agent|one\s+to))
        # "Please don't phone", "do not ring me", "dont get anyone to call".
        | (?:don['’]?t|dont|do\s+not|please\s+don['’]?t|no\s+(?:phone\s+)?calls?\s+please)\s+(?:(?:get|have|ask)\s+(?:anyone|anybody|someone|somebody)\s+(?:to\s+)?)?(?:call|ring|phone|contact|transfer|pass)(?:\s+(?:me|us|over|on))?\b
        # "I don't need / want to speak to anyone", "I don't want a call back".
        | (?:don['’]?t|dont|do\s+not|won['’]?t|divvent|dinnae)\s+(?:need|want|require)\s+(?:to\s+(?:speak|talk|chat|be\s+(?:called|transferred|passed|put\s+through))(?!\s+(?:to|with)\s+(?:a|an|the|this|your)?\s*(?:bot|robot|chat\s*bot|machine|computer|ai|automated)\b)|(?:a|any|another)\s+(?:call|callback|call\s+back|phone\s+call|ring)|(?:a|an|any)?\s*(?:human|person|manager|supervisor|agent)|anyone|anybody|someone|somebody)
        # "I'm not asking for a manager", "not asking to be transferred".
        | not\s+asking\s+(?:for\s+(?:a|an)\s+(?:person|human|manager|call|callback)|to\s+(?:be\s+transferred|speak|talk))
        # "I'd rather not talk on the phone", "rather not be called".
        | rather\s+not\s+(?:talk|speak|be\s+(?:called|rung|phoned)|have\s+a\s+call)
        # Round 15: "don't put me through to anyone", "don't be putting me through to anybody", "no need call me", "nae need
        # tae bother anybody", "divvent need a person", "no need for them to call back", "scrap what I said about wanting a
        # manager", "the callback I asked for can be cancelled", "I'd sooner stay on the chat", "I'd rather sort this over
        # chat", "here's fine", "pls no phone calls".
        | (?:don['’]?t|dont|do\s+not|divvent|dinnae)\s+(?:be\s+)?(?:put(?:ting)?|transfer(?:ring)?|pass(?:ing)?|send(?:ing)?)\s+me\s+(?:through|on|over)\b(?!\s+to\s+(?:a|an|the|this|your)?\s*(?:bot|robot|chat\s*bot|machine|computer|ai|automated)\b)
        | (?:no|nae)\s+need\s+(?:(?:to|tae)\s+)?(?:call|ring|phone|bother)\b
        | no\s+need\s+for\s+(?:them|anyone|anybody|someone|somebody|you)\s+to\s+(?:call|ring|phone)
        | (?:scrap|forget|ignore|disregard)\s+what\s+i\s+said\s+about\s+(?:wanting|needing|asking|getting|speaking|talking)
        | call\s*back\b[^.!?\n]{0,40}\b(?:can\s+be\s+|be\s+)?cancel
        | (?:sooner|rather)\s+(?:stay|keep\s+(?:it|this)|do\s+(?:it|this)|(?:sort|do|deal\s+with)\s+(?:it|this|that)(?:\s+\w+)?)\s+(?:(?:on|over|by|via)\s+(?:the\s+)?)?(?:chat|here|email|text)
        | (?:pls|please)\s+no\s+(?:phone\s+)?calls?\b | \bno\s+(?:phone\s+)?calls?\s+(?:pls|please)\b
        | here['’]?s\s+fine
        # Round 18: declines in second-language, terse and dialect English: "not need video call", "don't need talk to the
        # trainer", "no need to have anyone call me", "me nah need nobody call me", "nae need tae get the gaffer", "please
        # no telephone", "No call. Just deliver.", "email not phone pls", Welsh "dim angen ffonio". A clause that only
        # says "no call" must end there: "no call back yet" and "no call, no email, nothing" tell of contact not made.
        | (?:not|nah|don['’]?t|dont)\s+need\s+(?:a\s+|any\s+)?(?:(?:video|phone)\s+)?(?:call|ring|phone|talk|speak)\b(?!\s+(?:to|with)\s+(?:a|an|the|this|your)?\s*(?:bot|robot|chat\s*bot|machine|computer|ai|automated)\b)
        | (?:no|nae|nah|not|don['’]?t|dont)\s+need\s+(?:(?:to|tae)\s+(?:have|get|ask)\s+)?(?:nobody|no\s*one|anyone|anybody|someone|somebody|them)\s+(?:to\s+)?(?:call|ring|phone)
        | (?:no|nae)\s+need\s+(?:to|tae)\s+(?:get|fetch|bring\s+in|involve)\s+(?:the|a|your|any)\s+(?:gaffer|manager|boss|supervisor|person|human)
        | (?:pls|please)\s+no\s+(?:tele)?phon(?:e|ing)(?:\s+calls?)?\b
        | (?<=(?:^|[.!?\n])\s*)no\s+(?:(?:phone|video)\s+)?calls?\s*(?:needed|necessary|please|pls)?\s*(?=[.!;]|$)
        | (?:e-?mail|text|write|message)\s+(?:me\s+|us\s+)?(?:not|rather\s+than|instead\s+of)\s+(?:a\s+)?(?:tele)?(?:phon|call|ring)
        | dim\s+angen\s+(?:ffonio|galw)
        # "Stop calling me", "please cancel the callback".
        | stop\s+(?:calling|ringing|phoning)\s+me
        | cancel\s+(?:the|my|that)\s+call(?:\s*back)?
        | no\s+(?:thanks|thank\s+you)[,\s]+(?:i\s+)?(?:don['’]?t\s+need\s+)?(?:a\s+)?call(?:\s*back)?
        )
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex DeclinedPerson();

    [GeneratedRegex("""
        \b(?:
          no\s+complaints?
        | not\s+(?:a\s+|making\s+a\s+)?complain(?:t|ing)\b
        | not\s+(?:that\s+)?(?:i['’]?m|i\s+am)\s+complaining
        | (?:i['’]?m|i\s+am)\s+not\s+complaining
        | not\s+(?:one|the\s+type|the\s+sort)\s+to\s+complain
        | nothing\s+to\s+complain\s+about
        | (?:can['’]?t|cannot|couldn['’]?t)\s+(?:fault|complain)
        | (?:i['’]?m|i\s+am)\s+not\s+unhappy
        )
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NegatedComplaint();
}
