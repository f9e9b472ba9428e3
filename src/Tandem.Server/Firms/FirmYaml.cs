using System.Globalization;
using System.Text.RegularExpressions;
using Tandem.Rules.Hours;
using YamlDotNet.RepresentationModel;

namespace Tandem.Server.Firms;

/// <summary>A knowledge document the pack declares replaced by another.</summary>
internal sealed record Supersession(string Document, string ReplacedBy, int Line);

/// <summary>What firm.yaml holds, plus the lines later cross-file checks point at.</summary>
internal sealed record FirmFile(
    string Id,
    string Name,
    FirmProfile Profile,
    IReadOnlyList<Supersession> Superseded,
    IReadOnlyList<Located<string>> Messages);

/// <summary>Reads firm.yaml: who the firm is, when people are there, and what the customer is told.</summary>
internal static partial class FirmYaml
{
    public const string FileName = "firm.yaml";

    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static FirmFile? Read(string text, PackProblems problems)
    {
        var file = new YamlFile(FileName, problems);
        var root = file.ParseRoot(text);
        if (root is null)
        {
            return null;
        }

        var id = root.Text("id", required: true, "the firm's id, lower-case letters, digits and hyphens (e.g. harbour-home)");
        if (id is { } idValue && (!Slug().IsMatch(idValue.Value) || idValue.Value.Length > 64))
        {
            file.Report(idValue.Line, $"'id' is '{idValue.Value}': expected lower-case letters, digits and single hyphens, at most 64 characters (e.g. harbour-home).");
        }
        var name = root.Text("name", required: true, "the firm's name as customers know it");
        if (name is { } nameValue && nameValue.Value.Length > 200)
        {
            file.Report(nameValue.Line, "'name' is longer than 200 characters.");
        }

        var timeZone = ReadTimeZone(root);
        var hours = ReadOpeningHours(root);
        var holidays = ReadBankHolidays(root);

        var disclosure = root.Text("aiDisclosure", required: true, "the message shown before the first AI reply, saying the customer is talking to an AI");
        var privacy = ReadPrivacyUrl(root);

        var messageTexts = new List<Located<string>>();
        if (disclosure is { } d)
        {
            messageTexts.Add(d);
        }
        var messages = root.Map("messages", required: true, "a mapping with handoff, outOfHours, urgent and holding");
        Located<string>? handoff = null, outOfHours = null, urgent = null, urgentOutOfHours = null, holding = null, holdingOutOfHours = null;
        if (messages is not null)
        {
            handoff = Message(messages, "handoff", required: true, outOfHoursVariant: false, "what the customer is told when a person takes over in opening hours", messageTexts);
            outOfHours = Message(messages, "outOfHours", required: true, outOfHoursVariant: true, "what the customer is told when a person takes over out of hours, with {next_opening}", messageTexts);
            urgent = Message(messages, "urgent", required: true, outOfHoursVariant: false, "what the customer is told at once when self-harm is mentioned, with a helpline number", messageTexts);
            urgentOutOfHours = Message(messages, "urgentOutOfHours", required: false, outOfHoursVariant: true, "the urgent message for out of hours, with {next_opening}", messageTexts);
            holding = Message(messages, "holding", required: true, outOfHoursVariant: false, "what the customer is told while a person checks the reply", messageTexts);
            holdingOutOfHours = Message(messages, "holdingOutOfHours", required: false, outOfHoursVariant: true, "the holding message for out of hours, with {next_opening}", messageTexts);
            foreach (var urgentText in new[] { urgent, urgentOutOfHours })
            {
                // The urgent message exists to give a number to call; without a digit it cannot hold one.
                if (urgentText is { } u && !u.Value.Any(char.IsAsciiDigit))
                {
                    file.Report(u.Line, "The urgent message has no phone number in it: it must give a helpline number (e.g. Samaritans, 116 123).");
                }
            }
            messages.ReportUnknownKeys();
        }

        var orderPattern = root.Text("orderNumberPattern", required: false, "a regular expression matching the firm's order numbers");
        if (orderPattern is { } pattern)
        {
            CheckPattern(file, pattern);
        }
        var reviewTarget = root.Integer("reviewTargetMinutes", 1, 1440);
        var superseded = ReadSuperseded(root);
        var regulatedCredit = ReadFlag(root, "offersRegulatedCredit");
        var retention = ReadRetention(root);
        var llm = FirmLlmYaml.Read(root);
        var llmBudget = LlmBudgetYaml.Read(root);
        var topicsClassifier = ReadTopicsClassifier(file, root);
        root.ReportUnknownKeys();

        var profile = new FirmProfile
        {
            TimeZone = timeZone ?? "",
            OpeningHours = hours,
            BankHolidays = holidays,
            AiDisclosure = disclosure?.Value ?? "",
            PrivacyNoticeUrl = privacy ?? "",
            OffersRegulatedCredit = regulatedCredit,
            Retention = retention,
            HandoffMessage = handoff?.Value ?? "",
            OutOfHoursMessage = outOfHours?.Value ?? "",
            UrgentMessage = urgent?.Value ?? "",
            UrgentOutOfHoursMessage = urgentOutOfHours?.Value,
            HoldingMessage = holding?.Value ?? "",
            HoldingOutOfHoursMessage = holdingOutOfHours?.Value,
            OrderNumberPattern = orderPattern?.Value,
            ReviewTargetMinutes = reviewTarget ?? 15,
            Llm = llm,
            LlmBudget = llmBudget,
            TopicsClassifier = topicsClassifier,
        };
        return new FirmFile(id?.Value ?? "", name?.Value ?? "", profile, superseded, messageTexts);
    }

