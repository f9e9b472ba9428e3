using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Rules.Privacy;

public enum PeriodUnit
{
    Days,
    Months,
    Years,
}

/// <summary>How long a class of data is kept, as a firm writes it ("2 years", "6 months", "30 days").</summary>
public readonly partial record struct RetentionPeriod(int Count, PeriodUnit Unit)
{
    /// <summary>Anything stored before this instant is past its period at <paramref name="now"/>.</summary>
    public DateTimeOffset CutoffBefore(DateTimeOffset now) => Unit switch
    {
        PeriodUnit.Days => now.AddDays(-Count),
        PeriodUnit.Months => now.AddMonths(-Count),
        _ => now.AddYears(-Count),
    };

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Count} {(Count == 1 ? Unit.ToString().ToLowerInvariant().TrimEnd('s') : Unit.ToString().ToLowerInvariant())}");

    public static RetentionPeriod? Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return null;
        }
        var unit = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "day" or "days" => PeriodUnit.Days,
            "month" or "months" => PeriodUnit.Months,
            _ => PeriodUnit.Years,
        };
        return new RetentionPeriod(count, unit);
    }

    [GeneratedRegex(@"^(\d{1,4})\s*(days?|months?|years?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>The data classes a firm sets a retention period for, with the wire names used in the pack and the data map.</summary>
public static class DataClasses
{
    public const string Transcripts = "transcripts";
    public const string Drafts = "drafts";
    public const string AuditPayloads = "auditPayloads";
    public const string ConversationEmbeddings = "conversationEmbeddings";
    public const string ProviderPayloadLogs = "providerPayloadLogs";

    public static readonly IReadOnlyList<string> All = [Transcripts, Drafts, AuditPayloads, ConversationEmbeddings, ProviderPayloadLogs];
}

/// <summary>A firm's retention periods, one per data class.</summary>
public sealed record RetentionPolicy(
    RetentionPeriod Transcripts,
    RetentionPeriod Drafts,
    RetentionPeriod AuditPayloads,
    RetentionPeriod ConversationEmbeddings,
    RetentionPeriod ProviderPayloadLogs)
{
    /// <summary>
    /// Used for any class a pack leaves out. Transcripts and drafts: two years from the last message,
    /// the common UK practice for support records (and the reference firm's notice). Audit payloads:
    /// six years, because they record refunds and other money (HMRC's record-keeping period).
    /// Embeddings of conversation text follow the transcripts. Provider payload logs: 30 days, long
    /// enough to investigate a bad answer, short enough that a copy of every message is not kept.
    /// </summary>
    public static RetentionPolicy Default { get; } = new(
        new RetentionPeriod(2, PeriodUnit.Years),
        new RetentionPeriod(2, PeriodUnit.Years),
        new RetentionPeriod(6, PeriodUnit.Years),
        new RetentionPeriod(2, PeriodUnit.Years),
        new RetentionPeriod(30, PeriodUnit.Days));

    public RetentionPeriod For(string dataClass) => dataClass switch
    {
        DataClasses.Transcripts => Transcripts,
        DataClasses.Drafts => Drafts,
        DataClasses.AuditPayloads => AuditPayloads,
        DataClasses.ConversationEmbeddings => ConversationEmbeddings,
        DataClasses.ProviderPayloadLogs => ProviderPayloadLogs,
        _ => throw new ArgumentOutOfRangeException(nameof(dataClass), dataClass, "unknown data class"),
    };
}
