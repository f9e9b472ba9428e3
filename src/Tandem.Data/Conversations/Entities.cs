namespace Tandem.Data.Conversations;

public sealed class Customer
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    /// <summary>The firm's own id for the customer (for the reference firm, C-10001 and so on).</summary>
    public required string ExternalId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}

public static class ConversationStatus
{
    public const string Open = "open";
    public const string HandedOff = "handed_off";
    public const string Resolved = "resolved";
}

public sealed class Conversation
{
    public Guid Id { get; set; }
    public required string FirmId { get; set; }
    public Guid? CustomerId { get; set; }
    public required string Channel { get; set; }
    public required string Status { get; set; }
    /// <summary>SHA-256 of the customer's bearer token for this conversation; the token itself is never stored.</summary>
    public required string AccessTokenHash { get; set; }
    public string? Language { get; set; }
    /// <summary>The agent who has claimed the conversation, if any.</summary>
    public string? AssignedTo { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>Optimistic concurrency: two agents acting on one conversation cannot both win.</summary>
    public int Version { get; set; }
    /// <summary>The firm's id of the verified customer (C-10001); null when unverified or a verified guest.</summary>
    public string? VerifiedCustomerId { get; set; }
    /// <summary>The e-mail address verified in the chat with an order number.</summary>
    public string? VerifiedEmail { get; set; }
    /// <summary>token | chat; null while the customer is not verified.</summary>
    public string? IdentityMethod { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    /// <summary>JSON array of the record ids (order numbers) an in-chat verification covers; [] for a token, which covers all.</summary>
    public string VerifiedRecordsJson { get; set; } = "[]";
    /// <summary>In-chat verification attempts whose details did not match.</summary>
    public int VerificationFailures { get; set; }
    /// <summary>The customer's satisfaction score, 1 (very poor) to 5 (very good); null when they gave none. A later rating replaces an earlier one.</summary>
    public int? CsatScore { get; set; }
    public DateTimeOffset? CsatAt { get; set; }
}

public static class Authors
{
    public const string Customer = "customer";
    public const string Ai = "ai";
    public const string Agent = "agent";
    public const string System = "system";
}

public sealed class Message
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public required string Author { get; set; }
    public string? AuthorName { get; set; }
    public required string Text { get; set; }
    public string? ClientMessageId { get; set; }
    /// <summary>JSON array of {source, title, passageId}.</summary>
    public string CitationsJson { get; set; } = "[]";
    public Guid? TurnId { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}

public static class TurnStatus
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>The processing of one customer message through the pipeline, and everything it decided.</summary>
public sealed class Turn
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public Guid MessageId { get; set; }
    public required string FirmId { get; set; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Language { get; set; }
    public string? Topic { get; set; }
    public double TopicConfidence { get; set; }
    public bool OutOfScope { get; set; }
    public double Confidence { get; set; }
    public string? Decision { get; set; }
    public string ReasonsJson { get; set; } = "[]";
    public string? Explanation { get; set; }
    public string SignalsJson { get; set; } = "[]";
    public string EntitiesJson { get; set; } = "[]";
    public string CitationsJson { get; set; } = "[]";
    public string ActionsJson { get; set; } = "[]";
    public string? GuardJson { get; set; }
    public string? DraftText { get; set; }
    public string? Error { get; set; }
}

public static class DraftStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Edited = "edited";
    public const string Rejected = "rejected";
    public const string TakenOver = "taken_over";
    public const string Superseded = "superseded";
}

/// <summary>An AI reply waiting for, or having had, an agent's review.</summary>
public sealed class Draft
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public Guid TurnId { get; set; }
    public required string FirmId { get; set; }
    public string? Topic { get; set; }
    public required string Text { get; set; }
    public string CitationsJson { get; set; } = "[]";
    public required string Status { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
}

public static class ReviewOutcome
{
    public const string Approved = "approved";
    public const string Edited = "edited";
    public const string Rejected = "rejected";
    public const string TakenOver = "taken_over";
}

/// <summary>An agent's verdict on a draft: the raw material of the override rate.</summary>
public sealed class Review
{
    public Guid Id { get; set; }
    public Guid DraftId { get; set; }
    public Guid ConversationId { get; set; }
    public required string FirmId { get; set; }
    public string? Topic { get; set; }
    public required string Outcome { get; set; }
    public required string Reviewer { get; set; }
    public string? FinalText { get; set; }
    /// <summary>Normalised edit distance between draft and what was sent (0 = unchanged).</summary>
    public double? EditDistance { get; set; }
    public string? Reason { get; set; }
    public double ReviewSeconds { get; set; }
    /// <summary>The reviewer marked a serious error: money wrongly refunded or promised, another customer's details, a promise outside policy.</summary>
    public bool Critical { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}

public sealed class Handoff
{
    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public Guid? TurnId { get; set; }
    public required string FirmId { get; set; }
    public string ReasonsJson { get; set; } = "[]";
    public bool Urgent { get; set; }
    public required DateTimeOffset RequestedAt { get; set; }
    /// <summary>When the customer was told a person would reply.</summary>
    public DateTimeOffset? ReplyExpectedBy { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}
