using System.Text.RegularExpressions;
using Tandem.Rules.Routing;

namespace Tandem.Server.Understanding;

/// <summary>
/// Rule-based detectors for the risk signals, each returning the words that triggered it. Patterns
/// favour recall on the signals that hand off (missing a distressed customer is the costly error),
/// and carry guards for common harmless uses ("estate agent", "my sofa died").
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
            if (match.Success)
            {
                signals.Add(new Signal(kind, match.Value.Trim()));
            }
        }
        return signals;
    }

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(?:(?:speak|talk|chat|get through)\s+(?:to|with)\s+(?:a|an|some|your|a real|an actual|a live)?\s*(?:real\s+|actual\s+|live\s+)?(?:person|human|agent|one|someone|somebody|people|team|staff|member of staff|advisor|adviser|operator|manager|representative|rep)\b|(?:real|actual|live)\s+(?:person|human|agent)|human\s+(?:being|please|agent)|\bhuman\b\s*[?!.]*$|^\s*(?:agent|human|person|operator)\s*(?:please|pls|now)?\s*[?!.]*\s*$|(?:can|could)\s+(?:someone|somebody|a person|one of your team|a member of (?:your )?(?:team|staff))\s+(?:call|ring|phone|contact|help|email)\b|(?:call|ring|phone)\s+me\s+back|not\s+(?:a|another)\s+(?:bot|robot|machine|computer)|stop\s+(?:the\s+)?bot|no\s+more\s+bots?|want\s+(?:a|to speak to a)\s+(?:person|human))", Options)]
    private static partial Regex HumanRequest();

    [GeneratedRegex(@"\b(?:kill(?:ing)?\s+my\s*self|end(?:ing)?\s+(?:it\s+all|my\s+life)|suicid\w*|self[-\s]?harm\w*|hurt(?:ing)?\s+my\s*self|don'?t\s+want\s+to\s+(?:be\s+here|live|go on)|no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going on)|(?:better\s+off|be\s+better)\s+dead|take\s+my\s+(?:own\s+)?life|can'?t\s+go\s+on)", Options)]
    private static partial Regex SelfHarm();

    [GeneratedRegex(@"\b(?:solicitor|lawyer|legal\s+action|take\s+(?:you|this|it)\s+to\s+court|small\s+claims|court\s+(?:action|claim)|sue\b|suing|letter\s+before\s+action|trading\s+standards|ombudsman|county\s+court|my\s+legal\s+rights|section\s+75|chargeback|consumer\s+rights\s+act)", Options)]
    private static partial Regex LegalThreat();

    [GeneratedRegex(@"\b(?:complain\w*|complaint|unacceptable|disgrace\w*|appalling|shocking\s+service|terrible\s+service|awful\s+service|poor\s+service|fed\s+up|sick\s+(?:and\s+tired|of)|useless|ridiculous|not\s+good\s+enough|very\s+(?:disappointed|unhappy|upset)|really\s+(?:disappointed|unhappy|upset)|so\s+(?:disappointed|unhappy|angry)|extremely\s+(?:disappointed|unhappy)|(?:i'?m|i\s+am)\s+(?:disappointed|unhappy|furious|angry|livid|fuming)|waste\s+of\s+(?:my\s+)?(?:time|money)|out\s+of\s+pocket|(?:third|3rd|fourth|fifth)\s+time|still\s+(?:waiting|not\s+(?:arrived|received|heard))|nobody\s+(?:has\s+)?(?:got\s+back|replied|responded)|no\s+one\s+(?:has\s+)?(?:got\s+back|replied|responded)|took\s+(?:a\s+)?(?:day|time)\s+off\s+(?:work\s+)?(?:for|to)|let\s+down|worst)\b", Options)]
    private static partial Regex Complaint();

    [GeneratedRegex(@"\b(?:(?:passed\s+away|died|death\s+of|bereave\w*|funeral|widow\w*|lost\s+my\s+(?:husband|wife|partner|mum|mother|dad|father|son|daughter|child|baby))(?!\s+on\s+me)|(?:my\s+)?(?:husband|wife|partner|mum|mother|dad|father|son|daughter)\s+(?:has\s+)?(?:died|passed)|(?:cancer|chemo\w*|terminal(?:ly)?\s+ill|hospital\w*|disab\w*|wheelchair|mental\s+health|depress\w*|anxiety|dementia|autis\w*|dyslex\w*|blind|deaf|hard\s+of\s+hearing|partially\s+sighted|carer|domestic\s+abuse|(?:recently\s+)?diagnosed|struggling\s+to\s+cope|can'?t\s+cope|in\s+a\s+bad\s+place|(?:need|needs)\s+(?:some\s+)?(?:extra|more)\s+(?:help|support|time)|(?:don'?t|do\s+not)\s+understand\s+(?:computers|the\s+internet|technology|english)|(?:my\s+)?english\s+(?:is\s+)?not\s+(?:very\s+)?good|elderly|pensioner))\b", Options)]
    private static partial Regex Vulnerability();

    [GeneratedRegex(@"\b(?:can'?t\s+afford|cannot\s+afford|struggling\s+(?:to\s+pay|with\s+(?:money|payments|bills|debt))|money\s+(?:worries|problems|is\s+tight)|(?:in|into)\s+debt|debts?\s+collector|bailiff\w*|lost\s+my\s+job|made\s+redundant|(?:on\s+)?universal\s+credit|benefits?\s+(?:sanctioned|stopped)|miss(?:ed)?\s+(?:a\s+)?(?:payment|instalment)|overdrawn|food\s*bank|financial\s+(?:difficulty|difficulties|hardship)|skint|broke\s+(?:until|till))\b", Options)]
    private static partial Regex Hardship();

    [GeneratedRegex(@"\b(?:fuck\w*|shit\w*|cunt\w*|bastard\w*|bitch\w*|wanker\w*|twat\w*|dickhead\w*|prick\b|arsehole\w*|asshole\w*|(?:you'?re|you\s+are)\s+(?:an?\s+)?(?:idiot|moron|stupid|useless\s+piece)|i'?ll\s+(?:find|hurt|get)\s+you|watch\s+your\s+back|(?:kill|hurt|smash)\s+(?:you|your\s+staff))", Options)]
    private static partial Regex Abuse();

    [GeneratedRegex(@"\b(?:ignore\s+(?:all\s+)?(?:the\s+|your\s+|any\s+)?(?:previous|prior|above|earlier)?\s*(?:instructions|rules|prompts?|guidelines)|disregard\s+(?:all\s+|your\s+|the\s+)?(?:previous\s+|prior\s+)?(?:instructions|rules|prompt)|(?:system|developer)\s+prompt|you\s+are\s+now\s+(?:a|an|in)\b|act\s+as\s+(?:a|an|if)\b|pretend\s+(?:to\s+be|you\s+are)|jailbreak|developer\s+mode|\bDAN\b|reveal\s+(?:your|the)\s+(?:instructions|prompt|rules|system)|override\s+(?:your|the)\s+(?:rules|policy|instructions)|new\s+instructions\s*:)", Options)]
    private static partial Regex PromptInjection();
}
