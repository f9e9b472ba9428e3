using Tandem.Rules.Guard;
using Tandem.Rules.Routing;
using Tandem.Server.Actions;
using Tandem.Server.Firms;
using Tandem.Rules.Procedures;
using Tandem.Server.Knowledge;
using Tandem.Server.Procedures;
using Tandem.Server.Responding;

namespace Tandem.Server.Turns;

/// <summary>What the pipeline needs to know about the conversation so far.</summary>
internal sealed record TurnContext
{
    public required string Text { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required bool ConversationWithHuman { get; init; }
    public required bool KillSwitch { get; init; }
    /// <summary>Current mode of each topic (database, which admins change), by topic id.</summary>
    public required IReadOnlyDictionary<string, TopicMode> Modes { get; init; }
    /// <summary>The customer's earlier messages in this conversation, oldest first.</summary>
    public required IReadOnlyList<string> EarlierCustomerTexts { get; init; }
    /// <summary>Reason codes of the earlier AI turns, most recent first.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> EarlierReasons { get; init; }
}

/// <summary>The message's vector and understanding (stage 2), computed before the rest of the turn.</summary>
internal sealed record Understood(float[] Vector, Understanding.Understanding Understanding);

/// <summary>One stage's input and output, as recorded in the audit log.</summary>
internal sealed record StageRecord(string Stage, object Input, object Output);

/// <summary>The turn up to drafting (stages 2–4 and the mode), as <see cref="TurnPipeline.Prepare"/> leaves it.</summary>
internal sealed record TurnPrepared(
    Understanding.Understanding Understanding,
    IReadOnlyList<RetrievedPassage> Retrieved,
    ActResult Act,
    TopicMode Mode,
    string? ModeTopic,
    ProcedureTurn? Procedure,
    IReadOnlyList<StageRecord> Stages);

internal sealed record TurnOutcome(
    Understanding.Understanding Understanding,
    TopicMode Mode,
    IReadOnlyList<RetrievedPassage> Retrieved,
    ActResult Act,
    DraftResult Draft,
    GuardResult? Guard,
    RoutingDecision Decision,
    double Confidence,
    IReadOnlyList<StageRecord> Stages);

/// <summary>
/// Stages 2–7 of the turn (understand, retrieve, act, draft, check, decide) as one pure computation
/// over the firm and the conversation so far. Intake happens before it; deliver and record after,
/// in the processor, which commits everything in one transaction.
/// </summary>
internal static class TurnPipeline
{
    /// <summary>Added to a reply that refuses what the customer asked for (UK GDPR article 22(3): the right to human intervention).</summary>
    public const string HumanReviewOffer = "If you'd like a person to review this decision, just say \"speak to a person\" and a member of our team will look at it again.";

    public static TurnOutcome Run(LoadedFirm firm, TurnContext context) => Run(firm, context, Understand(firm, context), procedure: null);

    /// <summary>
    /// Stage 2 alone, so the processor can run the conversation's procedure (which calls the gateway,
    /// so cannot be pure) on the understanding before the rest of the pipeline drafts and decides.
    /// </summary>
    public static Understood Understand(LoadedFirm firm, TurnContext context)
    {
        ArgumentNullException.ThrowIfNull(firm);
        ArgumentNullException.ThrowIfNull(context);
        // The message is embedded once: understanding and retrieval share the sentence vector, and signal
        // heads trained on the token states' maximum read it from the same model call.
        var vectors = firm.Understander.Embed(context.Text);
        return new Understood(vectors.Mean, firm.Understander.Understand(context.Text, vectors));
    }

    /// <param name="procedure">What the conversation's procedure made of this message, when one ran: its reply is the draft.</param>
    public static TurnOutcome Run(LoadedFirm firm, TurnContext context, Understood understood, ProcedureTurn? procedure)
    {
        var prepared = Prepare(firm, context, understood, procedure);
        var draft = procedure is not null
            ? new DraftResult(procedure.Kind switch
            {
                ReplyKind.OfferPerson => null,
                // A refusal goes to a person first (AdverseDecision in the routing input), and the customer is told they can ask for one.
                ReplyKind.Refusal => $"{procedure.Text} {HumanReviewOffer}",
                _ => procedure.Text,
            }, [], [], $"procedure:{procedure.Kind.ToString().ToLowerInvariant()}")
            : EmbeddedResponder.Draft(firm.Pack.Id, prepared.Retrieved, prepared.Mode, firm.Pack.Policy.EvidenceThreshold, AnswerRule.Of(firm.Pack.Policy));
        return Finish(firm, context, prepared, draft, new { responder = procedure is null ? "embedded" : "procedure", mode = prepared.Mode.ToWire(), modeFrom = prepared.ModeTopic }, draftAudit: null);
    }

