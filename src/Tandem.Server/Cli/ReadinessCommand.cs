using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tandem.Data;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Insights;

namespace Tandem.Server.Cli;

/// <summary>`./tandem readiness`: each topic's autonomy readiness, read from the database `serve` uses.</summary>
internal static class ReadinessCommand
{
    public static Command Create(TimeProvider? clock = null)
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for Tandem's data (the SQLite database). Default: ./.tandem",
            DefaultValueFactory = _ => ".tandem",
        };
        var firmOption = new Option<string?>("--firm") { Description = "The firm's id. Default: the only firm in the database." };
        var daysOption = new Option<int>("--days") { Description = "The window: the last 30 or 60 days.", DefaultValueFactory = _ => 60 };
        var jsonOption = new Option<bool>("--json") { Description = "End with one line of JSON for scripts." };
        var command = new Command("readiness", "Show, per topic, whether it may become autonomous: reviewed drafts, overrides, rate, 95% Wilson upper bound, complaint rates and the reasons.")
        {
            dataDir, firmOption, daysOption, jsonOption,
        };
        command.SetAction(async (result, ct) =>
        {
            var days = result.GetValue(daysOption);
            if (days is not (30 or 60))
            {
                Console.Error.WriteLine("--days must be 30 or 60.");
                return 2;
            }
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var options = configuration.GetSection(TandemOptions.Section).Get<TandemOptions>() ?? new TandemOptions();
            options.DataDir = Path.GetFullPath(result.GetValue(dataDir)!);
            var readiness = configuration.GetSection(ReadinessOptions.Section).Get<ReadinessOptions>() ?? new ReadinessOptions();
            await using var db = CliDatabase.Open(options);
            if (db is null || await CliDatabase.ChooseFirmAsync(db, result.GetValue(firmOption), ct) is not { } firm)
            {
                return 2;
            }
            // The never-autonomous list lives in the firm's pack; without it every topic is judged on its figures alone, and said so.
            var pack = File.Exists(Path.Combine(firm.PackPath, "policies.yaml")) ? FirmPackLoader.Load(firm.PackPath).Pack : null;
            if (pack is null)
            {
                Console.Error.WriteLine($"warning: could not read the firm pack at {firm.PackPath}; never-autonomous topics are not known.");
            }
            var report = await ReadinessReports.BuildAsync(db, firm.Id, pack is null ? [] : [.. pack.Topics.Select(t => t.Id)],
                pack?.Policy.NeverAutonomousTopics ?? new HashSet<string>(), readiness, days, (clock ?? TimeProvider.System).GetUtcNow(), ct);
            Print(report);
            if (result.GetValue(jsonOption))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    firm = report.Firm,
                    days = report.Days,
                    from = report.From,
                    to = report.To,
                    rule = new { minimum_reviewed = report.Rule.MinimumReviewed, target_override_rate = report.Rule.TargetOverrideRate, basis = report.Rule.Basis },
                    topics = report.Topics.Select(t => new
                    {
                        topic = t.Topic,
                        mode = t.Mode,
                        eligible = t.Eligible,
                        reviewed = t.Reviewed,
                        overrides = t.Overrides,
                        override_rate = t.OverrideRate,
                        override_upper_95 = t.OverrideUpper95,
                        critical_overrides = t.CriticalOverrides,
                        ai_complaint_rate = t.AiComplaintRate,
                        human_complaint_rate = t.HumanComplaintRate,
                        reasons = t.Reasons.Select(r => r.Code),
                    }),
                }));
            }
            return 0;
        });
        return command;
    }

    private static void Print(ReadinessReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(inv,
            $"Readiness of {report.Firm} over the last {report.Days} days ({report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}); rule: at least {report.Rule.MinimumReviewed} reviewed, {report.Rule.Basis} under {report.Rule.TargetOverrideRate:0.#%}.")));
        var table = new Table().AddColumns("Topic", "Mode", "Eligible", "Reviewed", "Overrides", "Rate", "Wilson 95% upper", "Complaints AI / human", "Reasons");
        foreach (var t in report.Topics)
        {
            table.AddRow(
                Markup.Escape(t.Topic),
                t.Mode,
                t.Eligible ? "[green]yes[/]" : "[red]no[/]",
                t.Reviewed.ToString(inv),
                t.Overrides.ToString(inv),
                t.OverrideRate.ToString("0.0%", inv),
                t.OverrideUpper95.ToString("0.0%", inv),
                $"{Percent(t.AiComplaintRate)} / {Percent(t.HumanComplaintRate)}",
                Markup.Escape(string.Join(" ", t.Reasons.Select(r => r.Sentence))));
        }
        AnsiConsole.Write(table);
    }

    private static string Percent(double? rate) => rate is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "-";
}
