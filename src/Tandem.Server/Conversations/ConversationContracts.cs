using System.Text.Json;
using Tandem.Data.Conversations;
using Tandem.Server.Audit;

namespace Tandem.Server.Conversations;

internal sealed record CustomerIdentityRequest(string? Token);

internal sealed record StartConversationRequest(string? Firm, CustomerIdentityRequest? Customer, string? Channel);

internal sealed record StartConversationResponse(Guid Id, string AccessToken);

internal sealed record CitationDto(string Source, string Title, string? Url, string? PassageId);

internal sealed record MessageDto(Guid Id, string Author, string? AuthorName, string Text, DateTimeOffset CreatedAt, IReadOnlyList<CitationDto> Citations)
{
    public static MessageDto From(Message m) =>
        new(m.Id, m.Author, m.AuthorName, m.Text, m.CreatedAt, Json.Read<List<CitationDto>>(m.CitationsJson));
}

internal sealed record SignalDto(string Kind, string Evidence);

internal sealed record EntityDto(string Kind, string Value);

internal sealed record ActionDto(string Name, string Status, JsonElement? Arguments, string? Result);

internal sealed record TurnDto(
    Guid Id,
    Guid MessageId,
    string Status,
    string? Language,
    string? Topic,
    double TopicConfidence,
    bool OutOfScope,
    IReadOnlyList<SignalDto> Signals,
    IReadOnlyList<EntityDto> Entities,
    double Confidence,
    string? Decision,
    IReadOnlyList<string> Reasons,
    string? Explanation,
    string? Draft,
    IReadOnlyList<CitationDto> Citations,
    IReadOnlyList<ActionDto> Actions,
    JsonElement? Guard,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    public static TurnDto From(Turn t) => new(
        t.Id, t.MessageId, t.Status, t.Language, t.Topic, t.TopicConfidence, t.OutOfScope,
        Json.Read<List<SignalDto>>(t.SignalsJson), Json.Read<List<EntityDto>>(t.EntitiesJson),
        t.Confidence, t.Decision, Json.Read<List<string>>(t.ReasonsJson), t.Explanation, t.DraftText,
        Json.Read<List<CitationDto>>(t.CitationsJson), Json.Read<List<ActionDto>>(t.ActionsJson),
        t.GuardJson is null ? null : JsonSerializer.Deserialize<JsonElement>(t.GuardJson),
        t.CreatedAt, t.CompletedAt);
}

internal static class Json
{
    public static T Read<T>(string json) where T : new() =>
        string.IsNullOrEmpty(json) ? new T() : JsonSerializer.Deserialize<T>(json, AuditLog.Json) ?? new T();

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, AuditLog.Json);
}
