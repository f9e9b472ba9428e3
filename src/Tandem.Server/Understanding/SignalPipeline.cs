using System.Text.RegularExpressions;
using Tandem.Rules.Routing;
using Tandem.Rules.Text;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Understanding;

/// <summary>
/// The order the server looks for risk signals in, in one place so the turn, `./tandem eval signals` and
/// `./tandem train signals` run the same detector: the rules; the anchors for self-harm and a request for
/// a person; a trained head for each signal still not raised. A clause that declines a person ("no need
/// to call me") or denies dissatisfaction ("no complaints at all") is taken out first, and that signal
/// is looked for in the rest of the message only (<see cref="NegatedSignals"/>): the rules would read
/// "call me" in it and the sentence vector cannot see the "no".
/// </summary>
internal static partial class SignalPipeline
{
    /// <summary><see cref="Detect(string, PooledVectors, ITextEmbedder, SemanticSignals, SignalHeads?, Func{SignalKind, bool}?, float, float)"/> for a caller with the sentence vector only (the heads make their own model call if they need the token states).</summary>
    public static List<Signal> Detect(
        string text,
        float[] vector,
        ITextEmbedder embedder,
        SemanticSignals semantic,
        SignalHeads? heads,
        Func<SignalKind, bool>? wanted = null,
        float selfHarmThreshold = SemanticSignals.SelfHarmThreshold,
        float humanRequestThreshold = SemanticSignals.HumanRequestThreshold) =>
        Detect(text, new PooledVectors(vector, null), embedder, semantic, heads, wanted, selfHarmThreshold, humanRequestThreshold);

    public static List<Signal> Detect(
        string text,
        PooledVectors vectors,
        ITextEmbedder embedder,
        SemanticSignals semantic,
        SignalHeads? heads,
        Func<SignalKind, bool>? wanted = null,
        float selfHarmThreshold = SemanticSignals.SelfHarmThreshold,
        float humanRequestThreshold = SemanticSignals.HumanRequestThreshold)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(semantic);
        var asked = wanted ?? (_ => true);
        // Self-harm implies vulnerability (the end of Whole), so it is looked for whenever vulnerability is asked.
        wanted = k => asked(k) || (k == SignalKind.SelfHarm && asked(SignalKind.Vulnerability));
        var negated = new List<(SignalKind Kind, string Remainder)>();
        if (wanted(SignalKind.HumanRequest) && NegatedSignals.WithoutDeclinedPerson(text) is { } withoutDeclined)
        {
            negated.Add((SignalKind.HumanRequest, withoutDeclined));
        }
        if (wanted(SignalKind.Complaint) && NegatedSignals.WithoutNegatedComplaint(text) is { } withoutNegated)
        {
            negated.Add((SignalKind.Complaint, withoutNegated));
        }

