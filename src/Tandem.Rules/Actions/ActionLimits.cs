using Tandem.Rules.Routing;

namespace Tandem.Rules.Actions;

/// <summary>A firm's limit on one action (policies.yaml actionLimits): the most the assistant may do alone, and the conditions that must all hold.</summary>
public sealed record LimitPolicy(decimal MaxAutonomousAmount, IReadOnlyList<string> Conditions);

/// <summary>What is known about one proposed state change, for its limit.</summary>
/// <param name="Amount">The money the call moves, if any.</param>
/// <param name="AmountDue">What the firm's published rules give, if the connector could work it out.</param>
/// <param name="EarlierAmounts">Money already moved on the same record (earlier refunds).</param>
/// <param name="Facts">Facts named by condition (e.g. return_received: true).</param>
public sealed record LimitFacts(decimal? Amount, decimal? AmountDue, decimal EarlierAmounts, IReadOnlyDictionary<string, bool> Facts);

/// <summary>Machine codes for why a call needs an agent.</summary>
public static class LimitBreaches
{
    /// <summary>The limit is 0: an agent carries out every one.</summary>
    public const string AgentOnly = "agent_only";
    /// <summary>The amount, with earlier amounts when the policy counts them, is above the limit.</summary>
    public const string OverLimit = "over_limit";
    /// <summary>The amount differs from what the published rules give.</summary>
    public const string AmountNotAsRules = "amount_not_as_rules";
    /// <summary>Prefix: a named condition is false, or unknown (which counts as false).</summary>
    public const string ConditionPrefix = "condition_failed:";
}

/// <summary>Conditions the limit rules themselves understand; every other name is a fact the connector supplies.</summary>
public static class LimitConditions
{
    /// <summary>The limit applies to the amount plus earlier amounts on the record (support policy 7.2).</summary>
    public const string CountsEarlier = "limit_counts_earlier_refunds";
    /// <summary>The amount must be exactly what the published rules give (support policy 7.5).</summary>
    public const string AmountMatchesRules = "amount_matches_published_rules";
}

/// <summary>Whether the assistant may make a change alone under the firm's limit.</summary>
public sealed record LimitVerdict(IReadOnlyList<string> Breaches)
{
    public bool WithinLimit => Breaches.Count == 0;
}

/// <summary>What the gateway does with a state change the firm's rules allow.</summary>
public enum ActionRoute
{
    Execute,
    Propose,
}

public sealed record ActionRouting(ActionRoute Route, IReadOnlyList<string> Reasons);

/// <summary>
/// The firm's limits on what the assistant does alone. Pure: the facts come from the connector, the
/// limits from policies.yaml. Fails closed: an unknown condition counts as not met, and a missing
/// amount on a limit above zero counts as over it.
/// </summary>
public static class ActionLimits
{
    public static LimitVerdict Evaluate(LimitPolicy policy, LimitFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(facts);
        var breaches = new List<string>();
        if (policy.MaxAutonomousAmount <= 0)
        {
            breaches.Add(LimitBreaches.AgentOnly);
        }
        else if (facts.Amount is not { } amount)
        {
            // A limit in money with no amount to compare cannot be shown to hold.
            breaches.Add(LimitBreaches.OverLimit);
        }
        else
        {
            var counted = policy.Conditions.Contains(LimitConditions.CountsEarlier) ? amount + facts.EarlierAmounts : amount;
            // Support policy 7.2: above the limit the whole call goes to an agent, never a part of it.
            if (counted > policy.MaxAutonomousAmount)
            {
                breaches.Add(LimitBreaches.OverLimit);
            }
        }
        foreach (var condition in policy.Conditions)
        {
            switch (condition)
            {
                case LimitConditions.CountsEarlier:
                    break;
                case LimitConditions.AmountMatchesRules:
                    if (facts.Amount is not { } a || facts.AmountDue is not { } due || a != due)
                    {
                        breaches.Add(LimitBreaches.AmountNotAsRules);
                    }
                    break;
                default:
                    if (!facts.Facts.TryGetValue(condition, out var holds) || !holds)
                    {
                        breaches.Add(LimitBreaches.ConditionPrefix + condition);
                    }
                    break;
            }
        }
        return new LimitVerdict(breaches);
    }

    /// <summary>
    /// Execute or propose a change the firm's rules allow. An agent's own call runs (the agent is the
    /// approver). The assistant's runs only in an autonomous topic within the limit; in co-pilot or
    /// human-only topics, or beyond a limit, it is proposed for an agent.
    /// </summary>
    /// <param name="limit">Null when the firm sets no limit on the action: then autonomy alone decides.</param>
    public static ActionRouting Route(bool byAgent, TopicMode mode, LimitVerdict? limit)
    {
        if (byAgent)
        {
            return new ActionRouting(ActionRoute.Execute, []);
        }
        var reasons = new List<string>();
        if (mode == TopicMode.Copilot)
        {
            reasons.Add("topic_in_copilot");
        }
        else if (mode == TopicMode.Human)
        {
            reasons.Add("topic_human_only");
        }
        if (limit is not null)
        {
            reasons.AddRange(limit.Breaches);
        }
        return new ActionRouting(reasons.Count == 0 ? ActionRoute.Execute : ActionRoute.Propose, reasons);
    }
}
