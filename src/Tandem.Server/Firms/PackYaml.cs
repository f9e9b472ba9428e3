using System.Globalization;
using Tandem.Rules.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Firms;

/// <summary>A value read from a pack file with the line it came from, so later cross-file checks can point at it.</summary>
internal readonly record struct Located<T>(T Value, int Line);

/// <summary>"Did you mean" hints: most wrong names in a pack are typos of a right one.</summary>
internal static class Suggestion
{
    /// <summary>" Did you mean 'x'?" for the closest candidate when it is close enough, else "".</summary>
    public static string For(string name, IEnumerable<string> candidates)
    {
        var lower = name.ToLowerInvariant();
        var best = candidates
            .Select(c => (Candidate: c, Distance: EditDistance.Normalised(c.ToLowerInvariant(), lower)))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= 0.4 ? $" Did you mean '{best.Candidate}'?" : "";
    }
}

/// <summary>Every problem found in one pack, in the order found; readers keep going after a problem so the admin sees them all at once.</summary>
internal sealed class PackProblems
{
    private readonly List<PackProblem> items = [];

    public IReadOnlyList<PackProblem> Items => items;

    public int Count => items.Count;

    public void Add(string file, int line, string message) => items.Add(new PackProblem(file, line, message));
}

/// <summary>
/// One YAML file of a pack. YamlDotNet's representation model keeps each node's position, which is
/// what lets every problem name its line; a typed deserializer would lose it.
/// </summary>
internal sealed class YamlFile(string name, PackProblems problems)
{
    public string Name => name;

    public void Report(YamlNode node, string message) => problems.Add(name, Line(node), message);

    public void Report(int line, string message) => problems.Add(name, line, message);

    public static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>Parses the text and returns its root mapping, or null after reporting why there is none.</summary>
    public YamlMap? ParseRoot(string text)
    {
        var parser = new AliasCheckingParser(new Parser(new StringReader(text)));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // Some errors (an alias resolved late) carry an empty mark; the last event read is closer to the truth.
            var line = e.Start.Index == 0 && parser.LastLine > 1 ? parser.LastLine : (int)e.Start.Line;
            const string Duplicate = "Duplicate key ";
            Report(line, e.Message.StartsWith(Duplicate, StringComparison.Ordinal)
                ? $"YAML syntax error: the key '{e.Message[Duplicate.Length..].TrimEnd('.')}' is written twice in the same mapping; keep one."
                : $"YAML syntax error: {e.Message.TrimEnd('.')}.");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this instead of a YamlException for some unclosed flow collections.
            Report(parser.LastLine, "YAML syntax error: the file could not be read from here on; check for an unclosed '[', '{' or quote.");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            Report(0, "The file is empty; expected a mapping of keys (see docs/firm-pack.md).");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            Report(Line(stream.Documents[1].RootNode), "The file holds more than one YAML document ('---'); expected exactly one.");
            return null;
        }
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            Report(root, $"The file must be a mapping of keys (key: value), but is {Describe(root)}.");
            return null;
        }
        return new YamlMap(this, mapping, "");
    }

    /// <summary>True for a scalar YAML reads as null: empty, ~ or null, when not quoted.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping (key: value pairs)",
        YamlSequenceNode => "a list",
        YamlScalarNode when IsNull(node) => "empty",
        YamlScalarNode scalar => $"the text '{Shorten(scalar.Value ?? "")}'",
        _ => "something else",
    };

    public static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    /// <summary>
    /// Remembers where parsing got to, and rejects an alias to an unknown anchor at the alias itself:
    /// the representation model only notices at the end of the document and reports no position.
    /// </summary>
    private sealed class AliasCheckingParser(IParser inner) : IParser
    {
        private readonly HashSet<string> anchors = new(StringComparer.Ordinal);

        public int LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastLine = (int)current.Start.Line;
                if (current is NodeEvent { Anchor.IsEmpty: false } node)
                {
                    anchors.Add(node.Anchor.Value);
                }
                if (current is AnchorAlias alias && !anchors.Contains(alias.Value.Value))
                {
                    throw new YamlException(current.Start, current.End, $"'*{alias.Value.Value}' refers to an anchor '&{alias.Value.Value}' that is not defined above it");
                }
            }
            return moved;
        }
    }
}

/// <summary>
/// Reads the keys of one YAML mapping with types checked and problems reported. Each key read is
/// remembered so <see cref="ReportUnknownKeys"/> can flag the rest: an unknown key is nearly always a typo
/// that would otherwise silently drop a setting.
/// </summary>
/// <param name="line">Where problems about the mapping as a whole point: the line of its key when it has one.</param>
internal sealed class YamlMap(YamlFile file, YamlMappingNode node, string context, int? line = null)
{
    // A list, not a set: the known keys are listed back to the admin in the order the format defines them.
    // Shared with WithContext copies: they read the same mapping under a better name.
    private List<string> known = [];

    public YamlFile File => file;

    public int Line => line ?? YamlFile.Line(node);