    /// <summary>
    /// Stages 2–4 and the mode: everything before drafting. Pure; the processor may then draft with
    /// the language model (which needs the network and the gateway) and hand the draft to <see cref="Finish"/>.
    /// </summary>
    public static TurnPrepared Prepare(LoadedFirm firm, TurnContext context, Understood understood, ProcedureTurn? procedure)
    {
        ArgumentNullException.ThrowIfNull(firm);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(understood);
        var stages = new List<StageRecord>();
        var vector = understood.Vector;
        var understanding = understood.Understanding;
        stages.Add(new StageRecord("understand", new { text = context.Text, model = firm.Embedder.ModelId, signalDetector = firm.Understander.SignalDetectorVersion }, new
        {
            language = understanding.Language,
            topic = understanding.Topic,
            topicConfidence = understanding.TopicConfidence,
            outOfScope = understanding.OutOfScope,
            classifierVersion = firm.Understander.ClassifierVersion,
            modeMargin = understanding.ModeMargin.Value,
            modeMarginRule = understanding.ModeMargin.IsRelative ? "share-of-best" : "distance-from-best",
            candidates = understanding.TopicCandidates.Select(c => new { topic = c.Topic, score = c.Score }),
            entities = understanding.Entities,
            signals = understanding.Signals.Select(s => new { kind = s.Kind.ToWire(), evidence = s.Evidence }),
        }));

        // Read once: an import may swap the index while this turn runs.
        var knowledge = firm.Knowledge;
        var retrieved = knowledge.Search(context.Text, vector, 5);
        stages.Add(new StageRecord("retrieve", new { query = context.Text, model = firm.Embedder.ModelId, lexicalWeight = knowledge.LexicalWeight }, retrieved.Select(r => new
        {
            passageId = r.Passage.Id,
            source = r.Passage.Source,
            sourceVersion = r.Passage.SourceHash,
            sourceImportedAt = r.Passage.SourceImportedAt,
            title = r.Passage.TitlePath,
            score = r.Score,
            // What the embedded responder's answer check reads (EmbeddedResponder, AnswerRule).
            dense = r.Dense,
            coverage = r.Coverage.Share,
            missing = r.Coverage.Missing,
        })));

        var act = procedure is null
            ? ActStage.Run(understanding)
            : new ActResult(procedure.Actions, $"procedure '{procedure.ProcedureId}': {procedure.Kind.ToString().ToLowerInvariant()}");
        stages.Add(new StageRecord("act", new { topic = understanding.Topic, procedure = procedure?.ProcedureId, left = procedure?.Left },
            new { actions = act.Actions, note = act.Note, step = procedure?.State.Step.ToString().ToLowerInvariant(), outcome = procedure?.State.Outcome }));

        // New or unknown topics are co-pilot; out-of-scope messages are treated as co-pilot too. When
        // a message could be one of several topics, the strictest of their modes applies. A procedure's
        // turn takes the mode of the topic that started it ("yes" or an order number has no topic of its own).
        var (mode, modeTopic) = procedure is not null
            ? (context.Modes.TryGetValue(procedure.Topic, out var pm) ? pm : TopicMode.Copilot, procedure.Topic)
            : understanding.OutOfScope
            ? (TopicMode.Copilot, null)
            : StrictestMode.Resolve(understanding.TopicCandidates, t => context.Modes.TryGetValue(t, out var m) ? m : TopicMode.Copilot, understanding.ModeMargin);
        return new TurnPrepared(understanding, retrieved, act, mode, modeTopic, procedure, stages);
    }

    /// <summary>
    /// Stages 5–7 over a draft: record it, check it (unless the responder checked it already, sentence
    /// by sentence against its citations), and decide. Pure.
    /// </summary>
    /// <param name="draftAudit">The responder's own record of the draft stage (the language model's provider, prompt, tokens...), added to the stage's output.</param>
    /// <param name="checkedGuard">The guard's verdict when the responder ran it; null: checked here against the draft's grounds.</param>
    /// <param name="grounds">The evidence the draft rests on; null: the draft's passages (or the procedure's evidence).</param>
    /// <param name="evidenceScore">Overrides the retrieval score, e.g. for a reply that cites the firm's own systems.</param>
    public static TurnOutcome Finish(LoadedFirm firm, TurnContext context, TurnPrepared prepared, DraftResult draft, object draftInput, object? draftAudit,
        GuardResult? checkedGuard = null, IReadOnlyList<Evidence>? grounds = null, double? evidenceScore = null, IReadOnlyList<ProposedAction>? extraActions = null)
    {
        ArgumentNullException.ThrowIfNull(firm);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(draft);
        var stages = new List<StageRecord>(prepared.Stages);
        var policy = firm.Pack.Policy;
        var procedure = prepared.Procedure;
        var act = extraActions is { Count: > 0 } ? prepared.Act with { Actions = [.. prepared.Act.Actions, .. extraActions] } : prepared.Act;
        // The model asked for something the gateway refused (a refund, a cancellation): a person takes
        // that decision, and the customer is told they can ask for one.
        var adverse = act.Actions.Any(a => a.Adverse);
        if (adverse && draft.Text is { } refusalText && !refusalText.Contains(HumanReviewOffer, StringComparison.Ordinal))
        {
            draft = draft with { Text = $"{refusalText} {HumanReviewOffer}" };
        }
        stages.Add(new StageRecord("draft", draftInput, new
        {
            text = draft.Text,
            method = draft.Method,
            citations = draft.Citations,
            llm = draftAudit,
        }));

        GuardResult? guard = null;
        grounds ??= procedure is not null
            ? procedure.Evidence
            : [.. draft.Grounds.Select(p => new Evidence(p.Id, p.Text))];
        if (draft.Text is not null)
        {
            guard = checkedGuard ?? DraftGuard.Check(draft.Text, grounds, policy.ForbiddenPhrases);
        }
        stages.Add(new StageRecord("check", new { draft = draft.Text, evidence = grounds.Select(e => e.Id) }, guard is null
            ? new { passed = false, problems = (IReadOnlyList<string>)["no draft to check"] }
            : new { passed = guard.Passed, problems = guard.Problems }));

        var input = RoutingFor(firm, context, prepared, draft.Text is not null, guard?.Passed ?? false, evidenceScore,
            procedure?.ProposesStateChange ?? act.Actions.Any(a => a.ChangesState), adverse);
        var decision = Router.Decide(input);
        var confidence = Router.Confidence(input);
        stages.Add(new StageRecord("decide", input, new
        {
            decision = decision.Decision.ToWire(),
            reasons = decision.ReasonWireNames,
            explanation = decision.Explanation,
            urgent = decision.Urgent,
            confidence,
        }));

        return new TurnOutcome(prepared.Understanding, prepared.Mode, prepared.Retrieved, act, draft, guard, decision, confidence, stages);
    }

