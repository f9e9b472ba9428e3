using Tandem.Rules.Guard;
using Tandem.Rules.Routing;
using Tandem.Server.Actions;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge;
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

/// <summary>One stage's input and output, as recorded in the audit log.</summary>
internal sealed record StageRecord(string Stage, object Input, object Output);

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
    public static TurnOutcome Run(LoadedFirm firm, TurnContext context)
    {
        ArgumentNullException.ThrowIfNull(firm);
        ArgumentNullException.ThrowIfNull(context);
        var stages = new List<StageRecord>();
        var policy = firm.Pack.Policy;

        // The message is embedded once; understanding and retrieval share the vector.
        var vector = firm.Embedder.Embed(context.Text);
        var understanding = firm.Understander.Understand(context.Text, vector);
        stages.Add(new StageRecord("understand", new { text = context.Text, model = firm.Embedder.ModelId, signalDetector = firm.Understander.SignalDetectorVersion }, new
        {
            language = understanding.Language,
            topic = understanding.Topic,
            topicConfidence = understanding.TopicConfidence,
            outOfScope = understanding.OutOfScope,
            classifierVersion = firm.Understander.ClassifierVersion,
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
        })));

        var act = ActStage.Run(understanding);
        stages.Add(new StageRecord("act", new { topic = understanding.Topic }, new { actions = act.Actions, note = act.Note }));

        // New or unknown topics are co-pilot; out-of-scope messages are treated as co-pilot too. When
        // a message could be one of several topics, the strictest of their modes applies.
        var (mode, modeTopic) = understanding.OutOfScope
            ? (TopicMode.Copilot, null)
            : StrictestMode.Resolve(understanding.TopicCandidates, t => context.Modes.TryGetValue(t, out var m) ? m : TopicMode.Copilot);
        var draft = EmbeddedResponder.Draft(firm.Pack.Id, understanding, retrieved, mode, policy.EvidenceThreshold);
        stages.Add(new StageRecord("draft", new { responder = "embedded", mode = mode.ToWire(), modeFrom = modeTopic }, new
        {
            text = draft.Text,
            method = draft.Method,
            citations = draft.Citations,
        }));

        GuardResult? guard = null;
        if (draft.Text is not null)
        {
            var evidence = draft.Grounds.Select(p => new Evidence(p.Id, p.Text)).ToList();
            guard = DraftGuard.Check(draft.Text, evidence, policy.ForbiddenPhrases);
        }
        stages.Add(new StageRecord("check", new { draft = draft.Text, evidence = draft.Grounds.Select(p => p.Id) }, guard is null
            ? new { passed = false, problems = (IReadOnlyList<string>)["no draft to check"] }
            : new { passed = guard.Passed, problems = guard.Problems }));

        var evidenceScore = retrieved.Count > 0 ? retrieved[0].Score : 0;
        var input = new RoutingInput
        {
            // The topic whose mode applies, so never-autonomous lists see the strictest plausible topic.
            Topic = modeTopic ?? understanding.Topic,
            TopicConfidence = understanding.TopicConfidence,
            OutOfScope = understanding.OutOfScope,
            Signals = understanding.Signals,
            EvidenceScore = evidenceScore,
            HasDraft = draft.Text is not null,
            GuardPassed = guard?.Passed ?? false,
            ProposesStateChange = act.Actions.Any(a => a.ChangesState),
            Mode = mode,
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
            RecentFailedAttempts = FailedAttempts(context, draft.Text is null),
            Language = understanding.Language,
        };
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

        return new TurnOutcome(understanding, mode, retrieved, act, draft, guard, decision, confidence, stages);
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
