using Tandem.Rules.Hours;
using Tandem.Rules.Routing;

namespace Tandem.Server.Firms;

/// <summary>
/// A firm as described by its pack folder (docs/firm-pack.md), after loading and validation.
/// This is the contract the pipeline reads; the YAML/CSV/Markdown layout on disk is the loader's concern.
/// </summary>
internal sealed record FirmPack
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Absolute path of the pack folder.</summary>
    public required string RootPath { get; init; }
    /// <summary>SHA-256 over every file of the pack (names and contents), hex: the pack's version.</summary>
    public required string Hash { get; init; }
    public required FirmProfile Profile { get; init; }
    public required IReadOnlyList<TopicDefinition> Topics { get; init; }
    public required FirmPolicyDefinition Policy { get; init; }
    public required IReadOnlyList<KnowledgeDocument> Knowledge { get; init; }
    public required IReadOnlyList<FaqEntry> Faq { get; init; }
    public required SeedData Seed { get; init; }
    /// <summary>The firm's own systems over HTTP, from connectors.yaml (optional); empty when the pack has none.</summary>
    public IReadOnlyList<Actions.Http.HttpConnectorDefinition> HttpConnectors { get; init; } = [];

    /// <summary>The firm's routine requests as slot-filling workflows (procedures.yaml); empty when the pack has none.</summary>
    public IReadOnlyList<Tandem.Rules.Procedures.ProcedureDefinition> Procedures { get; init; } = [];

    /// <summary>The firm's past customer messages labelled with a topic (tickets-history.csv through historyLabels); empty when the pack has none.</summary>
    public IReadOnlyList<LabelledMessage> History { get; init; } = [];

    /// <summary>The procedure a message on this topic starts, if any.</summary>
    public Tandem.Rules.Procedures.ProcedureDefinition? ProcedureFor(string? topic, string text) =>
        topic is null ? null : Procedures.FirstOrDefault(p => p.Topics.Contains(topic, StringComparer.Ordinal) && p.StartsOn(text));

    public TopicDefinition? FindTopic(string id) => Topics.FirstOrDefault(t => t.Id == id);
}

/// <summary>A past customer message and the topic its ticket label maps to.</summary>
internal sealed record LabelledMessage(string Text, string Topic);

internal sealed record FirmProfile
{
    /// <summary>IANA time zone id, e.g. Europe/London.</summary>
    public required string TimeZone { get; init; }
    public required IReadOnlyList<OpeningWindow> OpeningHours { get; init; }
    public required IReadOnlySet<DateOnly> BankHolidays { get; init; }
    /// <summary>Shown to the customer before the first AI message. Never empty.</summary>
    public required string AiDisclosure { get; init; }
    /// <summary>The firm's privacy notice, linked in the widget beside the disclosure. Required.</summary>
    public required string PrivacyNoticeUrl { get; init; }
    /// <summary>The firm offers or brokers regulated credit: its complaint letters must give the Financial Ombudsman Service referral rights.</summary>
    public bool OffersRegulatedCredit { get; init; }
    /// <summary>How long each class of personal data is kept (firm.yaml 'retention'; defaults for classes it leaves out).</summary>
    public Tandem.Rules.Privacy.RetentionPolicy Retention { get; init; } = Tandem.Rules.Privacy.RetentionPolicy.Default;
    /// <summary>Told to the customer on handoff in opening hours.</summary>
    public required string HandoffMessage { get; init; }
    /// <summary>Told to the customer on handoff out of hours; "{next_opening}" is replaced with the time a person will reply.</summary>
    public required string OutOfHoursMessage { get; init; }
    /// <summary>Told at once when the self-harm signal fires (with a helpline number).</summary>
    public required string UrgentMessage { get; init; }
    /// <summary>Used instead of <see cref="UrgentMessage"/> out of hours, when set; "{next_opening}" as above. Null: the urgent message is used at all times.</summary>
    public string? UrgentOutOfHoursMessage { get; init; }
    /// <summary>Said when the assistant has nothing good enough and the turn waits for a person.</summary>
    public required string HoldingMessage { get; init; }
    /// <summary>Used instead of <see cref="HoldingMessage"/> out of hours, when set; "{next_opening}" as above.</summary>
    public string? HoldingOutOfHoursMessage { get; init; }
    /// <summary>Regex for the firm's order numbers, e.g. HH-\d{4}-\d{6}.</summary>
    public string? OrderNumberPattern { get; init; }
    public int ReviewTargetMinutes { get; init; } = 15;
    /// <summary>The firm's language-model settings (firm.yaml <c>llm:</c>): overrides and data residency. Docs/llm.md.</summary>
    public FirmLlmSettings Llm { get; init; } = FirmLlmSettings.None;
    /// <summary>The language-model budget (firm.yaml llm_budget); null: no limit and no prices, tokens are still counted.</summary>
    public Llm.LlmBudgetSettings? LlmBudget { get; init; }
    /// <summary>How the turn decides the topic (firm.yaml topics_classifier).</summary>
    public TopicsClassifier TopicsClassifier { get; init; } = TopicsClassifierSetting.Default;
}

