using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Tandem.Data;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Privacy;

namespace Tandem.Server.Cli;

/// <summary>`./tandem privacy datamap`: the DPIA facts for a firm, read from the database and pack `serve` uses.</summary>
internal static class PrivacyDataMapCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command DataMapCommand(TimeProvider? clock = null)
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for Tandem's data (the SQLite database). Default: ./.tandem",
            DefaultValueFactory = _ => ".tandem",
        };
        var firmOption = new Option<string?>("--firm") { Description = "The firm's id. Default: the only firm in the database." };
        var jsonOption = new Option<bool>("--json") { Description = "End with one line of JSON for scripts." };
        var command = new Command("datamap", "Show what personal data Tandem stores for a firm, where each is processed (this server, the LLM provider, connectors), retention, and each topic's human involvement: the facts a DPIA needs.")
        {
            dataDir, firmOption, jsonOption,
        };
        command.SetAction(async (result, ct) =>
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var options = configuration.GetSection(TandemOptions.Section).Get<TandemOptions>() ?? new TandemOptions();
            options.DataDir = Path.GetFullPath(result.GetValue(dataDir)!);
            await using var db = CliDatabase.Open(options);
            if (db is null || await CliDatabase.ChooseFirmAsync(db, result.GetValue(firmOption), ct) is not { } firm)
            {
                return 2;
            }
            var loaded = FirmPackLoader.Load(firm.PackPath);
            if (loaded.Pack is null || !loaded.Ok)
            {
                Console.Error.WriteLine($"The firm pack at {firm.PackPath} does not load; run `./tandem firm validate {firm.PackPath}`.");
                return 2;
            }
            var report = await new DataMap(Options.Create(options), configuration, clock ?? TimeProvider.System).BuildAsync(db, loaded.Pack, ct);
            Print(report);
            if (result.GetValue(jsonOption))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
            }
            return 0;
        });
        return command;
    }

    private static void Print(DataMapReport report)
    {
        AnsiConsole.MarkupLine(Markup.Escape($"Data map of {report.FirmName} ({report.Firm}); privacy notice: {report.PrivacyNoticeUrl}"));
        var categories = new Table().Title("Personal data stored").AddColumns("Category", "Examples", "Stored in", "Special category", "Retention", "Processed by");
        foreach (var c in report.Categories)
        {
            categories.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Examples), Markup.Escape(string.Join(", ", c.StoredIn)),
                c.SpecialCategory ? "[red]yes (health)[/]" : "no", Markup.Escape(c.Retention), Markup.Escape(string.Join(", ", c.ProcessedBy)));
        }
        AnsiConsole.Write(categories);
        var processors = new Table().Title("Where it is processed").AddColumns("Id", "Processor", "Host", "Region", "May train on data", "Receives");
        foreach (var p in report.Processors)
        {
            processors.AddRow(Markup.Escape(p.Id), Markup.Escape(p.Name), Markup.Escape(p.Host ?? "-"), Markup.Escape(p.Region ?? "-"),
                p.TrainsOnData switch { true => "[red]yes[/]", false => "no", null => "[yellow]not stated[/]" }, Markup.Escape(p.Receives));
        }
        AnsiConsole.Write(processors);
        var retention = new Table().Title("Retention").AddColumns("Data class", "Kept for");
        foreach (var (dataClass, period) in report.Retention)
        {
            retention.AddRow(Markup.Escape(dataClass), Markup.Escape(period));
        }
        AnsiConsole.Write(retention);
        var topics = new Table().Title("Human involvement per topic").AddColumns("Topic", "Mode", "Human involvement", "Never autonomous");
        foreach (var t in report.Topics)
        {
            topics.AddRow(Markup.Escape(t.Topic), t.Mode, Markup.Escape(t.HumanInvolvement), t.NeverAutonomous ? "yes" : "no");
        }
        AnsiConsole.Write(topics);
    }
}