    /// <summary>Reads one customer-facing message and checks its placeholders; shared with topics.yaml.</summary>
    public static Located<string>? Message(YamlMap map, string key, bool required, bool outOfHoursVariant, string expected, List<Located<string>> collected)
    {
        var message = map.Text(key, required, expected);
        if (message is not { } m)
        {
            return null;
        }
        collected.Add(m);
        var placeholders = Placeholder().Matches(m.Value).Select(x => x.Value).Distinct(StringComparer.Ordinal).ToList();
        foreach (var placeholder in placeholders.Where(p => p != "{next_opening}"))
        {
            map.File.Report(m.Line, $"'{key}'{map.Context} uses the unknown placeholder {placeholder}; the only placeholder is {{next_opening}}.");
        }
        if (outOfHoursVariant && !placeholders.Contains("{next_opening}"))
        {
            map.File.Report(m.Line, $"'{key}'{map.Context} must say when a person will reply: include {{next_opening}}, which is replaced with the next opening time.");
        }
        if (!outOfHoursVariant && placeholders.Contains("{next_opening}"))
        {
            map.File.Report(m.Line, $"'{key}'{map.Context} is said in opening hours, where there is no next opening time: {{next_opening}} belongs in the out-of-hours message.");
        }
        return m;
    }

    private static string? ReadTimeZone(YamlMap root)
    {
        var zone = root.Text("timezone", required: true, "an IANA time zone id such as Europe/London");
        if (zone is not { } z)
        {
            return null;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(z.Value, out var info))
        {
            root.File.Report(z.Line, $"'timezone' is '{z.Value}', which is not a known time zone: expected an IANA id such as Europe/London.");
            return null;
        }
        if (!info.HasIanaId)
        {
            // Windows ids resolve on some hosts and not others; the pack must mean the same everywhere.
            root.File.Report(z.Line, $"'timezone' is '{z.Value}', a Windows time zone name: use the IANA id instead (for example Europe/London).");
            return null;
        }
        return z.Value;
    }

