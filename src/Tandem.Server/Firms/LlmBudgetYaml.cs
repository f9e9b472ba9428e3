using System.Globalization;
using Tandem.Server.Llm;
using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Firms;

/// <summary>Reads firm.yaml's <c>llm_budget:</c>: the monthly limit, the warning share and the provider's prices.</summary>
internal static class LlmBudgetYaml
{
    public const string Key = "llm_budget";

    public static LlmBudgetSettings? Read(YamlMap root)
    {
        var map = root.Map(Key, required: false, "a mapping with monthly_limit, warn_at, input_price_per_million and output_price_per_million");
        if (map is null)
        {
            return null;
        }
        var limit = Money(map, "monthly_limit", required: true, "the most the firm will spend on the language model in a calendar month, in pounds (e.g. 50.00)", max: 1_000_000m, allowZero: false);
        var warnAt = Share(map, "warn_at");
        // Without prices every call costs nothing and the limit is never reached: a budget needs both.
        var input = Money(map, "input_price_per_million", required: true, "the provider's price per million input tokens, in pounds (e.g. 0.12)", max: 1_000m, allowZero: true);
        var output = Money(map, "output_price_per_million", required: true, "the provider's price per million output tokens, in pounds (e.g. 0.48)", max: 1_000m, allowZero: true);
        map.ReportUnknownKeys();
        return limit is { } l && input is { } i && output is { } o
            ? new LlmBudgetSettings(l, warnAt ?? LlmBudgetSettings.DefaultWarnAt, i, o)
            : null;
    }

    /// <summary>Pounds as a plain decimal (50 or 50.00; at most two places for a limit, six for a price); "£50" is reported, not guessed.</summary>
    private static decimal? Money(YamlMap map, string key, bool required, string expected, decimal max, bool allowZero)
    {
        var value = map.Value(key);
        if (value is null)
        {
            if (required)
            {
                map.ReportMissing(key, expected);
            }
            return null;
        }
        if (value is not YamlScalarNode { Value: { } text }
            || !decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            map.ReportWrongType(key, value, $"{expected}, written as a number without a currency sign");
            return null;
        }
        var places = key == "monthly_limit" ? 2 : 6;
        if (amount.Scale > places)
        {
            map.File.Report(value, $"'{key}'{map.Context} is {text}: at most {places} decimal places.");
            return null;
        }
        if (amount > max || (!allowZero && amount == 0))
        {
            map.File.Report(value, $"'{key}'{map.Context} is {text}, which is out of range: expected {(allowZero ? "0" : "more than 0")} to {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        return amount;
    }

    private static decimal? Share(YamlMap map, string key)
    {
        var value = map.Value(key);
        if (value is null)
        {
            return null;
        }
        if (value is not YamlScalarNode { Value: { } text }
            || !decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share))
        {
            map.ReportWrongType(key, value, "a share of the limit between 0 and 1 (e.g. 0.8 for 80 %)");
            return null;
        }
        // At 1 the warning would come with the stop; at 0 it would come with the first call.
        if (share is <= 0m or >= 1m)
        {
            map.File.Report(value, $"'{key}'{map.Context} is {text}: expected a share of the limit above 0 and below 1 (e.g. 0.8 for 80 %).");
            return null;
        }
        return share;
    }
}
