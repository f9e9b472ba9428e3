namespace Tandem.Server.Firms;

/// <summary>
/// Reads tickets-history.csv, the firm's past tickets (optional): each ticket's first customer message,
/// labelled with the topic whose historyLabels hold its label. The topic classifier trains on them.
/// </summary>
internal static class TicketsHistoryCsv
{
    public const string FileName = "tickets-history.csv";

    /// <summary>The labelled messages. Tickets whose label no topic claims are left out: a firm's old labels rarely map one to one.</summary>
    public static List<LabelledMessage> Read(string text, IReadOnlyList<TopicDefinition> topics, PackProblems problems)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var messages = new List<LabelledMessage>();
        var records = Csv.Parse(text, (line, message) => problems.Add(FileName, line, message));
        if (records.Count == 0)
        {
            return messages;
        }
        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var textColumn = header.IndexOf("customer_message");
        var labelColumn = header.IndexOf("topic");
        if (textColumn < 0 || labelColumn < 0)
        {
            problems.Add(FileName, records[0].Line, $"The header is '{string.Join(",", records[0].Fields)}': expected at least the columns 'topic' (the ticket's label, mapped to a topic by its historyLabels) and 'customer_message'.");
            return messages;
        }
        var topicOf = topics.SelectMany(t => t.HistoryLabels.Select(l => (Label: l, Topic: t.Id)))
            .ToDictionary(p => p.Label, p => p.Topic, StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Count)
            {
                problems.Add(FileName, record.Line, $"This record has {record.Fields.Count} field(s): expected {header.Count}, as in the header. A field with a comma or line break in it must be in double quotes.");
                continue;
            }
            var message = record.Fields[textColumn].Trim().ReplaceLineEndings("\n");
            if (message.Length > 0 && topicOf.TryGetValue(record.Fields[labelColumn].Trim(), out var topic))
            {
                messages.Add(new LabelledMessage(message, topic));
            }
        }
        return messages;
    }
}
