using System.Text.RegularExpressions;
using Tandem.Rules.Routing;

namespace Tandem.Server.Understanding;

/// <summary>
/// Rule-based detectors for the risk signals, each returning the words that triggered it. Patterns
/// favour recall on the signals that hand off (missing a distressed customer is the costly error),
/// and carry guards for common harmless uses ("estate agent", "my sofa died", "roller blind").
/// Each rule is one phrasing per line; ['’] accepts the curly apostrophe phones type.
/// </summary>
internal static partial class SignalDetector
{
    private static readonly (SignalKind Kind, Regex Pattern)[] Rules =
    [
        (SignalKind.HumanRequest, HumanRequest()),
        (SignalKind.SelfHarm, SelfHarm()),
        (SignalKind.LegalThreat, LegalThreat()),
        (SignalKind.Complaint, Complaint()),
        (SignalKind.Vulnerability, Vulnerability()),
        (SignalKind.Hardship, Hardship()),
        (SignalKind.Abuse, Abuse()),
        (SignalKind.PromptInjection, PromptInjection()),
    ];

    public static IReadOnlyList<Signal> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var signals = new List<Signal>();
        foreach (var (kind, pattern) in Rules)
        {
            var match = pattern.Match(text);
            // Self-harm words negated, someone else's, long past or a joke do not raise it; a later match still can.
            while (kind == SignalKind.SelfHarm && match.Success && SelfHarmDisclaimers.Disclaimed(text, match))
            {
                match = match.NextMatch();
            }
            if (match.Success)
            {
                signals.Add(new Signal(kind, match.Value.Trim()));
            }
        }
        return signals;
    }

    /// <summary>The self-harm rule's matches that the words around them disclaim (negated, someone else's, long past, a joke).</summary>
    public static IEnumerable<Match> DisclaimedSelfHarm(string text) => SelfHarm().Matches(text).Where(m => SelfHarmDisclaimers.Disclaimed(text, m));

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace;

    [GeneratedRegex("""
        \b(?:
          (?:speak|talk|chat|get\s+through|put\s+me\s+through|transfer\s+me|connect\s+me|pass\s+me(?:\s+on)?)\s+(?:to|with)\s+
            (?:a\s+|an\s+|some\s+|your\s+|the\s+)?(?:real\s+|actual\s+|live\s+|proper\s+)?
            (?:person|human|agent|one|someone|somebody|people|team|staff|member\s+of\s+staff|advisor|adviser|operator|manager|supervisor|representative|rep)\b
        | (?:is\s+there\s+)?(?:anyone|anybody|someone|somebody|a\s+(?:real\s+)?(?:person|human))\s+(?:i|we)\s+(?:can|could)\s+(?:actually\s+|really\s+|just\s+)?(?:speak|talk|chat)\s+(?:to|with)
        | want\s+(?:a|to\s+speak\s+to\s+a)\s+(?:real\s+)?(?:person|human)\b(?![-\s]+(?:touch|sized|size|shaped|being|one)\b)
        | (?:real|actual|live)\s+(?:person|human|agent)
        | human\s+(?:being|please|agent)
        | \bhuman\b\s*[?!.]*$
        # A whole message that names who it wants: "agent please", "manager pls", "a supervisor now!". A lookbehind, since
        # the \b the alternatives share cannot stand before the leading spaces a message may have.
        | (?<=^\s*)(?:an?\s+|the\s+|your\s+)?(?:agent|human|person|operator|manager|supervisor|team\s+leader|advis[eo]r)\s*(?:please|pls|plz|now|asap)?\s*[?!.]*\s*$
        # "Can someone help me" is a turn of phrase; asking to be called, or for a member of staff, is a request.
        | (?:can|could)\s+(?:someone|somebody)\s+(?:call|ring|phone|contact|email)\s+me
        | (?:can|could)\s+(?:a\s+person|a\s+human|one\s+of\s+your\s+team|a\s+member\s+of\s+(?:your\s+)?(?:team|staff))\s+(?:call|ring|phone|contact|help|email)\b
        | (?:get|have)\s+(?:someone|somebody|a\s+person)\s+(?:to\s+)?(?:call|ring|phone|contact)\s+me
        # "Call me back", "ring me on 07700 900123", a bare "please call me"; a call from the courier is a delivery detail.
        | (?<!(?:driver|courier)\s+(?:to\s+|can\s+|could\s+|will\s+|should\s+)?)(?:call|ring|phone)\s+me
            (?:\s+back|\s+on(?=\s+(?:\+44|0)\d)|(?=\s*(?:please|pls|asap|now)?\s*[?!.]*\s*$))
        | (?:have|get|request|want|like|arrange|book)\s+a\s+call[\s-]?back
        # A department by name ("put me through to accounts", "can I talk to your finance team"); the words that also
        # name a thing ("the delivery driver", "the returns label") count only with team or department after them.
        | (?:speak|talk|chat|get\s+through|put\s+me\s+through|transfer\s+me|connect\s+me|pass\s+me(?:\s+on)?|send\s+me|forward\s+me)\s+(?:to|with)\s+
            (?:someone\s+(?:in|from|at)\s+)?(?:your\s+|the\s+)?
            (?:(?:finance|accounts?|billing|complaints|customer\s+(?:services?|care)|head\s+office|management)\b
              | (?:returns|refunds?|deliver(?:y|ies)|sales|warehouse|payments?|credit|collections|customer\s+relations)\s+(?:team|department|dept|desk|people)\b)
        # Someone from a team asked to get in touch: "could someone from your finance team ring me"; not "someone from
        # your team called me", which is past.
        | (?:can|could|would|will|please|pls|i['’]?d\s+like|i\s+want|i\s+need|have|get)\s+(?:someone|somebody|a\s+person|a\s+member\s+of\s+staff|one\s+of\s+(?:you|your\s+colleagues))
            \s+(?:from|in|at|on)\s+(?:your\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:team|department|dept|office|accounts|finance|billing|returns|complaints|customer\s+services?)
            \s+(?:to\s+)?(?:call|ring|phone|contact|email|e-mail|get\s+in\s+touch|get\s+back|deal\s+with)\b
        # A named colleague: "I'd like to speak to Sarah", "can I talk to Mike from returns again". Asked for, not
        # "I need to talk to Dave first", where the customer consults someone of their own.
        | (?:(?:can|could|may)\s+i\s+(?:please\s+)?|i['’]?d\s+like\s+to\s+|i\s+(?:want|need|wanna)\s+to\s+|let\s+me\s+|please\s+(?:can\s+i\s+)?)(?:speak|talk|chat)\s+(?:to|with)\s+
            (?-i:(?!(?:I|You|Your|The|Someone|Somebody|Anyone|English|Google|Alexa)\b)[A-Z][a-z]{2,})\b(?!\s+(?:first|before|about\s+(?:it|whether|this)))
        # A reply that asks to be passed on: "yes please put me through", "transfer me please"; not "it put me through
        # hell" or "transfer me the money".
        | (?:put|get)\s+me\s+through(?=\s*(?:to\b|please\b|pls\b|now\b|asap\b|then\b|[.!?,]|$))
        | (?:transfer|connect)\s+me(?=\s*(?:please\b|pls\b|now\b|asap\b|then\b|over\b|[.!?,]|$))
        | (?:pass|hand)\s+me\s+(?:on|over)(?=\s*(?:to\b|please\b|pls\b|now\b|then\b|[.!?,]|$))
        # "Can this go to someone who can decide", "please pass it on to a manager", "escalate this to a person".
        | (?:go|goes|be\s+(?:passed|sent|referred|forwarded|handed|escalated|looked\s+at)|pass|send|refer|forward|hand|escalate)\s+(?:this|it|my\s+(?:case|query|complaint|request|claim))?\s*(?:on\s+|over\s+|up\s+)?(?:to|by)\s+
            (?:(?:someone|somebody)(?!\s+else|['’]s)|a\s+(?:real\s+)?(?:person|human|manager|supervisor|colleague|member\s+of\s+staff)|your\s+(?:manager|supervisor|team\s+leader|colleague))
        # Someone with the authority the assistant lacks.
        | (?:someone|somebody|anyone|a\s+person)\s+(?:more\s+senior|higher\s+up|in\s+charge|with\s+(?:more\s+)?authority|who\s+can\s+(?:actually\s+)?(?:decide|authori[sz]e|approve|sort\s+(?:this|it)\s+out))
        | not\s+(?:a|another)\s+(?:bot|robot|machine|computer)
        | stop\s+(?:the\s+)?bot
        | no\s+more\s+bots?
        # Asking for a telephone call in the other ways people ask (round 6: the fifth fresh set's most common miss):
        # "ring me tomorrow", "telephone me instead", "give me a call", "callback please", "a word with one of your
        # staff", "someone on the delivery team I can speak to". A relative or the courier who will ring is not asked
        # for; "someone called me" is past.
        | (?<!(?:\b(?:driver|courier|he|she|they|husband|wife|partner|mum|mom|dad|son|daughter|sister|brother|friend|neighbour|bank)\s+(?:to\s+|can\s+|could\s+|will\s+|would\s+|should\s+|might\s+|is\s+going\s+to\s+)?
              |\b\w+['’]d\s+|(?:promised|supposed|meant|going|was|were)\s+to\s+|\bwould\s+|\bwill\s+))
          (?:(?:call|ring|phone|telephone)\s+me\s+(?:instead|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening|week)|after\s+\d|before\s+\d|any\s*time|at\s+\d|asap|please|pls|if\s+(?:possible|you\s+can))\b
            | telephone\s+me\b
            | give\s+me\s+a\s+(?:call|ring|bell|buzz)\b)
        | ^\W*call[\s-]?back\b
        | (?:for|wait(?:ing)?\s+for|arrange|schedule)\s+a\s+call[\s-]?back
        | call[\s-]?back\s+(?:please|pls|asap|today|tomorrow|would\s+be)
        | (?<!\b(?:don['’]?t|do\s+not|no\s+need\s+(?:for|to)|not|never)\b[^.?!]{0,25})(?:a\s+person|someone|somebody|one\s+of\s+(?:you|your\s+(?:team|staff|colleagues)))\s+(?:can|could|to)\s+(?:call|ring|phone|telephone)\s+me\b
        | (?:someone|somebody|a\s+person|one\s+of\s+you)\s+to\s+(?:pick\s+up|answer)\s+the\s+phone
        | (?:like|want|prefer|rather|need|can|could)\b[^.?!]{0,60}?\b(?:with|to)\s+(?:someone|somebody|a\s+person|one\s+of\s+your\s+(?:team|staff))(?:\s+from\s+the\s+shop)?\s+(?:on|by|over)\s+(?:the\s+)?(?:tele)?phone
        | (?:by|on|over)\s+(?:the\s+)?(?:tele)?phone\s+with\s+(?:someone|somebody|a\s+person|one\s+of\s+your)
        | a\s+word\s+with\s+(?:one\s+of\s+your|your|someone|somebody|a\s+(?:person|manager|supervisor|member\s+of\s+staff))
        | i['’]?d\s+like\s+a\s+word\b
        | (?:deal|speak|talk|chat)\s+with\s+one\s+of\s+your\s+(?:team|staff|colleagues|people|advisers|advisors)
        | (?:have|get|give\s+me|want|need|like|appreciate)\s+a\s+(?:named\s+contact|direct\s+line)
        | (?:someone|somebody|anyone|anybody|a\s+(?:lady|gentleman|man|woman|person)(?:\s+or\s+(?:a\s+)?(?:lady|gentleman|man|woman))?)\s+
            (?:(?:there|on|from|in|at)\s+(?:the\s+|your\s+)?(?:[\w-]+\s+){0,3}?(?:team|department|office|shop)\s+|there\s+)(?:i|we)\s+(?:can|could)\s+(?:actually\s+|just\s+)?(?:speak|talk|chat)\b
        | loop\s+in\s+(?:someone|somebody|a\s+(?:person|manager|colleague))
        | (?:pass|put|transfer|send)\s+me\s+(?:on\s+|through\s+)?to\s+(?:your|a|the)\s+colleague
        | ^\W*(?:agent|human|person|operator)\s*[.!]+
        # Round 7, from the training pool's out-of-fold misses. A role with words before it ("your delivery manager", "a
        # sales advisor", "the store manager in Exeter", "whoever approves refunds"); not a bank's, a council's or an
        # estate agent's staff, and not "spoke to", which is past.
        | (?:speak|talk|word)\s+(?:to|with|wi|wiv)\s+(?!(?:[\w'’-]+\s+){0,3}?(?:bank|banks|council|insurer|insurance|landlord|letting|estate|gp|doctor|courier|solicitor|school)\b)
            (?:(?:a|an|the|your|ur|one\s+of\s+your)\s+(?:[\w'’-]+\s+){0,3}?(?:manager|supervisor|advis[eo]r|team|department|dept|desk|officer|rep|representative|staff|member\s+of\s+staff|colleague|person|human)\b(?!['’]s)
              | whoever\b)
        | (?<!\b(?:don['’]?t|do\s+not|no\s+need\s+to|not)\s+(?:\w+\s+){0,3})(?:get|fetch)\s+(?:me\s+)?(?:a|your|ur|the)\s+(?:manager|boss|supervisor|team\s+leader)\b(?!['’]s)
        | get\s+me\s+(?:someone|somebody|a\s+person|a\s+human|a\s+real\s+person)\b
        | (?:your|ur)\s+boss\s+on\s+the\s+(?:line|phone)
        | (?<!\b(?:delivery|the|a|that|this|which|one|each|per|sales|second|2nd|first|other)\s+)\b(?:agent|human|person|operator)\s*,?\s*(?:please|pls|plz|now)\b
        | [,.!]\s*(?:agent|human|operator)\s*[.!?]*\s*$
        # A named colleague asked after ("Is Karen in today?", "is Raj about?") or passed a message ("pass this to Claire").
        | \bis\s+(?-i:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|It|This|That|There|Delivery)\b)[A-Z][a-z]{2,})\s+(?:from\s+(?:[\w-]+\s+){1,3}?)?(?:in|about|around|working|on\s+shift)\s*(?:today|now|this\s+(?:morning|afternoon|week))?\s*\?
        | (?:pass|forward)\s+(?:this|it|my\s+(?:message|query|case))\s+(?:on\s+)?to\s+(?-i:(?:Mr|Mrs|Ms|Miss|Dr)\b|(?!(?:I|You|Your|The)\b)[A-Z][a-z]{2,}\b)
        # A telephone call asked for in the other ways people ask.
        | ^\W*(?:a\s+)?(?:phone\s+)?call\s+(?:please|pls)\b
        # Round 10: a call accepted or fancied ("yes to the callback", "anyone fancy ringing me?"), and sorting it out with a
        # person ("I'd rather go through it with someone on the phone"); not "yes I'm at home for the driver's call".
        | \byes\s+(?:please\s+)?(?:to\s+)?(?:the\s+|a\s+)?(?:call[\s-]?back|ring[\s-]?back|phone\s+call)\b
        | (?:someone|somebody|anyone|anybody)\s+(?:(?:from|at|on)\s+(?:your|the)\s+(?:[\w-]+\s+){0,2}?)?(?:fancy|mind|want\s+to|able\s+to|free\s+to)\s+(?:ringing|calling|phoning|ring|call|phone)\s+me\b
        | (?:sort|sorting|do|doing|go|going|talk|talking)\s+(?:it|this|that|things|everything)\s+(?:through\s+|out\s+)?with\s+(?:someone|somebody|a\s+(?:real\s+)?(?:person|human))\b
        | ring[\s-]?back\s+(?:requested|please|pls)
        | (?<!\b(?:driver|courier|fitter|he|she|they)\s+(?:\w+\s+){0,2})(?:gie|gies|give\s+(?:me|us))\s+a\s+(?:quick\s+)?(?:phone|call|ring|bell|buzz)\b
        | (?:can|could|cn|cud)\s+(?:someone|somebody|sum1|sumone)\s+(?:bell|buzz|ring|call|phone)\s+me
        | (?:can|could|cn|cud)\s+(?:you|u)\s+(?:bell|buzz)\s+me
        | (?<!\b(?:don['’]?t|do\s+not|no\s+need\s+(?:for|to)|not|never)\b[^.?!]{0,25})(?:someone|somebody|sum1|a\s+person|a\s+member\s+of\s+(?:your\s+)?staff|one\s+of\s+your\s+(?:team|staff)|one\s+of\s+your\s+staff)\s+(?:could|can|would|to|will)\s+(?:please\s+)?(?:call|ring|phone|telephone|email|e-mail)\b
        | (?:someone|somebody|anyone|one\s+of\s+(?:you|your\s+team))\s+(?:be\s+)?able\s+to\s+(?:call|ring|phone|telephone|email)\s+me
        | (?:someone|somebody)\s+(?:to\s+)?give\s+me\s+a\s+(?:quick\s+)?(?:ring|call|bell|buzz|phone)
        | if\s+(?:someone|somebody)\s+(?:just\s+|could\s+|can\s+|would\s+)?(?:rings?|rang|calls?|called|phones?|phoned)\s+me
        | a\s+(?:quick\s+)?(?:phone\s+)?call\s+would\s+(?:help|be\s+(?:great|good|easier|better|ideal|best))
        | (?:i['’]?d\s+(?:be\s+grateful\s+for|like|appreciate|prefer)|i\s+(?:would\s+)?(?:like|want|need|prefer)|grateful\s+for)\s+a\s+(?:quick\s+)?(?:phone\s+)?call\b(?!\s+from\s+(?:the\s+|your\s+)?(?:driver|courier|fitter))
        | (?:video|phone)\s+(?:call|appointment)\s+with\s+(?:someone|somebody|a\s+person|one\s+of)
        | (?:someone|somebody)\s+(?:from\s+your\s+team\s+)?(?:to\s+)?(?:do\s+a\s+(?:quick\s+)?)?video\s+call
        | (?:can|could|shall)\s+we\s+(?:do|sort)\s+(?:it|this)\s+(?:over|on|by)\s+the\s+phone
        | (?:easier|quicker|better|simpler)\b[^.?!]{0,40}?\bto\s+(?:someone|somebody|a\s+person)\s+(?:on|by|over)\s+the\s+phone
        | sort\s+(?:this|it)\s+(?:out\s+)?with\s+(?:someone|a\s+person|a\s+human)
        # Anyone with the authority the assistant lacks, a person to look at it, a queue for a person.
        | (?:someone|somebody|anyone|anybody|a\s+person)\s+(?:there\s+)?(?:with\s+the\s+authority|who\s+can\s+(?:actually\s+)?(?:make\s+(?:a|the)\s+decision|sign\s+off))
        | (?:someone|somebody)\s+senior\b
        | most\s+senior\s+person
        | (?<!\b(?:does\s+it|it|that|this|they)\s+)(?:need|want|prefer|get|(?:i['’]?d|would)\s+like)\s+(?:a|an\s+actual|a\s+real|a\s+proper)\s+(?:human|person)\b
            (?=\s*(?:[.!?,]|$|please\b|pls\b|now\b|instead\b|not\b|rather\b|to\s+(?:talk|speak|deal|look|sort|check|explain|call|ring|help\b(?!\s+(?:carry|lift|move|assemble|build)))|who\s+can\b|on\s+the\s+phone|for\s+(?:help|this)))
        | (?<!\b(?:does|do|will|would|did|is\s+it|could|can)\s+)(?:a|an)\s+(?:real\s+|actual\s+|proper\s+)?(?:human|person)\s+(?:to\s+)?(?:look\s+at|looking\s+at|check|review|deal\s+with|explain)\b
        | by\s+a\s+(?:member\s+of\s+(?:your\s+)?(?:team|staff)|real\s+person|human|colleague)\b
        | get\s+(?:a\s+colleague|someone|somebody)\s+to\s+(?:email|call|ring|phone|contact)\s+me
        | (?:get|be)\s+transferred\s+to\s+(?:(?:a|the|your)\s+(?:[\w-]+\s+){0,2}(?:department|dept|team|desk|person|human|manager|supervisor|advis[eo]r|returns|sales)\b|someone|somebody)
        | be\s+put\s+through\s+to
        | put\s+me\s+(?:on\s*to|onto)\s+(?:someone|somebody|a\s+person|a\s+human)
        | a\s+(?:quick\s+)?word\s+(?:wi|wiv)\s+(?:someone|somebody|one\s+of\s+your|your)
        | (?:anybody|anyone)\s+real\b
        | (?:set\s+up|arrange|book)\s+a\s+(?:call|meeting|chat)\s+with\s+(?:someone|whoever|your|a\s+member)
        | (?:meeting|call)\s+with\s+(?:your|a|the)\s+(?:[\w-]+\s+){0,3}?(?:manager|supervisor|advis[eo]r)\b
        | (?:wait|queue)\s+for\s+a\s+(?:real\s+)?(?:person|human)
        )
        """, Options)]
    private static partial Regex HumanRequest();

    [GeneratedRegex($$"""
        \b(?:
          kill(?:ing|in)?\s+my\s*self
        | kms\b
        # Not before a list of things given up (NoListGivenUp).
        | end(?:ing)?\s+(?:it\s+all{{NoListGivenUp}}|my\s+life)
        | (?:want|wanted|wanna)\s+(?:it\s+all|everything)\s+to\s+(?:end|stop)
        # Not "die" for dye ("i want to die my hair pink").
        | (?:want|wanna)\s+(?:to\s+)?die\b(?!\s+(?:my|her|his|their|your|the|it)\s+(?:[\w-]+\s+)?(?:hair|roots|fringe|beard|eyebrows|brows|lashes|pink|blue|red|purple|green|black|blonde|silver|ginger)\b)
        # The customer's own risk, not a bereavement by suicide, a job or a cause ("I work in suicide prevention", "lost a
        # colleague to suicide"), or someone else's ("what does your bot do if someone says they're suicidal?").
        | (?<!\b(?:died|death|dying|die|dies)\s+by\s+)(?<!\blost\s+(?:[\w'’]+\s+){1,3}to\s+)(?<!\b(?:someone|they|he|she|people|customers?|somebody)\s+(?:is|are|was|were|says?|said|feels?)\s+(?:they['’]re\s+|he['’]s\s+|she['’]s\s+)?)
          (?>suicid\w*)(?!\s+(?:prevention|awareness|helpline|charity|charities|training|rates?|statistics|bereavement|module|course|mission|squad|doors|blonde)\b)
        | self[-\s]?harm\w*
        # "I hurt myself lifting the box" is an accident.
        | (?:hurt|hurting|cut|cutting|harm|harming)\s+my\s*self\b(?!\s+(?:on|with|while|when|lifting|carrying|moving|assembling|building|putting|opening|unpacking|trying)\b)
        # Not here at an hour ("I really don't want to be here at 6am for check in").
        | don['’]?t\s+(?:really\s+|even\s+)?want\s+to\s+(?:be\s+here(?!\s+(?:at\s+\d|(?:that|so)\s+early|for\s+(?:the\s+)?check[-\s]?in))|live(?!\s+(?:in|with)\s+(?:this|that|the|a|my|our|all\s+this)\s+(?:mess|clutter|chaos|house|flat|room|street|area|colour|state|noise|damp|draught|wallpaper|carpet|sofa|bed)\b)|go\s+on|be\s+alive)
        | (?:no|(?:don['’]?t|can['’]?t)\s+see\s+(?:the|any))\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on|carrying\s+on|anything|life)
        | (?:better\s+off|be\s+better)\s+dead
        | take\s+my\s+(?:own\s+)?life
        # "My overdose of cushions" and "overdosed on caffeine" are jokes; an overdose of pills or medication is not.
        # Nor a dose given to something else ("I overdosed the tomatoes on feed").
        | (?>overdos\w*)(?!\s+(?:of|on)\s+(?!(?:my\s+|the\s+|all\s+|some\s+)?{{Medicines}}))
            (?!\s+(?:the|our|his|her|their|your)\s+(?!(?:{{Medicines}}
              |night|nights|day|days|week|weekend|morning|evening|afternoon|other|last|first|second|next|same|time|year|month|christmas)\b)\w)
        # "I can't go on"; not "can't go on holiday", "the rug can't go on the underfloor heating", "can't go on waiting
        # for this parcel" or "sleeping on an airbed" (a doing word, unless it is living, existing or the like), "can't go
        # on like this with the courier".
        | can['’]?t\s+go\s+on\b(?!\s+(?!(?:living|existing|breathing|being|feeling|pretending|struggling|fighting|suffering|hurting)\b)[a-z]+ing\b)(?!\s+(?:holiday|hols|trips?|rides?|tour|leave|top|sale|online|a|an|the|my|your|our|his|her|their|its?|them|those|these|(?:this|that)(?!\s+way)|till|until|at|in|to|with\s+(?:this|these|that|the|my|your)\s+(?!life\b)|like\s+this\s+with\s+(?:the|this|these|your|my))\b)
        # "I OD'd on Monday"; not "OD'd on chocolate".
        | \bOD(?:['’]d|['’]?ed|['’]?ing)\b(?!\s+on\s+(?:chocolate|caffeine|coffee|sugar|sweets|cake|carbs|crisps|cushions|shopping|netflix|box\s+sets)\b)
        # Calm, indirect intent, often inside a practical request (round 6): "I don't intend to be alive by Christmas",
        # "the pills are ready", "I've written letters to the children", "I won't need it where I'm going", joining a
        # person who has died. Not "I won't be around on Friday" (away) or "I left a note for my husband" (a parcel).
        | (?:not|n['’]t)\s+(?:intend\w*|plan\w*|going|expect\w*)\s+to\s+(?:be|stay|still\s+be)\s+alive
        | (?:won['’]?t|will\s+not|shan['’]?t)\s+(?:still\s+)?be\s+alive
        | (?:pills|tablets)\s+(?:are\s+|all\s+)?(?:ready|saved\s+up|stockpiled|lined\s+up)
        | (?:saved|saving|stockpil\w+|hoard\w*|collect\w*)\s+(?:up\s+)?(?:my\s+|enough\s+)?(?:pills|tablets|painkillers|sleeping\s+pills)
        | (?:saved|saving|stockpil\w+|hoard\w*)\s+(?:up\s+)?(?:all\s+)?my\s+(?:antidepressants|meds|medication|sleeping\s+tablets|co-?codamol|paracetamol|oxycodone|morphine|insulin|prescriptions?)
        | (?:written|wrote|writing)\s+(?:my\s+)?(?:goodbye\s+)?(?:letters|notes)\s+(?:to|for)\s+(?:my|the)\s+(?:kids|children|family|loved\s+ones|boys|girls)
        | goodbye\s+(?:letters?|notes?)
        | (?:need|want|take|use)\s+(?:it|them|this|that|anything|any\s+of\s+(?:it|this))\s+where\s+i['’]?m\s+going
        | (?:passed|died|lost|gone|death)\b[^?!]{0,160}?\b(?:join|be\s+with)\s+(?:her|him|them)\s+(?:soon|now|again|shortly)
        # Round 7, from the training pool's out-of-fold misses: the plain ways people say it that the words above
        # missed. Ending it as an intention or a thought ("I'm going to end things this weekend", "thinking of ending
        # it", "tried to end it in September"), not "end things with my boyfriend" or "I'll end it there".
        | (?:going\s+to|gonna|want\s+to|wanna|plan(?:ning)?\s+(?:on|to)|decided\s+to|mind\s+up\s+to|tried\s+to|how\s+to|except|(?:think|thinking|thought)\s+(?:about|of)|i|i['’]?m|im|i\s+am|i['’]?ll|i\s+will|if\s+i\s+(?:just\s+)?)\s+
            (?:just\s+)?end(?:ing|ed)?\s+(?:it|things|everything|my\s+life)(?:\s+all)?\b(?![’']|\s+(?:with|there|here|between|early|off|up|now\s+and|on\s+a)\b){{NoListGivenUp}}
        | done\s+with\s+(?:life|living|being\s+alive)\b(?!\s+admin)
        | (?:don['’]?t|dont|do\s+not)\s+(?:want|wanna)\s+(?:to\s+)?(?:exist|be\s+alive|live|wake\s+up|be\s+here|go\s+on|carry\s+on)\s*(?:any\s*more|no\s*more|ne\s*more)
        | (?:don['’]?t|dont|do\s+not)\s+(?:want|wanna)\s+(?:to\s+)?exist\b
        # Round 23: the same wish in Caribbean, West African and Scots English ("mi nuh waan live nuh more", "I no wan live
        # again", "I dinnae want tae live nae mair"), which the encoder missed on a fresh set; not "… no more in this flat".
        | \b(?:nah|nuh|no|dinnae|dinna|divnae|don)\s+(?:wan|waan|wah|wanna|want)\s+(?:tae\s+|to\s+)?(?:live|be\s+alive|be\s+here|wake\s+up|go\s+on)\s*(?:any\s*more|no\s*more|nuh\s*more|nae\s*mair|nae\s*more|again)\b(?!\s*(?:in|inna|at|wi|with|near|round|by|on|there|here|like)\b)
        | (?:tired|sick)\s+of\s+(?:existing|being\s+alive|life)\b(?!\s+admin)
        | had\s+enough\s+of\s+(?:this\s+)?life\b(?!\s+admin)
        | finish\s+my\s+(?:own\s+)?life
        | nothing\s+(?:left\s+)?to\s+live\s+for
        | keeping\s+me\s+alive
        | no\s+(?:more\s+|other\s+)?reason\s+(?:left\s+)?to\s+(?:live|go\s+on|carry\s+on|be\s+here)
        # The means, kept apart from the shop's rope baskets, lights and ladders, and from a car left running on the drive.
        | (?:rope|noose)(?:['’]s|\s+is)?\s+(?:ready|sorted|up|in\s+the\s+(?:garage|shed|loft|van|car|boot))\b
        | (?:bought|got|have|picked)\s+(?:a|the|some)\s+(?:rope|noose)\b(?!\s+(?:lights?|baskets?|handles?|rugs?|trim|tie-?backs?|shel(?:f|ves)|swing|plant|hangers?|edging|ladders?|for\s+the\s+(?:garden|boat|swing|washing)))
        | picked\s+(?:the|a)\s+beam\b
        | hose(?:pipe)?\s+(?:rigged|to\s+the\s+(?:car|exhaust)|and\s+(?:some\s+)?tape)
        | garage\b[^.?!]{0,40}\bengine\s+running
        | turn(?:ing)?\s+on\s+the\s+gas\s+and\s+(?:lie|lying|lay)\s+down
        | (?:took|taken|swallowed|necked)\s+(?:a\s+load|loads|a\s+lot|all|too\s+many|a\s+(?:handful|bunch|packet|box)|the\s+whole\s+(?:box|packet|bottle))\s+(?:of\s+)?(?:my\s+|the\s+|his\s+|her\s+)?
            (?:\w+['’]?s\s+)?(?:pills|tablets|paracetamol|painkillers|meds|medication|sleeping\s+(?:pills|tablets)|co-?codamol|antidepressants|insulin)
        | (?:took|taken|had)\s+more\s+of\s+my\s+(?:tablets|pills|meds|medication)\s+than
        | (?:swallow|take|took|taken|taking)\s+(?:every|all\s+(?:of\s+)?(?:my|the|his|her))\s+(?:tablet|pill|sleeping|med|painkiller|paracetamol)
        | (?:got|have)\s+(?:the|my|all\s+my)\s+(?:tablets|pills)\s+(?:out|in\s+front\s+of\s+me|ready|and\s+a\s+bottle)
        | (?:collecting|saving|hoarding|keeping)\s+my\s+(?:prescriptions|meds|tablets|pills)\s+instead\s+of\s+taking
        | swallow\w*\s+the\s+whole\s+(?:box|packet|bottle)(?!\s+of\s+(?!pills|tablets|paracetamol|meds|painkillers))
        | how\s+many\s+(?:paracetamol|pills|tablets|painkillers|sleeping\s+pills)\s+(?:would\s+it\s+take|it\s+(?:would\s+)?takes?|does\s+it\s+take|to\s+(?:die|kill|end))
        | ways\s+to\s+(?:die|end\s+it|kill\s+myself)\b
        | stockpil\w+\s+(?:my\s+)?(?:meds|medication|insulin|morphine|medicine|antidepressants|prescriptions)
        | (?:cut|cutting|burn\w*|hurt\w*|harm\w*|scratch\w*)\s+(?:my\s*self|my\s+skin|my\s+arms?)\s+on\s+purpose
        | (?:scratch\w*|burn\w*|cut\w*)\s+(?:and\s+\w+\s+)?my\s+(?:skin|arms?|legs|wrists)\s+to\s+cope
        | cutting\s+again
        | danger\s+to\s+my\s*self
        | (?:i['’]?m|im|i\s+am)\s+not\s+safe\b(?!\s+(?:to\s+(?:drive|lift|carry|climb)|driving|lifting|on\s+(?:the|those|these)\s+stairs))
        | scared\s+(?:of\s+myself|(?:of\s+)?what\s+i['’]?ll\s+do|i['’]?ll\s+do\s+something)
        | do(?:ing)?\s+something\s+to\s+my\s*self
        | using\s+(?:it|them)\s+on\s+my\s*self
        | (?:don['’]?t|do\s+not|can['’]?t)\s+trust\s+my\s*self\s+(?:near\s+(?:the\s+)?(?:river|water|knives|pills|tablets|edge|bridge|tracks|railway)|tonight|any\s*more|right\s+now)
        | (?:keep|keeps|been|can['’]?t\s+stop)\s+looking\s+at\s+the\s+(?:water|river|knives|pills|tablets|rope|drop|railway|tracks)
        | (?:want|wanna|going)\s+to\s+disappear\s+(?:for\s+good|forever)
        | (?:hope|wish|rather|easier\s+if)\s+(?:i\s+)?(?:just\s+)?(?:don['’]?t|didn['’]?t|do\s+not|never)\s+wake\s+up
        | don['’]?t\s+want\s+to\s+wake\s+up\s+(?:tomorrow|again|any\s*more)\b
        | wish\s+i\s+hadn['’]?t\s+woken
        | when\s+they\s+find\s+me
        | (?:left|written|wrote)\s+(?:notes|letters)\s+for\s+everyone
        | written\s+to\s+everyone
        | letter\s+explaining\s+why
        | (?:i['’]?m|im)\s+done\s+after\s+(?:tonight|today|this)
        | telling\s+me\s+to\s+(?:jump|end\s+it|kill|do\s+it|drive\s+(?:into|off)|step\s+(?:out\s+)?in\s+front)\b
        # Round 13 (holdout14's misses): wishing an illness or accident had been fatal, not meaning to see a season.
        | wish\s+(?:it|that|they|he|she|the\s+[\w-]+)\s+(?:had|['’]d|would\s+have)\s+killed\s+me
        | wish\s+i\s+(?:had|['’]d)\s+died
        | (?:don['’]?t|do\s+not|not)\s+(?:intend\w*|plan\w*|want)\s+(?:to|on)\s+(?:still\s+)?(?:see|seeing)\s+(?:the\s+|another\s+|next\s+)?(?:spring|summer|autumn|winter|christmas|new\s+year|next\s+year|my\s+(?:\w+\s+)?birthday)\b
        | working\s+up\s+to\s+(?:jumping|it\b)
        | (?:going|go|walk\w*)\s+(?:to|onto|on)\s+the\s+(?:train|railway)\s+(?:line|tracks?)
        | (?:bridge|multi-?storey)\b[^.?!]{0,40}\bhow\s+high|how\s+high\s+the\s+(?:bridge|multi-?storey)
        | (?:up\s+)?on\s+the\s+roof\s+of\s+the\s+(?:car\s+park|multi-?storey)
        # Round 14 (holdout15's misses): on the roof of the customer's own block, a burden on everyone.
        | (?:i['’]?m|im|i\s+am|been|sat|sitting|standing|stood)\s+(?:up\s+)?on\s+the\s+roof\s+of\s+(?:my|our|the)\s+(?:flats?|block|building|tower(?:\s+block)?)\b
        | (?:i['’]?m|im|i\s+am|i\s+feel\s+like|i\s+feel|feeling\s+like)\s+(?:just\s+|only\s+|such\s+)?a\s+burden\s+(?:on|to)\s+(?:everyone|everybody|all\s+of\s+them|them\s+all)\b
        | (?:standing|stood|sitting|sat|i['’]?m|im)\s+(?:on|at|by)\s+the\s+edge\s+of\s+(?:the\s+)?(?:platform|cliff|roof|bridge|balcony)
        | cut(?:ting)?\s+(?:my\s+)?(?:arms|wrists|thighs|legs)\b(?!\s+(?:on|with|when|while)\b)
        | \bi\s+(?:cut|['’]ve\s+cut|have\s+cut)\s+(?:again|too\s+deep)
        | (?:blades|razors?|knives)\s+to\s+cut\s+my\s*self
        | (?:using|use|used)\s+(?:the\s+)?(?:knives|blades|razors?|a\s+razor|a\s+knife)\s+on\s+my\s*self
        | (?:punch\w*|bang\w*|hit\w*|scratch\w*)\s+(?:my\s+(?:head|skin|arms?|hands?|fists?)|(?:the\s+)?walls?)\s+(?:against\s+(?:the\s+)?walls?\s+)?until\s+(?:it|they|my\s+\w+)\s+(?:bleeds?|bled)
        # Where they are or what they picture: a bridge, a platform, the top of a car park, the train.
        | (?:standing|stood|sitting|sat|i['’]?m|i\s+am|im)\s+(?:on|at)\s+(?:the\s+|a\s+)?(?:top\s+of\s+(?:the\s+|a\s+)?)?(?:[\w-]+\s+){0,2}?(?:bridge|multi-?storey|cliffs?)\b(?!\s+(?:end|street|st|road|rd|lane|house|inn|pub|club|entrance|car\s+park|surgery|in\s+(?:the\s+|a\s+)?(?:traffic|queue|jam))\b)
        | (?<!\b(?:cat|dog|kitten|puppy|kids?|child|children|son|daughter|grandson|granddaughter|(?:he|she|they|it|you)(?:['’](?:ll|d|s|re))?)\s+(?:\w+\s+){0,3})
          (?:step|stepping|jump|jumping|throw\w*\s+my\s*self)\s+(?:off(?!\s+(?:the\s+|a\s+|my\s+)?(?:train|\d{1,2}[.:]\d\d)\b)|out\s+in\s+front\s+of|in\s+front\s+of|from)\s+(?:the\s+|a\s+|my\s+)?(?:balcony|bridge|platform|train|\d|multi-?storey|cliffs?|roof|building|car\s+park|something\s+high)
        | driv\w+\s+(?:straight\s+)?(?:into|off)\s+(?:the\s+)?(?:sea|reservoir|river|cliffs?|canal|quarry)\b
        | (?:think|thinking|thought|thoughts)\s+(?:about|of)\s+(?:killing(?!\s+(?:the|your|his|her|that|this|those|these|him|them|it|a|an|someone|somebody)\b)|hanging\s+my\s*self|taking\s+my|stepping|jumping|driving\s+into|going\s+over\s+the\s+edge|letting\s+go\b(?!\s+of)|not\s+(?:being\s+here|being\s+around|waking\s+up)|joining\s+(?:her|him|them)|walking\s+into\s+the\s+(?:sea|river|water)|dying\b(?!\s+(?:my|the|it|them|your)\b))
        | hang(?:ing)?\s+(?:my|your)\s*self
        | (?:top|topping|toppin)\s+(?:my\s*self|masel|mysel)\b(?!\s+up)
        | go\s+to\s+sleep\s+(?:for\s+good|forever)
        | (?:sleep|go\s+to\s+sleep)\s+and\s+(?:not|never)\s+wake\s+up
        | (?<!\bex\s+(?:\w+\s+){0,3})(?:better\s+off|fine|happier|easier(?:\s+for\s+(?:everyone|them))?)\s+(?:without\s+me|if\s+i\s+(?:wasn['’]?t|weren['’]?t|was\s+not|were\s+not)\s+(?:here|around|alive))
        | nobody\s+would\s+(?:even\s+)?(?:notice|miss\s+me|care)\s+if\s+i\s+(?:was|were|wasn['’]?t|weren['’]?t|died|disappeared|went|swallowed|did\s+it|ended|killed)\b
        | (?:won['’]?t|will\s+not|wont|not\s+(?:going|planning|intending)\s+(?:to|on)|(?:don['’]?t|do\s+not)\s+(?:plan|intend|expect)\s+(?:to|on))\s+(?:be(?:ing)?\s+)?(?:here|around)\s+(?:much\s+longer|for\s+(?:much\s+)?longer|for\s+long|any\s*more)\b
        | (?:giving|given|give)\s+(?:all\s+)?my\s+(?:stuff|things|belongings|possessions)\s+away
        | (?:giving|given)\s+away\s+(?:all\s+)?my\s+(?:stuff|things|belongings|possessions)
        | who\s+gets\s+my\s+(?:things|stuff|belongings)
        | (?:one|ones|person|first)\s+(?:who|to|that)\s+finds?\s+me\b
        | (?:i['’]?m|i\s+am|im)\s+in\s+(?:a\s+)?crisis\b(?!\s+(?:with|over|about)\b)
        | (?<!\b(?:on|in|for|with|at)\s+(?:a|the|our)\s+)crisis\s+(?:house|team)\b
        | not\s+safe\s+(?:on|by)\s+my\s+own
        | talk\s+me\s+out\s+of\s+it
        | wish\s+i\s+(?:was|were)\s+dead
        | (?:passed|died|lost|gone|death)\b[^?!]{0,160}?\b(?:want|wanna|like|long|thinking?\s+(?:about|of))\s+(?:to\s+)?(?:join|joining|be\s+with)\s+(?:her|him|them)\b
        )
        """, Options)]
    private static partial Regex SelfHarm();

    // What an overdose is taken of: the overdose rule's words after "of/on" and as the object of "overdosed".
    private const string Medicines = """(?:pills|tablets|meds|medication|medicine|paracetamol|painkillers|sleeping|insulin|antidepressants)""";

    // Not a list of things given up after the words ("ending it all: the gym, the tennis club and the magazine", round 16;
    // "end it all - the membership, the locker, the lot", round 17; read past "all", which the words may leave out of
    // their match); "end it all - the pain, the debt" lists the reasons.
    private const string NoListGivenUp = """(?!(?:\s+all)?\s*[:\-–—]\s*(?:the|my)\s+(?!(?:pain|hurt|debts?|loneliness|grief|misery|suffering|voices|thoughts|worry|worries|bills|struggle|life|shame|guilt)\b)[^.?!\n]{1,40},)""";

    [GeneratedRegex("""
        \b(?:
        # "My solicitor will be in touch", not "I'm a solicitor" or "deliver to my solicitor's office".
          (?:my|our)\s+(?:solicitor|lawyer|legal\s+team)s?\b(?!['’]s\s+(?:office|address|practice))
        | (?:speak|speaking|talk|talking|go|going|been|get|getting|involve|involving|hire|hiring|consult\w*|instruct\w*|contact\w*)\s+(?:to\s+|with\s+)?(?:a|my)\s+(?:solicitor|lawyer)
        | solicitor['’]?s\s+letter
        | legal\s+(?:action|advice|proceedings)
        | (?:take|taking|took)\s+(?:you|u|this|it|them)\s+to\s+(?:the\s+)?(?:small\s+claims\s+)?court
        | see\s+you\s+in\s+court
        | small\s+claims
        | court\s+(?:action|claim|case|proceedings)
        | county\s+court
        # "Sue from your returns team" and "suede" are not threats.
        | sue\s+(?:you|u|ya|your|them|the\s+company)\b
        | (?:i['’]?ll|i\s+will|i['’]?m\s+going\s+to|going\s+to|gonna|i\s+could|i\s+should)\s+sue\b
        | suing
        | letter\s+before\s+action
        | trading\s+standards
        | ombudsman
        | my\s+legal\s+rights
        # Asking whether section 75 covers a purchase is not a claim under it.
        | section\s+75\s+claim
        | claim\s+(?:under|through|using)\s+section\s+75
        | chargeback
        | consumer\s+rights\s+act
        )
        """, Options)]
    private static partial Regex LegalThreat();

    [GeneratedRegex("""
        \b(?:
        # The customer's own complaint, not someone else's ("my husband is always complaining", "I complained to the
        # council"), a job or a department named as such ("I head up a complaints team"), or the procedure asked about
        # ("does your complaints procedure cover Pay in 3?"). Round 6: these were most of the rule's false alarms.
          (?<=\b(?:speak|talk|through|transfer\s+me|pass\s+me|get\s+me|contact|email|e-mail|write)\s+(?:to\s+|with\s+)?(?:your\s+|the\s+)?)complaints\s+(?:team|department|dept|manager)
        | (?<!\b(?:he|she|they|husband|wife|partner|mum|dad|mother|father|neighbours?|parents|flatmates?|housemates?|guests|family|people|customers|everyone|someone|somebody|sister|brother|friends?|kids|children)\s+(?:is\s+|are\s+|was\s+|were\s+|keeps\s+|kept\s+|always\s+|has\s+been\s+|have\s+been\s+|had\s+|never\s+stops?\s+|won['’]?t\s+stop\s+)*)
          (?>complain\w*)
          (?!\s+(?:team|teams|department|dept|manager|managers|handler|handlers|handling|module|officer|procedure|procedures|process|processes|policy|policies|response\s+times?)\b)
          (?!\s+to\s+the\s+(?:council|landlord|school|letting\s+agent|bank|government)\b)
        | escalat\w*
        | unacceptable|disgrace\w*|disgust\w*|appalling|shambles|diabolical
        | (?:shocking|terrible|awful|poor|rubbish|dreadful|shit)\s+(?:customer\s+)?service
        | fed\s+up
        | sick\s+(?:and\s+tired|of)
        | useless|ridiculous|not\s+good\s+enough|ruined
        | (?:very|really|so|extremely|totally)\s+(?:disappointed|unhappy|upset|angry)
        | (?:i['’]?m|i\s+am)\s+(?:disappointed|unhappy|furious|angry|livid|fuming)
        | not\s+(?:at\s+all\s+)?happy\s+with\s+(?:the\s+|your\s+)?(?:service|response|reply|answer|team|staff|customer\s+service|way)
        # "I'm not happy", "we're really not impressed": dissatisfaction said by negating its opposite, matched from
        # "not" so a more specific phrase above keeps the evidence. Not a hypothetical ("if we're not happy with it,
        # can we return it?"), which asks about the returns policy, and not a change of mind about a colour or a
        # size (a return, not a complaint: no loss alleged).
        | (?<=(?<!\b(?:if|when|unless|in\s+case)\s+)(?:i['’]?m|i\s+am|we['’]re|we\s+are|i['’]ve\s+been|i\s+was|we\s+were)\s+(?:really\s+|just\s+|still\s+|honestly\s+|very\s+|so\s+)?)
          not\s+(?:at\s+all\s+|very\s+|too\s+|remotely\s+|best\s+)?(?:happy|pleased|impressed|satisfied)\b
          (?!\s+with\s+(?:the\s+|my\s+|this\s+)?(?:colou?r|size|shade|style|look|fit|pattern|length)\b)
        | not\s+(?:at\s+all\s+|very\s+|remotely\s+)?impressed
        | (?:really|still|honestly|just)\s+not\s+(?:happy|pleased|satisfied)\b(?!\s+with\s+(?:the\s+|my\s+|this\s+)?(?:colou?r|size|shade|style|look|fit|pattern|length)\b)
        | (?:^|[.!]\s*)\s*not\s+(?:at\s+all\s+)?(?:happy|pleased|satisfied)\b(?!\s+with\s+(?:the\s+|my\s+|this\s+)?(?:colou?r|size|shade|style|look|fit|pattern|length)\b)
        | (?:isn['’]?t|is\s+not|wasn['’]?t|was\s+not)\s+(?:at\s+all\s+|really\s+|remotely\s+)?(?:acceptable|good\s+enough|fair|on(?=\s*(?:[.!,;]|$)))
        | waste\s+of\s+(?:my\s+)?(?:time|money)
        | out\s+of\s+pocket
        | compensat\w*
        | (?:third|3rd|fourth|4th|fifth|5th)\s+time
        | still\s+(?:waiting|not\s+(?:arrived|received|heard))
        | (?:nobody|no\s+one|no-one)\s+(?:has\s+|ever\s+)?(?:got\s+back|gets\s+back|replied|replies|responded|responds|came|turned\s+up|showed\s+up)
        # Chasing us again and again is the inconvenience; "can I email you twice" is not.
        | (?:emailed|e-mailed|called|rung|rang|phoned|messaged|chased|contacted)\s+(?:you\s+|u\s+|them\s+)?(?:\d+|three|four|five|six|several|so\s+many|countless)\s+times
        # Damage to the customer's home is a loss we caused; a damaged item is a problem report (damaged_missing).
        | (?:damaged|scratched|scuffed|marked|dented|gouged|broke|smashed|ruined)\s+(?:my|our)\s+(?:front\s+|back\s+)?(?:door(?:\s+frame)?|door-frame|walls?|floors?|flooring|carpets?|hallway|stairs|staircase|banisters?|car|fence|gate|paintwork)
        # Not "I want it paid for by my company" or "with PayPal".
        | (?:want|expect)\s+(?:it|this|that|them|the\s+damage)\s+(?:paid\s+for|reimbursed)(?!\s+(?:with|by|using|on|via|through|in)\b)
        | (?:took|taken|had\s+to\s+take|taking)\s+(?:another\s+|a\s+|the\s+)?(?:day|morning|afternoon|time)\s+off
        | lost\s+(?:a\s+)?day['’]?s?\s+(?:pay|wages?|work)
        # "Can the curtains be let down" is an alteration.
        | (?:been|feel|felt|really|totally|so)\s+let\s+down
        | let\s+(?:me|us)\s+down
        | (?:this\s+is|it['’]?s|that['’]?s)\s+a\s+(?:joke|farce)
        # "Worst-case delivery time" is a question.
        | worst\s+(?:\w+\s+)?(?:ever|service|company|experience|shop|firm)
        | (?:you['’]?re|you\s+are)\s+the\s+worst
        # Distress or inconvenience laid at the firm's door (support policy section 3); "stress-free delivery" is not it.
        # "The app is giving me grief" is an idiom; "caused me" is the allegation.
        | (?:caused|causing)\s+(?:me|us)\s+(?:so\s+much\s+|a\s+lot\s+of\s+|real\s+|a\s+great\s+deal\s+of\s+|nothing\s+but\s+)?(?:stress|distress|hassle|inconvenience|upset|heartache)
        )\b
        """, Options)]
    private static partial Regex Complaint();

    private const string Relative = "(?:husband|wife|partner|mum|mom|mother|dad|father|son|daughter|child|baby|nan|nana|gran|granny|grandma|grandmother|grandad|granddad|grandfather|brother|sister|uncle|aunt|auntie|friend)";

    [GeneratedRegex($$"""
        \b(?:
        # A person has died: the bare word "died" also fits sofas and batteries.
          passed\s+away|death\s+of|bereave\w*|funeral|widow\w*
        | lost\s+my\s+{{Relative}}\b(?!['’]s)
        | (?:my|our)\s+{{Relative}}\s+(?:has\s+|had\s+|just\s+|recently\s+)*(?:died|passed(?:\s+away)?)
        | (?:my|our)\s+late\s+{{Relative}}
        | (?:someone|somebody|a\s+(?:relative|family\s+member|loved\s+one))\s+(?:close\s+to\s+me\s+|in\s+my\s+family\s+)?(?:has\s+|had\s+|just\s+|recently\s+)*died
        | (?:he|she)\s+(?:has\s+|had\s+|just\s+|recently\s+)*died
        | cancer|chemo\w*|terminal(?:ly)?\s+ill
        # In or out of hospital, not delivering to one.
        | (?:in|out\s+of|into|from)\s+(?:the\s+)?hospital|hospitali[sz]ed|hospice
        # The customer is disabled, not a setting or an account.
        | disabilit(?:y|ies)
        | (?:i['’]?m|i\s+am|(?:he|she)\s+is|(?:he|she)['’]s|registered|severely|physically)\s+disabled
        | disabled\s+(?:person|people|customer|son|daughter|child|husband|wife|partner|mum|dad|mother|father)
        | wheelchair
        | mental\s+health|depress(?:ed|ion)\b|anxiety|dementia|alzheimer\w*|autis\w*|dyslex\w*
        # Not the roller blind, not "fell on deaf ears".
        | (?:i['’]?m|i\s+am|registered|severely|going)\s+blind\b
        | partially\s+sighted|visually\s+impaired
        | deaf\b(?!\s+ears)
        | hard\s+of\s+hearing
        | (?:been|i['’]?m|i\s+am|was|really|very|seriously|fell|feeling)\s+(?:ill|unwell|poorly)\b(?!-)
        | carer|domestic\s+abuse|(?:recently\s+)?diagnosed
        | can['’]?t\s+(?:do|take|handle)\s+(?:this|it)\s+any\s*more
        | struggling\s+to\s+cope|can['’]?t\s+cope|cannot\s+cope|in\s+a\s+bad\s+place
        # The firm's own wording (support policy section 3); "more time to decide" is not it.
        | (?:need|needs|needing)\s+(?:some\s+)?extra\s+(?:help|support)
        | (?:don['’]?t|do\s+not)\s+understand\s+(?:computers|the\s+internet|technology|english)
        | english\s+(?:is\s+)?not\s+(?:very\s+)?good
        | elderly|pensioner
        # Round 6: the fifth fresh set's misses, by driver. Life events in everyday words ("lost mum in March", "bestie
        # died", "made redundant", leaving an abusive partner); health and capability given as the reason for a
        # practical request; money said in passing.
        | lost\s+(?:my\s+|our\s+)?{{Relative}}\b(?!['’]s)
        | (?:my\s+|our\s+)?(?:bestie|best\s+friend|fianc[eé]e?|boyfriend|girlfriend|other\s+half|grandson|granddaughter|nephew|niece|cousin)\s+(?:has\s+|had\s+|just\s+|recently\s+)*(?:died|passed)
        | made\s+redundant|lost\s+my\s+job|(?:hours|wages?|pay)\s+(?:have\s+been\s+|got\s+|were\s+)?cut
        | (?:state|small)\s+pension|universal\s+credit|on\s+benefits
        | abusive\s+(?:relationship|partner|ex|husband|wife|marriage)|(?:fled|fleeing|escaped)\s+(?:from\s+)?(?:him|her|my\s+(?:ex|partner|husband|wife))|women['’]?s\s+refuge
        | multiple\s+sclerosis|parkinson['’]?s|fibromyalgia|epilep\w+|chronic\s+(?:pain|fatigue|illness)|long\s+covid|had\s+a\s+stroke|(?:i\s+have|i['’]ve\s+got|with\s+my)\s+(?-i:MS|ME|COPD|PTSD)|(?:i\s+have|i['’]ve\s+got|with\s+my)\s+(?:arthritis|bipolar)
        | learning\s+(?:difficult\w*|disabilit\w*)|support\s+worker
        | in\s+recovery\b|recovering\s+(?:alcoholic|addict)
        | walking\s+frame|zimmer|mobility\s+scooter|housebound
        | memory\s+(?:is\s+not|isn['’]?t)\s+what\s+it\s+was|(?:i['’]?m|i\s+am|aged)\s+(?:8\d|9\d)\b(?!\s*(?:cm|mm|m|kg|inch|in|%|quid|pounds|percent|per\s+cent|minutes?|mins?|seconds?|miles?|days?|hours?|weeks?|years?\s+(?:ago|since))\b)
        | (?:not\s+(?:very\s+)?good|no\s+good|hopeless)\s+with\s+(?:computers|technology|the\s+internet|websites)
        )\b
        """, Options)]
    private static partial Regex Vulnerability();

    [GeneratedRegex("""
        \b(?:
        # "Can't afford to wait another week" is impatience.
          (?:can['’]?t|cannot)\s+afford\b(?!\s+to\s+(?:wait|miss|lose|be\s+without)\b)
        | (?:can['’]?t|cannot|won['’]?t\s+be\s+able\s+to|unable\s+to)\s+(?:make|pay|meet|keep\s+up\s+with)\s+(?:my\s+|the\s+)?(?:next\s+)?(?:payments?|instalments?|installments?|repayments?|bills?|rent)
        | behind\s+(?:on|with)\s+(?:my\s+|the\s+)?(?:payments|bills|rent|instalments|installments)
        | struggling\s+(?:to\s+pay|with\s+(?:money|payments|bills|debts?))
        | money\s+(?:worries|problems|troubles)
        | money(?:['’]s|\s+is)\s+(?:really\s+|very\s+|a\s+bit\s+|so\s+)?tight
        | (?:in|into)\s+debt|debts?\s+collector|bailiff\w*
        | lost\s+my\s+job|made\s+redundant
        | universal\s+credit|benefits?\s+(?:sanctioned|stopped)
        # The customer missed one; "a fee for a missed payment" is a question.
        | (?:i['’]?ve|i\s+have|i)\s+(?:just\s+)?missed\s+(?:a|my|the|an)\s+(?:payment|instalment|installment)
        | overdrawn|food\s*bank|financial\s+(?:difficulty|difficulties|hardship)
        | skint
        | broke\s+(?:until|till)
        )\b
        """, Options)]
    private static partial Regex Hardship();

    [GeneratedRegex("""
        \b(?:
        # Aimed at staff: swearing at a parcel or a wardrobe is frustration, not abuse.
          fuck\s+(?:off|you|u|ya|yourselves|yourself)\b
        | (?:you|u|ya|you['’]?re|you\s+are|ur|you\s+lot(?:\s+are)?|your\s+staff\s+are)\s+(?:all\s+)?(?:an?\s+)?
            (?:(?:absolute|complete|total|utter|useless|stupid|bloody|fucking|thick|incompetent)\s+)*
            (?:idiots?|morons?|imbeciles?|muppets?|clowns?|cretins?|bastards?|bitch(?:es)?|fuckers?|shits?|scum|pricks?|dicks?|piece\s+of\s+(?:shit|crap))\b
        # Insults about a named member of staff: "your driver is a thick muppet".
        | your\s+(?:driver|drivers|courier|couriers|delivery\s+(?:men|guys|driver|drivers)|staff|team|agent|agents|advisor|adviser)\s+(?:is|are|was|were)\s+(?:all\s+)?(?:an?\s+)?
            (?:(?:absolute|complete|total|utter|useless|stupid|bloody|fucking|thick|incompetent)\s+)*
            (?:idiots?|morons?|imbeciles?|muppets?|clowns?|cretins?|bastards?|bitch(?:es)?|fuckers?|shits?|scum|pricks?|dicks?|piece\s+of\s+(?:shit|crap))\b
        | cunt\w*|wanker\w*|twat\w*|dickhead\w*|arsehole\w*|asshole\w*|motherfuck\w*
        # Threats; "I'll get you the order number" is not one.
        | i['’]?ll\s+(?:find|hurt|get)\s+(?:you|u)\b(?!\s+(?:the|a|an|my|that|it|this|those|them|some|more|details)\b)
        | i\s+know\s+where\s+(?:you|your\s+\w+)\s+(?:live|lives|work|works|is|are)\b
        | watch\s+your\s+back
        | (?:kill|hurt|smash|batter|punch|stab)\s+(?:you|your\s+(?:staff|driver|drivers|team))\b
        | (?:i['’]?ll|i\s+will|gonna|going\s+to)\s+(?:come\s+down\s+there\s+and\s+)?sort\s+(?:you|u)\s+out
        )
        """, Options)]
    private static partial Regex Abuse();

    [GeneratedRegex("""
        \b(?:
        # Someone else's instructions; "ignore my last message" and "ignore the instructions in the box" are the customer's own.
          ignore\s+(?:all\s+)?(?:of\s+)?(?:the\s+|your\s+|any\s+)?(?:previous|prior|above|earlier|preceding|system)\s+(?:instructions|rules|prompts?|guidelines)
        | ignore\s+(?:all\s+)?(?:of\s+)?your\s+(?:instructions|rules|prompts?|guidelines|programming|training)
        | ignore\s+all\s+(?:instructions|rules)
        | disregard\s+(?:all\s+|your\s+|the\s+|any\s+)*(?:previous\s+|prior\s+|above\s+)?(?:instructions|rules|prompt|guidelines|programming)
        | forget\s+(?:all\s+)?(?:your|(?:the\s+)?previous|prior)\s+(?:instructions|rules|training|programming)
        | forget\s+everything\s+you(?:['’]ve|\s+have|\s+were)\s+(?:been\s+)?told
        | (?:system|developer)\s+prompt
        | you\s+are\s+now\s+(?:a|an|in|my)\b
        # "Does the ottoman act as a storage box?" is about furniture.
        | act\s+as\s+if\s+you\s+(?:are|were)
        | pretend\s+(?:to\s+be|you\s+are|you['’]re)
        | jailbreak|developer\s+mode
        | (?-i:DAN)\b
        | do\s+anything\s+now
        | reveal\s+(?:your|the)\s+(?:instructions|prompt|rules|system)
        | override\s+(?:your|the)\s+(?:rules|policy|instructions|restrictions)
        | new\s+instructions\s*:
        )
        """, Options)]
    private static partial Regex PromptInjection();
}
