using System.Text.Json;
using System.Text.Json.Nodes;
using Tandem.Rules.Routing;

namespace Tandem.Server.Firms;

/// <summary>A firm's policies as a stable JSON document, and what changed between two of them.</summary>
internal static class PolicySnapshot
{
    /// <summary>Sets are sorted so that the same policy always gives the same text.</summary>
    public static string Of(FirmPolicyDefinition policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return JsonSerializer.Serialize(new JsonObject
        {
            ["neverAutonomousTopics"] = new JsonArray([.. policy.NeverAutonomousTopics.Order(StringComparer.Ordinal).Select(t => JsonValue.Create(t))]),
            ["alwaysHandoffSignals"] = new JsonArray([.. policy.AlwaysHandoffSignals.Select(s => s.ToWire()).Order(StringComparer.Ordinal).Select(s => JsonValue.Create(s))]),
            ["actionLimits"] = new JsonArray([.. policy.ActionLimits.Select(l => new JsonObject
            {
                ["action"] = l.Action,
                ["maxAutonomousAmount"] = l.MaxAutonomousAmount,
                ["conditions"] = new JsonArray([.. l.Conditions.Select(c => JsonValue.Create(c))]),
            })]),
            ["forbiddenPhrases"] = new JsonArray([.. policy.ForbiddenPhrases.Select(p => JsonValue.Create(p))]),
            ["autonomousThreshold"] = policy.AutonomousThreshold,
            ["evidenceThreshold"] = policy.EvidenceThreshold,
            ["answerCoverage"] = policy.AnswerCoverage,
            ["answerSimilarity"] = policy.AnswerSimilarity,
            ["maxFailedAttempts"] = policy.MaxFailedAttempts,
        });
    }

    /// <summary>The audit payload of a change: before, after and the names of the keys that differ.</summary>
    public static JsonObject Change(string? before, string after, string packHash)
    {
        var old = before is null ? null : JsonNode.Parse(before)?.AsObject();
        var current = JsonNode.Parse(after)!.AsObject();
        var changed = current.Select(p => p.Key)
            .Where(key => old is null || !JsonNode.DeepEquals(old[key], current[key]))
            .Select(key => JsonValue.Create(key));
        return new JsonObject
        {
            ["packHash"] = packHash,
            ["changed"] = new JsonArray([.. changed]),
            ["before"] = old?.DeepClone(),
            ["after"] = current.DeepClone(),
        };
    }
}