    /// <summary>The router's input for a draft of the given quality: used to decide, and before drafting to see whether a good draft would be sent.</summary>
    public static RoutingInput RoutingFor(LoadedFirm firm, TurnContext context, TurnPrepared prepared, bool hasDraft, bool guardPassed, double? evidenceScore = null,
        bool proposesStateChange = false, bool adverseDecision = false)
    {
        ArgumentNullException.ThrowIfNull(firm);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(prepared);
        var policy = firm.Pack.Policy;
        var procedure = prepared.Procedure;
        var understanding = prepared.Understanding;
        var retrieved = prepared.Retrieved;
        // A procedure's reply is the firm's own scripted wording over its systems' data, not a search
        // result: it stands on the procedure, whose topic the conversation is already in.
        var evidence = evidenceScore ?? (procedure is not null ? 1.0 : retrieved.Count > 0 ? retrieved[0].Score : 0);
        return new RoutingInput
        {
            // The topic whose mode applies, so never-autonomous lists see the strictest plausible topic.
            Topic = prepared.ModeTopic ?? understanding.Topic,
            TopicConfidence = procedure is not null ? 1.0 : understanding.TopicConfidence,
            OutOfScope = procedure is null && understanding.OutOfScope,
            Signals = understanding.Signals,
            EvidenceScore = evidence,
            HasDraft = hasDraft,
            GuardPassed = guardPassed,
            ProposesStateChange = proposesStateChange,
            Mode = prepared.Mode,
            Policy = new RoutingPolicy
            {
                NeverAutonomousTopics = policy.NeverAutonomousTopics,
                AlwaysHandoffSignals = policy.AlwaysHandoffSignals,
                KillSwitch = context.KillSwitch,
                AutonomousThreshold = policy.AutonomousThreshold,
                EvidenceThreshold = policy.EvidenceThreshold,
                MaxFailedAttempts = policy.MaxFailedAttempts,
            },
            WithinBusinessHours = firm.Hours.IsOpen(context.Now),
            ConversationWithHuman = context.ConversationWithHuman,
            // A procedure that gives up (too many answers that gave nothing asked for) counts as the
            // assistant failing to help: the router offers the person, as support policy section 8 says.
            RecentFailedAttempts = procedure is null ? FailedAttempts(context, !hasDraft)
                : procedure.OfferPerson ? Math.Max(policy.MaxFailedAttempts, 1) : 0,
            Language = understanding.Language,
            // The gateway or the firm's system said no to what the customer asked for: a person takes that decision.
            AdverseDecision = adverseDecision || procedure?.Kind == ReplyKind.Refusal,
        };
    }

    /// <summary>
    /// Unsuccessful attempts in a row, this one included: the assistant had no answer, or the customer
    /// asked the same thing again (support policy section 8).
    /// </summary>
    private static int FailedAttempts(TurnContext context, bool noAnswerNow)
    {
        var count = noAnswerNow ? 1 : 0;
        var normalised = Normalise(context.Text);
        if (context.EarlierCustomerTexts.Any(t => Normalise(t) == normalised))
        {
            count++;
        }
        foreach (var reasons in context.EarlierReasons)
        {
            if (reasons.Contains("no_evidence") || reasons.Contains("out_of_scope"))
            {
                count++;
            }
            else
            {
                break;
            }
        }
        return count;
    }

    private static string Normalise(string text) =>
        new(text.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
