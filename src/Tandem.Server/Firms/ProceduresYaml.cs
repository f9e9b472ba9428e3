using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tandem.Rules.Procedures;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Firms;

/// <summary>What the validator needs to know about a connector's tool: its name, whether it changes anything, whether it returns account data.</summary>
internal sealed record ToolFacts(string Name, bool ChangesState, bool TouchesAccountData);

/// <summary>A procedure as read, with the lines cross-file checks (topics, tools) point at.</summary>
internal sealed record ProcedureEntry(
    ProcedureDefinition Procedure,
    int Line,
    IReadOnlyList<Located<string>> Topics,
    IReadOnlyList<(Located<string> Tool, bool IsAction)> Tools);

/// <summary>
/// Reads procedures.yaml (optional): the firm's routine requests as slot-filling workflows. Every
/// expression and template is parsed here and every name in them checked, so a typo in a refusal
/// message is an admin's file:line at load time, never a broken reply to a customer.
/// </summary>
internal static partial class ProceduresYaml
{
    public const string FileName = "procedures.yaml";

    private const string ResultName = "result";

    public static IReadOnlyList<ProcedureEntry>? Read(string text, PackProblems problems)
    {
        var file = new YamlFile(FileName, problems);
        var root = file.ParseRoot(text);
        if (root is null)
        {
            return null;
        }
        var list = root.List("procedures", required: true, "a list of procedures, each with id, name, topics, slots and messages");
        root.ReportUnknownKeys();
        if (list is null)
        {
            return null;
        }
        var entries = new List<ProcedureEntry>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.Children)
        {
            index++;
            if (item is not YamlMappingNode mapping)
            {
                file.Report(item, $"Procedure {index} must be a mapping with id, name, topics, slots and messages, but is {YamlFile.Describe(item)}.");
                continue;
            }
            if (ReadProcedure(new YamlMap(file, mapping, $" in procedure {index}"), ids) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    /// <summary>Checks the procedures against the topics and the connector's tools (null when the tools are not known here).</summary>
    public static void CheckAgainst(IReadOnlyList<ProcedureEntry> procedures, IReadOnlyList<TopicEntry> topicEntries, IReadOnlyCollection<ToolFacts>? tools, PackProblems problems)
    {
        var topics = topicEntries.Select(t => t.Topic.Id).ToHashSet(StringComparer.Ordinal);
        var topicTools = topicEntries.GroupBy(t => t.Topic.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Topic.Tools, StringComparer.Ordinal);
        var startedBy = new Dictionary<string, ProcedureDefinition>(StringComparer.Ordinal);
        foreach (var entry in procedures)
        {
            foreach (var topic in entry.Topics)
            {
                if (!topics.Contains(topic.Value))
                {
                    problems.Add(FileName, topic.Line, $"Procedure '{entry.Procedure.Id}' starts on the topic '{topic.Value}', which is not in topics.yaml.{Suggestion.For(topic.Value, topics)}");
                }
                else if (startedBy.TryGetValue(topic.Value, out var other) && (other.Mentions.Count == 0 || entry.Procedure.Mentions.Count == 0))
                {
                    // With 'mentions' on both, the words tell them apart (the first listed wins a message that has both).
                    problems.Add(FileName, topic.Line, $"Procedures '{other.Id}' and '{entry.Procedure.Id}' both start on the topic '{topic.Value}': a message can start only one, so give each topic to one procedure, or give both 'mentions'.");
                }
                else
                {
                    startedBy.TryAdd(topic.Value, entry.Procedure);
                }
            }
            // The gateway runs a tool only for a topic that lists it: a procedure using one its topic
            // doesn't list would fail on every customer, so it is caught here.
            foreach (var (tool, _) in entry.Tools)
            {
                foreach (var topic in entry.Topics.Where(t => topicTools.TryGetValue(t.Value, out var allowed) && !allowed.Contains(tool.Value, StringComparer.Ordinal)))
                {
                    problems.Add(FileName, tool.Line, $"Procedure '{entry.Procedure.Id}' uses the tool '{tool.Value}', which the topic '{topic.Value}' does not list under 'tools' in topics.yaml: add it there, or the gateway refuses the call.");
                }
            }
            if (tools is null)
            {
                continue;
            }
            var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
            foreach (var (tool, isAction) in entry.Tools)
            {
                if (!byName.TryGetValue(tool.Value, out var facts))
                {
                    var offered = byName.Count == 0 ? "this firm's connectors offer no tools" : $"the firm's connectors offer {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}";
                    problems.Add(FileName, tool.Line, $"Procedure '{entry.Procedure.Id}' uses the tool '{tool.Value}', which no connector offers: {offered}.{Suggestion.For(tool.Value, byName.Keys)}");
                    continue;
                }
                if (!isAction && facts.ChangesState)
                {
                    problems.Add(FileName, tool.Line, $"Procedure '{entry.Procedure.Id}' looks up with '{tool.Value}', which changes the customer's records: a lookup must only read. Put it under 'action', after a confirmation.");
                }
                if (facts.TouchesAccountData && !entry.Procedure.RequiresVerification)
                {
                    problems.Add(FileName, tool.Line, $"Procedure '{entry.Procedure.Id}' calls '{tool.Value}', which returns account data, but says 'verify: false': until the customer is verified no tool may return account data. Set 'verify: true'.");
                }
            }
        }
    }

    private static ProcedureEntry? ReadProcedure(YamlMap map, Dictionary<string, int> ids)
    {
        var file = map.File;
        var id = map.Text("id", required: true, "the procedure's id in snake_case (e.g. cancel_order)");
        if (id is { } idValue)
        {
            map = map.WithContext($" in procedure '{idValue.Value}'");
            if (!Identifier().IsMatch(idValue.Value))
            {
                file.Report(idValue.Line, $"Procedure id '{idValue.Value}' must be snake_case: lower-case letters, digits and underscores, starting with a letter.");
            }
            else if (ids.TryGetValue(idValue.Value, out var first))
            {
                file.Report(idValue.Line, $"Duplicate procedure id '{idValue.Value}': it is already used on line {first}.");
            }
            else
            {
                ids[idValue.Value] = idValue.Line;
            }
        }
        var procedureId = id?.Value ?? "";
        var name = map.Text("name", required: true, "what the procedure does, as agents see it");
        var topics = map.TextList("topics", required: true, "topic ids from topics.yaml whose messages start this procedure") ?? [];
        if (map.Has("topics") && topics.Count == 0)
        {
            file.Report(map.Line, $"'topics'{map.Context} is empty: name at least one topic that starts the procedure.");
        }
        var mentions = map.TextList("mentions", required: false, "words or phrases, one of which a message must contain to start the procedure") ?? [];
        var verify = Bool(map, "verify", "true or false: must the customer be verified before anything is looked up?") ?? true;

        var slots = ReadSlots(map);
        var slotNames = slots.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (verify && !slots.Any(s => s.Kind == SlotKinds.OrderNumber))
        {
            file.Report(map.Line, $"Procedure '{procedureId}' needs a verified customer but has no slot of kind order_number: in-chat verification is by e-mail address and order number.");
        }

        var tools = new List<(Located<string>, bool)>();
        var lookup = ReadTool(map, "lookup", slotNames, tools, isAction: false);
        var afterLookup = new HashSet<string>(slotNames, StringComparer.Ordinal);
        if (lookup is not null)
        {
            if (slotNames.Contains(lookup.As))
            {
                file.Report(map.Line, $"The lookup's result is named '{lookup.As}'{map.Context}, which is also a slot's name: choose another 'as'.");
            }
            afterLookup.Add(lookup.As);
        }

        var checks = new List<EligibilityCheck>();
        var eligibility = map.List("eligibility", required: false, "a list of checks, each with require (an expression) and refuse (what to tell the customer)");
        if (eligibility is not null)
        {
            if (lookup is null && eligibility.Children.Count > 0)
            {
                file.Report(eligibility, $"'eligibility'{map.Context} needs a 'lookup': the checks read what the lookup returns.");
            }
            var n = 0;
            foreach (var item in eligibility.Children)
            {
                n++;
                if (item is not YamlMappingNode checkNode)
                {
                    file.Report(item, $"Eligibility check {n}{map.Context} must be a mapping with require and refuse, but is {YamlFile.Describe(item)}.");
                    continue;
                }
                var check = new YamlMap(file, checkNode, $" in eligibility check {n}{map.Context}");
                var require = Expression(check, "require", required: true, afterLookup);
                var refuse = Template(check, "refuse", required: true, "what the customer is told when the check fails, saying why and what they can do instead", afterLookup);
                check.ReportUnknownKeys();
                if (require is not null && refuse is not null)
                {
                    checks.Add(new EligibilityCheck(require, refuse));
                }
            }
        }

        var confirm = Template(map, "confirm", required: false, "the question asked before the action, e.g. \"Shall I cancel order {order_number}? Please reply yes or no.\"", afterLookup);
        var action = ReadTool(map, "action", afterLookup, tools, isAction: true);
        if (action is not null && confirm is null)
        {
            file.Report(map.Line, $"Procedure '{procedureId}' changes the customer's records ('action') without asking first: add 'confirm' with the question the customer answers yes or no to.");
        }
        if (action is null && confirm is not null)
        {
            file.Report(map.Line, $"Procedure '{procedureId}' has 'confirm' but no 'action': there is nothing to confirm.");
        }
        var afterAction = new HashSet<string>(afterLookup, StringComparer.Ordinal);
        if (action is not null)
        {
            afterAction.Add(action.As);
        }

        var messages = ReadMessages(map, procedureId, action is not null, afterLookup, afterAction);
        map.ReportUnknownKeys();
        if (id is null || name is null || messages is null)
        {
            return null;
        }
        var procedure = new ProcedureDefinition
        {
            Id = procedureId,
            Name = name.Value.Value,
            Topics = [.. topics.Select(t => t.Value)],
            Mentions = [.. mentions.Select(t => t.Value)],
            Slots = slots,
            RequiresVerification = verify,
            Lookup = lookup,
            Checks = checks,
            Confirm = confirm,
            Action = action,
            Messages = messages,
        };
        return new ProcedureEntry(procedure, map.Line, topics, tools);
    }

    private static List<SlotDefinition> ReadSlots(YamlMap map)
    {
        var file = map.File;
        var slots = new List<SlotDefinition>();
        var list = map.List("slots", required: false, "a list of slots, each with name, kind and ask");
        if (list is null)
        {
            return slots;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var item in list.Children)
        {
            n++;
            if (item is not YamlMappingNode node)
            {
                file.Report(item, $"Slot {n}{map.Context} must be a mapping with name, kind and ask, but is {YamlFile.Describe(item)}.");
                continue;
            }
            var slot = new YamlMap(file, node, $" in slot {n}{map.Context}");
            var name = slot.Text("name", required: true, "the slot's name in snake_case, used as {name} in messages");
            if (name is { } nameValue)
            {
                if (!Identifier().IsMatch(nameValue.Value))
                {
                    file.Report(nameValue.Line, $"Slot name '{nameValue.Value}'{map.Context} must be snake_case.");
                }
                else if (!names.Add(nameValue.Value))
                {
                    file.Report(nameValue.Line, $"Slot '{nameValue.Value}' is defined twice{map.Context}.");
                }
            }
            var kind = slot.Text("kind", required: true, $"what fills it: {string.Join(", ", SlotKinds.All)}");
            if (kind is { } k && !SlotKinds.All.Contains(k.Value, StringComparer.Ordinal))
            {
                file.Report(k.Line, $"Unknown slot kind '{k.Value}'{map.Context}: expected one of {string.Join(", ", SlotKinds.All)}.{Suggestion.For(k.Value, SlotKinds.All)}");
            }
            var ask = Template(slot, "ask", required: true, "the question asked when the slot is missing", names);
            var pattern = slot.Text("pattern", required: false, "a regular expression the value must match");
            if (pattern is { } p)
            {
                try
                {
                    _ = new Regex(p.Value, RegexOptions.None, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException e)
                {
                    file.Report(p.Line, $"'pattern'{slot.Context} is not a valid regular expression: {e.Message}");
                    pattern = null;
                }
            }
            var invalid = Template(slot, "invalid", required: false, "what to say when a value doesn't match the pattern", names);
            slot.ReportUnknownKeys();
            if (name is not null && kind is not null && ask is not null)
            {
                slots.Add(new SlotDefinition(name.Value.Value, kind.Value.Value, ask, pattern?.Value, invalid));
            }
        }
        return slots;
    }

    private static ToolStep? ReadTool(YamlMap map, string key, HashSet<string> known, List<(Located<string>, bool)> tools, bool isAction)
    {
        var step = map.Map(key, required: false, "a mapping with tool, arguments and as");
        if (step is null)
        {
            return null;
        }
        var tool = step.Text("tool", required: true, "the name of a tool the firm's connector offers (e.g. get_order)");
        var arguments = new JsonObject();
        var args = step.Map("arguments", required: false, "a mapping of argument name to value, e.g. order_number: \"{order_number}\"");
        if (args is not null)
        {
            foreach (var (k, v) in args.Entries)
            {
                if (k is not YamlScalarNode { Value: { } argName })
                {
                    step.File.Report(k, $"Argument names{step.Context} must be plain names.");
                    continue;
                }
                var value = ToJson(v);
                foreach (var path in ProcedureArguments.Paths(value))
                {
                    var first = path.Split('.')[0];
                    if (!known.Contains(first))
                    {
                        step.File.Report(v, $"Argument '{argName}'{step.Context} uses '{path}', but '{first}' is not a slot{(isAction ? " or the lookup's result" : "")} of this procedure (known: {string.Join(", ", known.Order(StringComparer.Ordinal))}).{Suggestion.For(first, known)}");
                    }
                }
                arguments[argName] = value;
            }
        }
        var asName = step.Text("as", required: false, $"the name the result is known by in checks and messages (default: {(isAction ? ResultName : "the tool's name")})");
        if (asName is { } a && !Identifier().IsMatch(a.Value))
        {
            step.File.Report(a.Line, $"'as'{step.Context} must be snake_case.");
        }
        step.ReportUnknownKeys();
        if (tool is null)
        {
            return null;
        }
        tools.Add((tool.Value, isAction));
        return new ToolStep(tool.Value.Value, arguments, asName?.Value ?? (isAction ? ResultName : tool.Value.Value));
    }

    /// <summary>YAML to JSON: plain numbers and true/false keep their type, everything else is text (a template).</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children
            .Where(c => c.Key is YamlScalarNode { Value: not null })
            .Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar when YamlFile.IsNull(scalar) => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } flag => JsonValue.Create(flag.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } plain when double.TryParse(plain.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    private static ProcedureMessages? ReadMessages(YamlMap map, string procedureId, bool hasAction, HashSet<string> afterLookup, HashSet<string> afterAction)
    {
        var file = map.File;
        var messages = map.Map("messages", required: true, hasAction
            ? "a mapping with done (and optionally proposed, declined, failed, verify, notVerified)"
            : "a mapping with report (and optionally failed, verify, notVerified)");
        if (messages is null)
        {
            return null;
        }
        var report = new List<ConditionalMessage>();
        var reportNode = messages.Value("report");
        if (reportNode is YamlScalarNode)
        {
            if (Template(messages, "report", required: false, "what the customer is told", afterLookup) is { } say)
            {
                report.Add(new ConditionalMessage(null, say));
            }
        }
        else if (reportNode is YamlSequenceNode sequence)
        {
            var n = 0;
            foreach (var item in sequence.Children)
            {
                n++;
                if (item is not YamlMappingNode node)
                {
                    file.Report(item, $"Report {n}{messages.Context} must be a mapping with when (optional) and say, but is {YamlFile.Describe(item)}.");
                    continue;
                }
                var option = new YamlMap(file, node, $" in report {n}{map.Context}");
                var when = Expression(option, "when", required: false, afterLookup);
                var say = Template(option, "say", required: true, "what the customer is told", afterLookup);
                option.ReportUnknownKeys();
                if (say is not null)
                {
                    report.Add(new ConditionalMessage(when, say));
                }
            }
            if (report.Count > 0 && report[^1].When is not null)
            {
                // Without a last unconditional reply a lookup that matches none would leave the customer with nothing.
                file.Report(sequence, $"The last report{map.Context} has a 'when': end the list with one without 'when', said when no other applies.");
            }
        }
        else if (reportNode is not null)
        {
            messages.ReportWrongType("report", reportNode, "a message, or a list of {when, say}");
        }
        if (!hasAction && report.Count == 0 && reportNode is null)
        {
            file.Report(messages.Line, $"Procedure '{procedureId}' has no 'action', so it must say what it found: add messages.report.");
        }
        if (hasAction && report.Count > 0)
        {
            file.Report(messages.Line, $"Procedure '{procedureId}' has an 'action': it ends with messages.done, not messages.report.");
        }
        var done = Template(messages, "done", required: hasAction, "what the customer is told after the action succeeded", afterAction);
        var proposed = Template(messages, "proposed", required: false, "what the customer is told when an agent has to approve the action first", afterAction);
        var declined = Template(messages, "declined", required: false, "what the customer is told after saying no", afterLookup);
        var failed = Template(messages, "failed", required: false, "what the customer is told when the lookup or the action failed", new HashSet<string>(StringComparer.Ordinal));
        var verifyMessage = Template(messages, "verify", required: false, "how the customer is asked to verify (e-mail address and order number)", new HashSet<string>(StringComparer.Ordinal));
        var notVerified = Template(messages, "notVerified", required: false, "what the customer is told when the details don't match (never say which)", new HashSet<string>(StringComparer.Ordinal));
        if (!hasAction && done is not null)
        {
            file.Report(messages.Line, $"Procedure '{procedureId}' has messages.done but no 'action': use messages.report.");
        }
        messages.ReportUnknownKeys();
        return new ProcedureMessages
        {
            Report = report,
            Done = done,
            Proposed = proposed,
            Declined = declined,
            Failed = failed,
            Verify = verifyMessage ?? ProcedureMessages.DefaultVerify,
            NotVerified = notVerified ?? ProcedureMessages.DefaultNotVerified,
        };
    }

    private static string? Template(YamlMap map, string key, bool required, string expected, HashSet<string> known)
    {
        var text = map.Text(key, required, expected);
        if (text is not { } t)
        {
            return null;
        }
        foreach (var name in ProcedureTemplate.Names(t.Value).Where(n => !known.Contains(n)))
        {
            map.File.Report(t.Line, $"'{key}'{map.Context} uses {{{name}}}, which is not a slot{(known.Count > 0 ? " or a result" : "")} known here{(known.Count > 0 ? $" (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})" : ": this message may use no placeholders")}.{Suggestion.For(name, known)}");
        }
        return t.Value;
    }

    private static ProcedureExpression? Expression(YamlMap map, string key, bool required, HashSet<string> known)
    {
        var text = map.Text(key, required, "an expression, e.g. order.status in [processing]");
        if (text is not { } t)
        {
            return null;
        }
        try
        {
            var expression = ProcedureExpression.Parse(t.Value);
            foreach (var name in expression.Names.Where(n => !known.Contains(n)))
            {
                map.File.Report(t.Line, $"'{key}'{map.Context} reads '{name}', which is not a slot or a result known here (known: {string.Join(", ", known.Order(StringComparer.Ordinal))}).{Suggestion.For(name, known)}");
            }
            return expression;
        }
        catch (ExpressionException e)
        {
            map.File.Report(t.Line, $"'{key}'{map.Context} is not a valid expression: {e.Message}.");
            return null;
        }
    }

    private static bool? Bool(YamlMap map, string key, string expected)
    {
        var value = map.Value(key);
        if (value is null)
        {
            return null;
        }
        if (value is YamlScalarNode { Value: "true" or "True" or "yes" })
        {
            return true;
        }
        if (value is YamlScalarNode { Value: "false" or "False" or "no" })
        {
            return false;
        }
        map.ReportWrongType(key, value, expected);
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
