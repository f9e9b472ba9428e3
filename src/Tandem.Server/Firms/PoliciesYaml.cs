using System.Globalization;
using System.Text.RegularExpressions;
using Tandem.Rules.Routing;
using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Firms;

/// <summary>What policies.yaml holds, plus the lines cross-file checks point at.</summary>
internal sealed record PolicyFile(
    FirmPolicyDefinition Policy,
    IReadOnlyList<Located<string>> NeverAutonomousTopics,
    IReadOnlyList<Located<string>> ForbiddenPhrases);

/// <summary>Reads policies.yaml: the firm's hard limits on what the AI may do alone.</summary>
internal static partial class PoliciesYaml
{
    public const string FileName = "policies.yaml";

    private static readonly string SignalNames = string.Join(", ", Enum.GetValues<SignalKind>().Select(k => k.ToWire()));

    public static PolicyFile? Read(string text, PackProblems problems)
    {
        var file = new YamlFile(FileName, problems);
        var root = file.ParseRoot(text);
        if (root is null)
        {
            return null;
        }

        var neverAutonomous = root.TextList("neverAutonomousTopics", required: true, "topic ids (write [] for none)") ?? [];
        var seenTopics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in neverAutonomous.Where(t => !seenTopics.Add(t.Value)))
        {
            file.Report(topic.Line, $"Topic '{topic.Value}' is listed twice in 'neverAutonomousTopics'.");
        }

        var signals = new HashSet<SignalKind>();
        foreach (var signal in root.TextList("alwaysHandoffSignals", required: true, $"signal names ({SignalNames}; write [] for none)") ?? [])
        {
            if (!ModeNames.TryParseSignal(signal.Value, out var kind))
            {
                file.Report(signal.Line, $"Unknown signal '{signal.Value}' in 'alwaysHandoffSignals': expected one of {SignalNames}.");
            }
            else if (!signals.Add(kind))
            {
                file.Report(signal.Line, $"Signal '{signal.Value}' is listed twice in 'alwaysHandoffSignals'.");
            }
        }

        var limits = ReadActionLimits(root);

        var phrases = root.TextList("forbiddenPhrases", required: false, "phrases the AI must never say") ?? [];
        var seenPhrases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var phrase in phrases.Where(p => !seenPhrases.Add(p.Value)))
        {
            file.Report(phrase.Line, $"Forbidden phrase '{phrase.Value}' is listed twice.");
        }

        var autonomousThreshold = root.Number("autonomousThreshold", 0, 1);
        var evidenceThreshold = root.Number("evidenceThreshold", 0, 1);
        var answerCoverage = root.Number("answerCoverage", 0, 1);
        var answerSimilarity = root.Number("answerSimilarity", 0, 1);
        var maxFailedAttempts = root.Integer("maxFailedAttempts", 1, 10);
        root.ReportUnknownKeys();

        var policy = new FirmPolicyDefinition
        {
            NeverAutonomousTopics = seenTopics,
            AlwaysHandoffSignals = signals,
            ActionLimits = limits,
            ForbiddenPhrases = [.. phrases.Select(p => p.Value)],
            AutonomousThreshold = autonomousThreshold ?? 0.5,
            EvidenceThreshold = evidenceThreshold ?? 0.2,
            AnswerCoverage = answerCoverage ?? FirmPolicyDefinition.DefaultAnswerCoverage,
            AnswerSimilarity = answerSimilarity ?? FirmPolicyDefinition.DefaultAnswerSimilarity,
            MaxFailedAttempts = maxFailedAttempts ?? 2,
        };
        return new PolicyFile(policy, neverAutonomous, phrases);
    }

    private static List<ActionLimit> ReadActionLimits(YamlMap root)
    {
        var limits = new List<ActionLimit>();
        var list = root.List("actionLimits", required: false, "a list of action limits, each with action, maxAutonomousAmount and conditions");
        if (list is null)
        {
            return limits;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.Children)
        {
            index++;
            if (item is not YamlMappingNode mapping)
            {
                root.File.Report(item, $"Action limit {index} must be a mapping with action, maxAutonomousAmount and conditions, but is {YamlFile.Describe(item)}.");
                continue;
            }
            var map = new YamlMap(root.File, mapping, $" in action limit {index}");
            var action = map.Text("action", required: true, "the action's name in snake_case (e.g. refund)");
            if (action is { } a)
            {
                map = map.WithContext($" in action limit '{a.Value}'");
                if (!Identifier().IsMatch(a.Value))
                {
                    root.File.Report(a.Line, $"Action '{a.Value}' must be snake_case: lower-case letters, digits and underscores, starting with a letter.");
                }
                else if (seen.TryGetValue(a.Value, out var firstLine))
                {
                    root.File.Report(a.Line, $"Action '{a.Value}' already has a limit on line {firstLine}: give each action one limit.");
                }
                else
                {
                    seen[a.Value] = a.Line;
                }
            }
            var amount = ReadAmount(map);
            var conditions = map.TextList("conditions", required: false, "condition names in snake_case") ?? [];
            var seenConditions = new HashSet<string>(StringComparer.Ordinal);
            foreach (var condition in conditions)
            {
                if (!Identifier().IsMatch(condition.Value))
                {
                    root.File.Report(condition.Line, $"Condition '{YamlFile.Shorten(condition.Value)}'{map.Context} must be a snake_case name (e.g. original_payment_method), not a sentence: the action guard checks it by name.");
                }
                else if (!seenConditions.Add(condition.Value))
                {
                    root.File.Report(condition.Line, $"Condition '{condition.Value}' is listed twice{map.Context}.");
                }
            }
            map.ReportUnknownKeys();
            limits.Add(new ActionLimit
            {
                Action = action?.Value ?? "",
                MaxAutonomousAmount = amount ?? 0,
                Conditions = [.. conditions.Select(c => c.Value)],
            });
        }
        return limits;
    }

    private static decimal? ReadAmount(YamlMap map)
    {
        const string Expected = "an amount in pounds without the £ sign, 0 or more (0 means never without an agent)";
        var value = map.Value("maxAutonomousAmount");
        if (value is null)
        {
            map.ReportMissing("maxAutonomousAmount", Expected);
            return null;
        }
        if (value is not YamlScalarNode { Value: { } text }
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            map.ReportWrongType("maxAutonomousAmount", value, Expected);
            return null;
        }
        return amount;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
