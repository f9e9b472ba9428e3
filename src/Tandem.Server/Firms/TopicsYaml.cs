using System.Text.RegularExpressions;
using Tandem.Rules.Routing;
using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Firms;

/// <summary>A topic as read, with the lines that cross-file checks (articles, never-autonomous) point at.</summary>
internal sealed record TopicEntry(
    TopicDefinition Topic,
    int Line,
    int ModeLine,
    IReadOnlyList<Located<string>> Articles,
    IReadOnlyList<Located<string>> Messages);

/// <summary>Reads topics.yaml: what customers ask about, and how much the AI may do on each.</summary>
internal static partial class TopicsYaml
{
    public const string FileName = "topics.yaml";

    public const int MinimumExamples = 3;

    public static IReadOnlyList<TopicEntry>? Read(string text, PackProblems problems)
    {
        var file = new YamlFile(FileName, problems);
        var root = file.ParseRoot(text);
        if (root is null)
        {
            return null;
        }
        var list = root.List("topics", required: true, "a list of topics, each with id, name, description, mode and examples");
        root.ReportUnknownKeys();
        if (list is null)
        {
            return null;
        }
        if (list.Children.Count == 0)
        {
            file.Report(list, "'topics' is empty: a pack needs at least one topic.");
        }

        var entries = new List<TopicEntry>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new Dictionary<string, (string Topic, int Line)>(StringComparer.Ordinal);
        var labels = new Dictionary<string, (string Topic, int Line)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.Children)
        {
            index++;
            if (item is not YamlMappingNode mapping)
            {
                file.Report(item, $"Topic {index} must be a mapping with id, name, description, mode and examples, but is {YamlFile.Describe(item)}.");
                continue;
            }
            entries.Add(ReadTopic(new YamlMap(file, mapping, $" in topic {index}"), ids, examples, labels));
        }
        return entries;
    }

    private static TopicEntry ReadTopic(
        YamlMap map,
        Dictionary<string, int> ids,
        Dictionary<string, (string Topic, int Line)> seenExamples,
        Dictionary<string, (string Topic, int Line)> seenLabels)
    {
        var file = map.File;
        var id = map.Text("id", required: true, "the topic's id in snake_case (e.g. order_status)");
        if (id is { } idValue)
        {
            map = map.WithContext($" in topic '{idValue.Value}'");
            if (!TopicId().IsMatch(idValue.Value) || idValue.Value.Length > 64)
            {
                file.Report(idValue.Line, $"Topic id '{idValue.Value}' must be snake_case: lower-case letters, digits and underscores, starting with a letter, at most 64 characters.");
            }
            else if (ids.TryGetValue(idValue.Value, out var firstLine))
            {
                file.Report(idValue.Line, $"Duplicate topic id '{idValue.Value}': it is already used by the topic on line {firstLine}. Topic ids must be unique.");
            }
            else
            {
                ids[idValue.Value] = idValue.Line;
            }
        }
        var topicName = id?.Value ?? "";

        var name = map.Text("name", required: true, "the topic's name as agents see it");
        var description = map.Text("description", required: true, "one or two sentences saying what belongs in this topic");

        var modeText = map.Text("mode", required: true, "human, copilot or autonomous");
        var mode = TopicMode.Copilot;
        if (modeText is { } m && !ModeNames.TryParseMode(m.Value, out mode))
        {
            file.Report(m.Line, $"Unknown mode '{m.Value}'{map.Context}: expected human, copilot or autonomous.");
        }

        var exampleList = map.TextList("examples", required: true, "customer messages");
        var examples = exampleList ?? [];
        if (exampleList is not null && examples.Count < MinimumExamples)
        {
            file.Report(map.Line, $"Topic '{topicName}' has {examples.Count} example(s): expected at least {MinimumExamples} messages written as customers write them.");
        }
        foreach (var example in examples)
        {
            var normalised = Normalise(example.Value);
            if (seenExamples.TryGetValue(normalised, out var first))
            {
                // The same words under two topics teach the classifier nothing, or the wrong thing.
                var where = first.Topic == topicName ? "this topic" : $"topic '{first.Topic}'";
                file.Report(example.Line, $"The example \"{YamlFile.Shorten(example.Value)}\" is repeated: it is already an example of {where} (line {first.Line}).");
            }
            else
            {
                seenExamples[normalised] = (topicName, example.Line);
            }
        }

        var articles = map.TextList("articles", required: false, "knowledge file names (e.g. refunds.md)") ?? [];
        foreach (var article in articles.Where(a => !PackFiles.IsPlainRelativePath(a.Value)))
        {
            file.Report(article.Line, $"Article '{article.Value}'{map.Context} must be a file name inside knowledge/, written relative to it with '/' (e.g. refunds.md).");
        }
        if (mode == TopicMode.Autonomous && modeText is not null && articles.Count == 0)
        {
            file.Report(modeText.Value.Line, $"Topic '{topicName}' is autonomous but lists no articles: the AI answers only from the firm's articles, so list at least one or use copilot.");
        }

        var labels = map.TextList("historyLabels", required: false, "labels from the firm's past tickets") ?? [];
        foreach (var label in labels)
        {
            if (seenLabels.TryGetValue(label.Value, out var first))
            {
                var where = first.Topic == topicName ? "this topic" : $"topic '{first.Topic}'";
                file.Report(label.Line, $"History label '{label.Value}' is already mapped to {where} (line {first.Line}): each label maps to one topic, or backtests cannot tell which topic was right.");
            }
            else
            {
                seenLabels[label.Value] = (topicName, label.Line);
            }
        }

        // The tools the assistant may call for this topic, through the action gateway (docs/connectors.md).
        var tools = map.TextList("tools", required: false, "tool names in snake_case (e.g. get_order)") ?? [];
        var seenTools = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (!TopicId().IsMatch(tool.Value))
            {
                file.Report(tool.Line, $"Tool '{tool.Value}'{map.Context} must be a tool name in snake_case (e.g. get_order), as connectors name their tools.");
            }
            else if (!seenTools.Add(tool.Value))
            {
                file.Report(tool.Line, $"Tool '{tool.Value}' is listed twice{map.Context}.");
            }
        }

        var messageTexts = new List<Located<string>>();
        var messages = map.Map("messages", required: false, "a mapping with handoff and/or outOfHours", $" in 'messages'{map.Context}");
        Located<string>? handoff = null, outOfHours = null;
        if (messages is not null)
        {
            handoff = FirmYaml.Message(messages, "handoff", required: false, outOfHoursVariant: false, "what the customer is told when this topic is handed over in opening hours", messageTexts);
            outOfHours = FirmYaml.Message(messages, "outOfHours", required: false, outOfHoursVariant: true, "what the customer is told when this topic is handed over out of hours, with {next_opening}", messageTexts);
            messages.ReportUnknownKeys();
        }
        map.ReportUnknownKeys();

        var topic = new TopicDefinition
        {
            Id = topicName,
            Name = name?.Value ?? "",
            Description = description?.Value ?? "",
            Mode = mode,
            Examples = [.. examples.Select(e => e.Value)],
            Articles = [.. articles.Select(a => a.Value)],
            HistoryLabels = [.. labels.Select(l => l.Value)],
            Tools = [.. seenTools],
            HandoffMessage = handoff?.Value,
            OutOfHoursHandoffMessage = outOfHours?.Value,
        };
        return new TopicEntry(topic, map.Line, modeText?.Line ?? map.Line, articles, messageTexts);
    }

    private static string Normalise(string text) => string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex TopicId();
}