    private static List<OpeningWindow> ReadOpeningHours(YamlMap root)
    {
        var windows = new List<OpeningWindow>();
        var hours = root.Map("openingHours", required: true, "a mapping from weekday (monday ... sunday) to hours such as 09:00-17:30, or closed");
        if (hours is null)
        {
            return windows;
        }
        foreach (var (day, name) in Days.Select((name, i) => ((DayOfWeek)((i + 1) % 7), name)))
        {
            var value = hours.Value(name);
            if (value is null)
            {
                continue;
            }
            IReadOnlyList<YamlNode> items = value is YamlSequenceNode list ? [.. list.Children] : [value];
            var dayWindows = new List<(OpeningWindow Window, int Line)>();
            foreach (var item in items)
            {
                if (item is not YamlScalarNode { Value: { } text })
                {
                    hours.File.Report(item, $"'{name}' in 'openingHours' must be hours such as 09:00-17:30, a list of them, or closed, but is {YamlFile.Describe(item)}.");
                    continue;
                }
                if (text.Trim().Equals("closed", StringComparison.OrdinalIgnoreCase))
                {
                    if (items.Count > 1)
                    {
                        hours.File.Report(item, $"'{name}' in 'openingHours' mixes 'closed' with opening hours; write one or the other.");
                    }
                    continue;
                }
                var window = ParseWindow(text);
                if (window is not { } w)
                {
                    hours.File.Report(item, $"'{name}' in 'openingHours' is '{text}': expected hours as HH:MM-HH:MM in 24-hour time (e.g. 09:00-17:30), or closed.");
                    continue;
                }
                if (w.Closes <= w.Opens)
                {
                    hours.File.Report(item, $"'{name}' in 'openingHours' closes at {Format(w.Closes)}, before it opens at {Format(w.Opens)}: the closing time must be later than the opening time.");
                    continue;
                }
                dayWindows.Add((new OpeningWindow(day, w.Opens, w.Closes), YamlFile.Line(item)));
            }
            var ordered = dayWindows.OrderBy(x => x.Window.Opens).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Window.Opens < ordered[i - 1].Window.Closes)
                {
                    hours.File.Report(ordered[i].Line, $"'{name}' in 'openingHours' has overlapping windows; list each period once.");
                }
            }
            windows.AddRange(dayWindows.Select(x => x.Window));
        }
        hours.ReportUnknownKeys();
        if (windows.Count == 0)
        {
            // The next-opening time would never come: a customer handed over would wait forever.
            root.File.Report(hours.Line, "'openingHours' has no open day: at least one weekday must have hours, or nobody could ever take over a conversation.");
        }
        return windows;
    }

    private static (TimeOnly Opens, TimeOnly Closes)? ParseWindow(string text)
    {
        var match = Window().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }
        var opens = ParseTime(match.Groups[1].Value);
        var closes = ParseTime(match.Groups[2].Value);
        return opens is { } o && closes is { } c ? (o, c) : null;
    }

    private static TimeOnly? ParseTime(string text)
    {
        if (text is "24:00")
        {
            return TimeOnly.MaxValue;
        }
        return TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static HashSet<DateOnly> ReadBankHolidays(YamlMap root)
    {
        var holidays = new HashSet<DateOnly>();
        var items = root.TextList("bankHolidays", required: false, "dates written YYYY-MM-DD");
        foreach (var item in items ?? [])
        {
            if (!DateOnly.TryParseExact(item.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                root.File.Report(item.Line, $"Bank holiday '{item.Value}' is not a date: expected YYYY-MM-DD (e.g. 2026-12-25).");
            }
            else if (!holidays.Add(date))
            {
                root.File.Report(item.Line, $"Bank holiday {item.Value} is listed twice.");
            }
        }
        return holidays;
    }

    private static string? ReadPrivacyUrl(YamlMap root)
    {
        // UK GDPR articles 13 and 14: the customer is told how their data is used before they give it.
        var url = root.Text("privacyNoticeUrl", required: true, "the web address of the firm's privacy notice, linked in the chat beside the AI disclosure");
        if (url is not { } u)
        {
            return null;
        }
        if (!Uri.TryCreate(u.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            root.File.Report(u.Line, $"'privacyNoticeUrl' is '{u.Value}': expected a full web address starting https://.");
            return null;
        }
        return u.Value;
    }

    /// <summary>snake_case like llm_budget: an installation-level setting the firm may override, not part of its profile's wording.</summary>
    private static TopicsClassifier ReadTopicsClassifier(YamlFile file, YamlMap root)
    {
        if (root.Text("topics_classifier", required: false, "linear or nearest") is not { } value)
        {
            return TopicsClassifierSetting.Default;
        }
        switch (value.Value)
        {
            case "linear":
                return TopicsClassifier.Linear;
            case "nearest":
                return TopicsClassifier.Nearest;
            default:
                file.Report(value.Line, $"Unknown topics_classifier '{value.Value}': expected linear (the classifier trained on the topics' examples) or nearest (the nearest example).");
                return TopicsClassifierSetting.Default;
        }
    }

    private static bool ReadFlag(YamlMap root, string key)
    {
        var value = root.Value(key);
        if (value is null)
        {
            return false;
        }
        if (value is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var flag))
        {
            return flag;
        }
        root.ReportWrongType(key, value, "true or false");
        return false;
    }

    private static Tandem.Rules.Privacy.RetentionPolicy ReadRetention(YamlMap root)
    {
        var defaults = Tandem.Rules.Privacy.RetentionPolicy.Default;
        var map = root.Map("retention", required: false, "a mapping from a data class (transcripts, drafts, auditPayloads, conversationEmbeddings, providerPayloadLogs) to a period such as 2 years");
        if (map is null)
        {
            return defaults;
        }
        Tandem.Rules.Privacy.RetentionPeriod Period(string key)
        {
            var text = map.Text(key, required: false, "a period such as 2 years, 18 months or 30 days");
            if (text is not { } t)
            {
                return defaults.For(key);
            }
            if (Tandem.Rules.Privacy.RetentionPeriod.Parse(t.Value) is { } period)
            {
                return period;
            }
            map.File.Report(t.Line, $"'{key}'{map.Context} is '{t.Value}': expected a period such as 2 years, 18 months or 30 days.");
            return defaults.For(key);
        }
        var policy = new Tandem.Rules.Privacy.RetentionPolicy(
            Period(Tandem.Rules.Privacy.DataClasses.Transcripts),
            Period(Tandem.Rules.Privacy.DataClasses.Drafts),
            Period(Tandem.Rules.Privacy.DataClasses.AuditPayloads),
            Period(Tandem.Rules.Privacy.DataClasses.ConversationEmbeddings),
            Period(Tandem.Rules.Privacy.DataClasses.ProviderPayloadLogs));
        map.ReportUnknownKeys();
        return policy;
    }

    private static void CheckPattern(YamlFile file, Located<string> pattern)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            file.Report(pattern.Line, $"'orderNumberPattern' is not a valid regular expression: {e.Message}");
            return;
        }
        // A pattern that matches nothing at all would find an "order number" in every message.
        if (regex.IsMatch(""))
        {
            file.Report(pattern.Line, "'orderNumberPattern' matches empty text, so it would match every message: expected a pattern for the order number itself (e.g. HH-\\d{4}-\\d{6}).");
        }
    }

    private static List<Supersession> ReadSuperseded(YamlMap root)
    {
        var result = new List<Supersession>();
        var map = root.Map("superseded", required: false, "a mapping from an old knowledge file to the file that replaces it");
        if (map is null)
        {
            return result;
        }
        foreach (var (key, value) in map.Entries)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } old })
            {
                root.File.Report(key, "Each key in 'superseded' must be a knowledge file name.");
                continue;
            }
            if (value is not YamlScalarNode { Value: { Length: > 0 } replacement } || YamlFile.IsNull(value))
            {
                root.File.Report(value, $"'{old}' in 'superseded' must name the knowledge file that replaces it, but is {YamlFile.Describe(value)}.");
                continue;
            }
            result.Add(new Supersession(old.Trim(), replacement.Trim(), YamlFile.Line(key)));
        }
        return result;
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    // Accepts the en dash too: admins copy hours from policy documents that use it.
    [GeneratedRegex(@"^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$")]
    private static partial Regex Window();

    [GeneratedRegex(@"\{[^{}\s]*\}")]
    private static partial Regex Placeholder();
}