        // The rules read the whole message once: for the signals, and for a complaint a threat or abuse implies.
        var rules = SignalDetector.Detect(text);
        var signals = Whole(text, rules, vectors, embedder, semantic, heads, k => wanted(k) && !negated.Exists(n => n.Kind == k), selfHarmThreshold, humanRequestThreshold);
        foreach (var (kind, rest) in negated)
        {
            if (rest.Length == 0)
            {
                continue;
            }
            // Embedded again only for the few messages that carry such a clause.
            signals.AddRange(Whole(rest, SignalDetector.Detect(rest), Embed(heads, embedder, rest), embedder, semantic, heads, k => k == kind, selfHarmThreshold, humanRequestThreshold));
        }
        signals = WithoutPersonNotAskedFor(text, signals);
        return [.. (asked(SignalKind.Complaint) ? ImpliedComplaint(text, rules, WithoutTakenBack(text, signals)) : signals).Where(s => asked(s.Kind))];
    }

    /// <summary>
    /// The signals without a request for a person when the message only asks the assistant to play one, or pretends
    /// one has joined (<see cref="HumanRequestDisclaimers"/>): that is a prompt injection, raised as one when the rules
    /// see it, and not a wish to deal with someone. Nor when it only asks whether the assistant is a person.
    /// </summary>
    private static List<Signal> WithoutPersonNotAskedFor(string text, List<Signal> signals)
    {
        if (signals.Exists(s => s.Kind == SignalKind.HumanRequest)
            && (HumanRequestDisclaimers.PlaysAPerson(text) || HumanRequestDisclaimers.OnlyAsksWhetherAPerson(text)))
        {
            signals.RemoveAll(s => s.Kind == SignalKind.HumanRequest);
        }
        return signals;
    }

    /// <summary>
    /// The signals without a complaint the message takes back: ending on thanks, calling it a joke, owning the fault,
    /// accepting it calmly or calling itself only a question (<see cref="ComplaintDisclaimers"/>). A plain wish to complain
    /// still stands unless what it complains of is that the thing is too good, and so does the complaint a legal threat or
    /// abuse implies (<see cref="ImpliedComplaint"/>, applied after this).
    /// </summary>
    private static List<Signal> WithoutTakenBack(string text, List<Signal> signals)
    {
        if (signals.Exists(s => s.Kind == SignalKind.Complaint)
            && (ComplaintDisclaimers.TooGoodToComplainAbout(text) || (!WantsToComplain().IsMatch(text) && ComplaintDisclaimers.TakenBack(text))))
        {
            signals.RemoveAll(s => s.Kind == SignalKind.Complaint);
        }
        return signals;
    }

    /// <summary>
    /// A threat of legal action or abuse aimed at the firm is an expression of dissatisfaction (FCA DISP: a complaint,
    /// justified or not), so it opens a complaint too, with the words that showed it (round 7: every legal threat and
    /// 59 of 63 abusive messages in eval/signals carry the complaint label, and the complaint detectors missed a share
    /// of them — "I will be reporting you to Trading Standards" has no complaint word in it). Only the rules' reading of
    /// the threat or the abuse counts: the trained legal-threat head also rises on calm questions about refunds
    /// ("in what cases can I request my money back?"), which are not complaints (measured on Bitext: 59 more false
    /// complaints when its reading counted).
    /// </summary>
    private static List<Signal> ImpliedComplaint(string text, IReadOnlyList<Signal> rules, List<Signal> signals)
    {
        if (!signals.Exists(s => s.Kind == SignalKind.Complaint)
            && rules.FirstOrDefault(s => s.Kind is SignalKind.LegalThreat or SignalKind.Abuse && !AskedAbout(text, s.Evidence)) is { } cause)
        {
            signals.Add(new Signal(SignalKind.Complaint, cause.Evidence));
        }
        return signals;
    }

    /// <summary>
    /// Whether the words stand in a question ("is a wobbly leg covered by the Consumer Rights Act?"): asking about a
    /// right or a route is not dissatisfaction, so it implies no complaint, whatever the legal-threat rule makes of it.
    /// </summary>
    private static bool AskedAbout(string text, string evidence)
    {
        var at = text.IndexOf(evidence, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        var end = text.IndexOfAny(['.', '!', '?', '\n'], at + evidence.Length);
        return end >= 0 && text[end] == '?';
    }

    /// <summary>
    /// A message's vectors as the detector reads them, in one model call: the sentence vector, and the token states'
    /// maximum only when the heads were trained on it (it costs a pass over every token of every turn). When the heads need
    /// no more than the sentence vector, the encoder's tuned layers run beside the shipped ones in the same call, or in one
    /// more for the words it reads when identifiers are taken out (<see cref="SignalEncoder.EmbedBeside"/>, rounds 18 and 21).
    /// </summary>
    public static PooledVectors Embed(SignalHeads? heads, ITextEmbedder embedder, string text) =>
        (heads is { UsesTokenMax: false, UsesClauses: false, Encoder: { } encoder } ? encoder.EmbedBeside(text, embedder) : null)
        ?? heads?.Embed(embedder, text) ?? new PooledVectors(embedder.Embed(text), null);

    /// <summary>The rules alone, with the same negated clauses taken out (`./tandem eval signals --rules-only`).</summary>
    public static List<Signal> Rules(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var declined = NegatedSignals.WithoutDeclinedPerson(text);
        var denied = NegatedSignals.WithoutNegatedComplaint(text);
        var rules = SignalDetector.Detect(text);
        var signals = rules
            .Where(s => !(s.Kind == SignalKind.HumanRequest && declined is not null) && !(s.Kind == SignalKind.Complaint && denied is not null))
            .ToList();
        if (declined is { Length: > 0 })
        {
            signals.AddRange(SignalDetector.Detect(declined).Where(s => s.Kind == SignalKind.HumanRequest));
        }
        if (denied is { Length: > 0 })
        {
            signals.AddRange(SignalDetector.Detect(denied).Where(s => s.Kind == SignalKind.Complaint));
        }
        return ImpliedComplaint(text, rules, WithoutTakenBack(text, WithoutPersonNotAskedFor(text, signals)));
    }

    /// <summary>
    /// The text a signal's head reads in <see cref="Detect(string, PooledVectors, ITextEmbedder, SemanticSignals, SignalHeads?, Func{SignalKind, bool}?, float, float)"/>:
    /// the message without a clause that negates that signal, then without its identifiers
    /// (<see cref="SignalHeads.Words"/>); null when the head never reads this message. The trainer learns from
    /// this text, so a head is trained on what the server shows it (round 5: it learnt from whole messages).
    /// </summary>
    public static string? HeadText(SignalKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = kind switch
        {
            SignalKind.HumanRequest => NegatedSignals.WithoutDeclinedPerson(text),
            SignalKind.Complaint => NegatedSignals.WithoutNegatedComplaint(text),
            _ => null,
        } ?? text;
        return rest.Length == 0 ? null : SignalHeads.Words(rest);
    }

    /// <summary>The encoder's self-harm probability at which self-harm implies vulnerability (round 13).</summary>
    internal const float ImpliedVulnerabilityAt = 0.5f;

    private static List<Signal> Whole(
        string text, IReadOnlyList<Signal> rules, PooledVectors vectors, ITextEmbedder embedder, SemanticSignals semantic, SignalHeads? heads,
        Func<SignalKind, bool> wanted, float selfHarmThreshold, float humanRequestThreshold)
    {
        var signals = rules.Where(s => wanted(s.Kind)).ToList();
        var encoder = heads?.Encoder;
        var reading = encoder is not null && encoder.Kinds.Any(wanted) ? encoder.Read(text, vectors) : null;
        // The self-harm anchor (a likeness to a handful of sentences, which "I'm not suicidal, just fed up" and "jumping
        // off the sofa is my kids' favourite hobby" have) gives way to the encoder's reading: on the two fresh sets an
        // encoder had not trained on (holdout10 for round 9's file, holdout11 for round 10's retrain) it found no
        // self-harm the encoder missed and raised 4 and 3 false alarms (round 10). Without a reading it still counts.
        if (wanted(SignalKind.SelfHarm) && !signals.Exists(s => s.Kind == SignalKind.SelfHarm) && !(reading is not null && encoder!.Covers(SignalKind.SelfHarm))
            && semantic.SelfHarm(vectors.Mean, selfHarmThreshold) is { } selfHarm)
        {
            signals.Add(selfHarm);
        }
        if (wanted(SignalKind.HumanRequest) && !signals.Exists(s => s.Kind == SignalKind.HumanRequest) && semantic.HumanRequest(vectors.Mean, humanRequestThreshold) is { } person)
        {
            signals.Add(person);
        }
        if (reading is not null)
        {
            // The fine-tuned encoder decides the signals it covers (round 8): it raises what the rules and anchors did
            // not, and a rule or an anchor raises complaint, vulnerability or a request for a person only when the
            // encoder does not all but rule it out ("I manage customer complaints for a hotel group", "I'm a carer by
            // job"): their keywords carried most of the detector's false alarms on the eighth fresh set. A rule alone
            // still raises self-harm, and so does a customer's plain wish to complain ("I want to make a formal complaint",
            // "help me lodge a complaint against your company"): under FCA DISP that is a complaint whatever the encoder
            // reads, and round 11's higher floor for a complaint's rule would otherwise hold two of them back on Bitext.
            signals.RemoveAll(s => !encoder!.Assents(reading, s.Kind) && !(s.Kind == SignalKind.Complaint && WantsToComplain().IsMatch(text)));
            var raisedFirst = signals.Select(s => s.Kind).ToHashSet();
            var read = encoder!.Raise(reading, kind => wanted(kind) && !raisedFirst.Contains(kind));
            // Everyday idiom ("I could murder a cup of tea", "this flatpack is killing me") is where the encoder's self-harm
            // false alarms on ordinary messages come from (round 11's file read the tea at 0.42), and words the rules read as
            // disclaimed (round 13: "relax, I'm not going to hurt myself", "fifteen years ago I tried to take my life"):
            // when no rule raised it, the encoder reads the message again without them, and self-harm stands only if that
            // reading still raises it ("I could murder a cup of tea. honestly my family would be happier if I just
            // disappeared" still does).
            if (read.Any(s => s.Kind == SignalKind.SelfHarm) && SelfHarmDisclaimers.SecondReading(text) is { } second
                && encoder.Read(second) is var without
                && (without is null || !encoder.Raise(without, kind => kind == SignalKind.SelfHarm).Any()))
            {
                read = [.. read.Where(s => s.Kind != SignalKind.SelfHarm)];
            }
            signals.AddRange(read);
            // Vulnerability told as past and over, a minor ailment, a condition with no need from it, or idiom
            // (VulnerabilityDisclaimers, round 14): it stands only if the message read without those words still raises it,
            // by the encoder or by a rule the encoder assents to.
            if (wanted(SignalKind.Vulnerability) && encoder.Covers(SignalKind.Vulnerability) && signals.Exists(s => s.Kind == SignalKind.Vulnerability)
                && VulnerabilityDisclaimers.SecondReading(text) is { } rest && !StillVulnerable(rest, encoder))
            {
                signals.RemoveAll(s => s.Kind == SignalKind.Vulnerability);
            }
        }
        // A customer at risk of self-harm is vulnerable (FCA FG21/1, health), so a strong reading of self-harm — a rule's,
        // or the encoder's at ImpliedVulnerabilityAt — raises vulnerability too, with its words (round 13). The encoder
        // learnt the two apart and scores "I've stockpiled my tablets" low for vulnerability, under the 0.6 threshold the
        // fresh sets chose. Its weak self-harm readings (0.3 on "hungover, sorry for typos") are not enough; nor is
        // hardship, whose false alarms ("can't afford to wait") would become vulnerability's.
        if (wanted(SignalKind.Vulnerability) && !signals.Exists(s => s.Kind == SignalKind.Vulnerability)
            && signals.FirstOrDefault(s => s.Kind == SignalKind.SelfHarm) is { } harm
            && (rules.Any(s => s.Kind == SignalKind.SelfHarm) || reading is null || !encoder!.Covers(SignalKind.SelfHarm)
                || encoder.Probability(reading, SignalKind.SelfHarm) >= ImpliedVulnerabilityAt))
        {
            signals.Add(new Signal(SignalKind.Vulnerability, harm.Evidence));
        }
        if (heads is not null)
        {
            var raised = signals.Select(s => s.Kind).ToHashSet();
            signals.AddRange(heads.Detect(text, vectors, embedder, kind => wanted(kind) && !raised.Contains(kind)));
        }
        return signals;
    }

    private static bool StillVulnerable(string rest, SignalEncoder encoder) =>
        rest.Length > 0 && encoder.Read(rest) is { } reading
        && (encoder.Raise(reading, kind => kind == SignalKind.Vulnerability).Count > 0
            || (SignalDetector.Detect(rest).Any(s => s.Kind == SignalKind.Vulnerability) && encoder.Assents(reading, SignalKind.Vulnerability)));

    // A first-person wish or request to make a complaint; not "how do complaints work?", "my only complaint is …" or "I
    // thought I'd be writing a complaint, but it came".
    [GeneratedRegex("""
        \b(?:i\s+(?:really\s+)?(?:want|need|wish|would\s+like|am\s+going|have)\s+to|i\s*['’]?d\s+(?:really\s+)?like\s+to|i\s*['’]?m\s+(?:going\s+to|gonna)|i\s+wanna|help\s+me(?:\s+to)?|(?:need|want)\s+(?:some\s+)?(?:help|assistance)\s+(?:to|with)|let\s+me)
        \s+(?:make|lodge|file|raise|log|submit|put\s+in|register)\s+(?:a|an|my)\s+(?:formal\s+|official\s+|proper\s+|customer\s+|consumer\s+)?complaint
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex WantsToComplain();
}