/// <summary>How a firm's turn decides its topic: the classifier trained on the topics' examples, or the nearest example.</summary>
internal enum TopicsClassifier
{
    Linear,
    Nearest,
}

internal static class TopicsClassifierSetting
{
    /// <summary>The linear head, chosen by measurement on the reference firm (docs/adr/0006-topic-classifier.md, amendment of round 3).</summary>
    public const TopicsClassifier Default = TopicsClassifier.Linear;
}

internal sealed record TopicDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required TopicMode Mode { get; init; }
    public required IReadOnlyList<string> Examples { get; init; }
    /// <summary>Knowledge file names (relative to knowledge/) that answer this topic.</summary>
    public required IReadOnlyList<string> Articles { get; init; }
    /// <summary>Labels used for this topic in the firm's historical tickets, for training and backtests.</summary>
    public IReadOnlyList<string> HistoryLabels { get; init; } = [];
    /// <summary>Tools the assistant may call for this topic through the action gateway; empty for none.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];
    /// <summary>Said instead of the firm's handoff message when a conversation on this topic is handed over in opening hours.</summary>
    public string? HandoffMessage { get; init; }
    /// <summary>Said instead of the firm's out-of-hours message for this topic; "{next_opening}" as in <see cref="FirmProfile.OutOfHoursMessage"/>.</summary>
    public string? OutOfHoursHandoffMessage { get; init; }
}

internal sealed record ActionLimit
{
    public required string Action { get; init; }
    /// <summary>Largest amount the AI may act on without an agent, in GBP; 0 means never alone.</summary>
    public required decimal MaxAutonomousAmount { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
}

internal sealed record FirmPolicyDefinition
{
    public required IReadOnlySet<string> NeverAutonomousTopics { get; init; }
    public required IReadOnlySet<SignalKind> AlwaysHandoffSignals { get; init; }
    public required IReadOnlyList<ActionLimit> ActionLimits { get; init; }
    /// <summary>Phrases or commitments the AI must never make; a draft containing one is never sent alone.</summary>
    public required IReadOnlyList<string> ForbiddenPhrases { get; init; }
    public double AutonomousThreshold { get; init; } = 0.5;
    public double EvidenceThreshold { get; init; } = 0.2;
    /// <summary>
    /// The embedded responder answers from a passage only when it contains at least this share of the
    /// question's words that the firm's knowledge uses (IDF-weighted), or is at least
    /// <see cref="AnswerSimilarity"/> close in meaning; 0 turns the check off (docs/firm-pack.md).
    /// </summary>
    public double AnswerCoverage { get; init; } = DefaultAnswerCoverage;
    /// <summary>Dense cosine at which a passage answers whatever its words (a paraphrase the word check would miss).</summary>
    public double AnswerSimilarity { get; init; } = DefaultAnswerSimilarity;
    public int MaxFailedAttempts { get; init; } = 2;

    /// <summary>Chosen on the even rows of the reference firm's question sets (docs/benchmarks.md, "Answerability").</summary>
    public const double DefaultAnswerCoverage = 0.7;

    /// <summary>Chosen with <see cref="DefaultAnswerCoverage"/>.</summary>
    public const double DefaultAnswerSimilarity = 0.39;
}

internal sealed record KnowledgeDocument
{
    /// <summary>Path relative to the pack's knowledge/ folder, e.g. returns-policy.md.</summary>
    public required string FileName { get; init; }
    public required string Title { get; init; }
    /// <summary>markdown | html | text</summary>
    public required string Format { get; init; }
    public required string Content { get; init; }
    /// <summary>SHA-256 of the file's bytes, hex.</summary>
    public required string Hash { get; init; }
    /// <summary>Set when the pack declares this document replaced by another (it is kept for the health report, never answered from).</summary>
    public string? SupersededBy { get; init; }
}

internal sealed record FaqEntry(string Question, string Answer, string Article, int Line);

/// <summary>Paths (absolute) of the data files the built-in commerce connector is seeded from; null when absent.</summary>
internal sealed record SeedData(string? CustomersPath, string? OrdersPath, string? ProductsPath);

/// <summary>One problem found in a pack: which file, which line (1-based; 0 when the problem is the file as a whole), and what is wrong.</summary>
internal sealed record PackProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

internal sealed record FirmPackLoadResult(FirmPack? Pack, IReadOnlyList<PackProblem> Problems)
{
    public bool Ok => Pack is not null && Problems.Count == 0;
}