    /// <summary>" in topic 'delivery'", or "" at the root: appended to messages so the admin knows where.</summary>
    public string Context => context;

    public YamlMap WithContext(string newContext) => new(file, node, newContext, line) { known = known };

    public IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries => node.Children;

    /// <summary>The value of the key, or null when absent or written as null. Marks the key as known.</summary>
    public YamlNode? Value(string key)
    {
        if (!known.Contains(key))
        {
            known.Add(key);
        }
        var value = Entry(key).Value;
        return value is not null && !YamlFile.IsNull(value) ? value : null;
    }

    // Matched on the text alone: a quoted key carries a different tag but means the same.
    private KeyValuePair<YamlNode, YamlNode> Entry(string key) =>
        node.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: { } name } && name == key);

    public bool Has(string key) => Value(key) is not null;

    public void ReportMissing(string key, string expected) =>
        file.Report(Line, $"Missing required key '{key}'{context}: expected {expected}.");

    public void ReportWrongType(string key, YamlNode value, string expected) =>
        file.Report(value, $"'{key}'{context} must be {expected}, but is {YamlFile.Describe(value)}.");

    /// <summary>A text value, trimmed; null (with a problem when required) if missing, empty or not text.</summary>
    public Located<string>? Text(string key, bool required, string expected)
    {
        var value = Value(key);
        if (value is null)
        {
            if (required)
            {
                ReportMissing(key, expected);
            }
            return null;
        }
        if (value is not YamlScalarNode scalar)
        {
            ReportWrongType(key, value, expected);
            return null;
        }
        var text = (scalar.Value ?? "").Trim();
        if (text.Length == 0)
        {
            file.Report(value, $"'{key}'{context} must not be empty: expected {expected}.");
            return null;
        }
        return new Located<string>(text, YamlFile.Line(value));
    }

    public YamlMap? Map(string key, bool required, string expected, string? childContext = null)
    {
        var value = Value(key);
        if (value is null)
        {
            if (required)
            {
                ReportMissing(key, expected);
            }
            return null;
        }
        if (value is not YamlMappingNode mapping)
        {
            ReportWrongType(key, value, expected);
            return null;
        }
        return new YamlMap(file, mapping, childContext ?? $" in '{key}'{context}", YamlFile.Line(Entry(key).Key));
    }

    public YamlSequenceNode? List(string key, bool required, string expected)
    {
        var value = Value(key);
        if (value is null)
        {
            if (required)
            {
                ReportMissing(key, expected);
            }
            return null;
        }
        if (value is not YamlSequenceNode sequence)
        {
            ReportWrongType(key, value, expected);
            return null;
        }
        return sequence;
    }

    /// <summary>A list of non-empty text items; bad items are reported and left out.</summary>
    public IReadOnlyList<Located<string>>? TextList(string key, bool required, string expected)
    {
        var sequence = List(key, required, $"a list of {expected}");
        if (sequence is null)
        {
            return null;
        }
        var items = new List<Located<string>>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            index++;
            if (item is YamlScalarNode scalar && !YamlFile.IsNull(item) && !string.IsNullOrWhiteSpace(scalar.Value))
            {
                items.Add(new Located<string>(scalar.Value.Trim(), YamlFile.Line(item)));
            }
            else if (item is YamlMappingNode)
            {
                // The usual cause is an unquoted ": " inside a sentence, which YAML reads as a key.
                file.Report(item, $"Item {index} of '{key}'{context} must be {expected}, but is a mapping; if the text contains ': ', put it in quotes.");
            }
            else
            {
                file.Report(item, $"Item {index} of '{key}'{context} must be {expected}, but is {YamlFile.Describe(item)}.");
            }
        }
        return items;
    }

    public double? Number(string key, double min, double max)
    {
        var value = Value(key);
        var expected = $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        if (value is null)
        {
            return null;
        }
        if (value is not YamlScalarNode scalar
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            ReportWrongType(key, value, expected);
            return null;
        }
        if (number < min || number > max)
        {
            file.Report(value, $"'{key}'{context} is {scalar.Value}, which is out of range: expected {expected}.");
            return null;
        }
        return number;
    }

    public int? Integer(string key, int min, int max)
    {
        var value = Value(key);
        var expected = $"a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        if (value is null)
        {
            return null;
        }
        if (value is not YamlScalarNode scalar
            || !int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            ReportWrongType(key, value, expected);
            return null;
        }
        if (number < min || number > max)
        {
            file.Report(value, $"'{key}'{context} is {scalar.Value}, which is out of range: expected {expected}.");
            return null;
        }
        return number;
    }

    /// <summary>Reports every key that was never asked for, with the nearest known key as a suggestion.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var key in node.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                file.Report(key, $"Keys{context} must be plain names, but one is {YamlFile.Describe(key)}.");
                continue;
            }
            if (known.Contains(name))
            {
                continue;
            }
            file.Report(key, $"Unknown key '{name}'{context}.{Suggestion.For(name, known)} Known keys here: {string.Join(", ", known)}.");
        }
    }
}
