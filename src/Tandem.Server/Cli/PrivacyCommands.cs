using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tandem.Data;
using Tandem.Data.Privacy;
using Tandem.Server.Audit;
using Tandem.Server.Hosting;
using Tandem.Server.Privacy;

namespace Tandem.Server.Cli;

/// <summary>`./tandem privacy export|erase`: answer a subject access or erasure request from the command line.</summary>
internal static class PrivacyCommands
{
    private const string CliActor = "cli";

    private static readonly JsonSerializerOptions Indented = new(AuditLog.Json) { WriteIndented = true };

    public static Command Create(TimeProvider? clock = null)
    {
        var privacy = new Command("privacy", "Answer data-subject requests: export everything held about a person, or erase them.");
        privacy.Subcommands.Add(ExportCommand(clock ?? TimeProvider.System));
        privacy.Subcommands.Add(EraseCommand(clock ?? TimeProvider.System));
        return privacy;
    }

    private static Option<string> DataDir() => new("--data-dir") { Description = "Directory for Tandem's data (the SQLite database). Default: ./.tandem", DefaultValueFactory = _ => ".tandem" };

    private static Option<string> Firm() => new("--firm") { Description = "The firm's id.", Required = true };

    private static Option<string> Customer() => new("--customer") { Description = "The person: their customer id (C-10001) or e-mail address.", Required = true };

    private static Option<bool> Json() => new("--json") { Description = "End with one line of JSON for scripts." };

    private static Command ExportCommand(TimeProvider clock)
    {
        var dataDir = DataDir();
        var firm = Firm();
        var customer = Customer();
        var json = Json();
        var output = new Option<string>("--out") { Description = "The JSON file to write; the HTML summary is written beside it (same name, .html).", Required = true };
        var command = new Command("export", "Subject access: write everything held about a person as JSON and a printable HTML summary.") { firm, customer, output, dataDir, json };
        command.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(result.GetValue(dataDir)!, result.GetValue(firm)!, ct);
            if (db is null)
            {
                return 2;
            }
            var now = clock.GetUtcNow();
            var request = await PrivacyRequests.CreateAsync(db, result.GetValue(firm)!, PrivacyRequestKind.Access, result.GetValue(customer)!, CliActor, now, ct);
            var export = await PrivacyRequests.ExportAsync(db, request, CliActor, now, ct);
            var file = Path.GetFullPath(result.GetValue(output)!);
            var html = Path.ChangeExtension(file, ".html");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, export.ToJsonString(Indented), ct);
            await File.WriteAllTextAsync(html, SubjectAccessExport.Html(export), ct);

            var matches = export["matchedBecause"]!.AsArray();
            var table = new Table().AddColumns("Where", "Record", "Why");
            foreach (var m in matches)
            {
                table.AddRow(Markup.Escape(m!["store"]!.ToString()), Markup.Escape(m["record"]!.ToString()), Markup.Escape(m["why"]!.ToString()));
            }
            AnsiConsole.Write(table);
            var conversations = export["conversations"]!.AsArray().Count;
            var events = export["auditEvents"]!.AsArray().Count;
            Console.WriteLine(matches.Count == 0
                ? $"Nothing is held about {result.GetValue(customer)} in {result.GetValue(firm)}: the export says so. Wrote {file} and {html}."
                : $"Wrote {file} and {html}: {matches.Count} matched records, {conversations} conversations, {events} audit events. Request {request.Id}.");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { requestId = request.Id, file, html, matched = matches.Count, conversations, auditEvents = events }));
            }
            return 0;
        });
        return command;
    }

    private static Command EraseCommand(TimeProvider clock)
    {
        var dataDir = DataDir();
        var firm = Firm();
        var customer = Customer();
        var json = Json();
        var reason = new Option<string?>("--reason") { Description = "Why (e.g. the person's request of 3 March by e-mail): recorded in the certificate." };
        var yes = new Option<bool>("--yes") { Description = "Erase without asking. Without it, the plan is shown and an interactive terminal asks." };
        var certificateOut = new Option<string?>("--certificate") { Description = "The certificate's JSON file (the HTML beside it). Default: ./erasure-<id>.json" };
        var command = new Command("erase", "Erase a person everywhere Tandem stores them, except records under a legal hold; write an erasure certificate.")
        {
            firm, customer, reason, yes, certificateOut, dataDir, json,
        };
        command.SetAction(async (result, ct) =>
        {
            var firmId = result.GetValue(firm)!;
            await using var db = await OpenAsync(result.GetValue(dataDir)!, firmId, ct);
            if (db is null)
            {
                return 2;
            }
            var subject = await SubjectFinder.FindAsync(db, firmId, result.GetValue(customer)!, ct);
            var holds = await LegalHolds.FindAsync(db, firmId, subject.ConversationIds, subject.Keys, ct);
            var table = new Table().AddColumns("Where", "Record", "Why");
            foreach (var m in subject.Matches)
            {
                table.AddRow(Markup.Escape(m.Store), Markup.Escape(m.Record), Markup.Escape(m.Why));
            }
            AnsiConsole.Write(table);
            foreach (var h in holds)
            {
                Console.WriteLine($"kept: {h.Store} {h.RecordId} ({h.Basis}): {h.Reason}");
            }
            if (!result.GetValue(yes))
            {
                if (Console.IsInputRedirected || !AnsiConsole.Confirm($"Erase {subject.ConversationIds.Count} conversation(s) and the records above?", defaultValue: false))
                {
                    Console.WriteLine("Nothing erased. Pass --yes to erase.");
                    return 1;
                }
            }
            var certificate = await Erasure.RunAsync(db, subject, CliActor, result.GetValue(reason), null, clock.GetUtcNow(), ct);
            var file = Path.GetFullPath(result.GetValue(certificateOut) ?? $"erasure-{certificate.ErasureId}.json");
            var html = Path.ChangeExtension(file, ".html");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(certificate, Indented), ct);
            await File.WriteAllTextAsync(html, Erasure.Html(certificate), ct);
            foreach (var r in certificate.Removed)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removed: {r.Store}: {r.Count}"));
            }
            Console.WriteLine($"Erasure {certificate.ErasureId} done: {certificate.Kept.Count} record(s) kept under legal hold. Certificate: {file} and {html}.");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    erasureId = certificate.ErasureId,
                    requestId = certificate.RequestId,
                    certificate = file,
                    html,
                    removed = certificate.Removed.ToDictionary(r => r.Store, r => r.Count),
                    kept = certificate.Kept.Select(k => new { store = k.Store, record = k.Record, basis = k.Basis }),
                }));
            }
            return 0;
        });
        return command;
    }

    private static async Task<TandemDbContext?> OpenAsync(string dataDir, string firmId, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var options = configuration.GetSection(TandemOptions.Section).Get<TandemOptions>() ?? new TandemOptions();
        options.DataDir = Path.GetFullPath(dataDir);
        if (!options.IsPostgres() && !File.Exists(options.SqlitePath()))
        {
            Console.Error.WriteLine($"No Tandem database at {options.SqlitePath()}. Pass the --data-dir that `serve` used.");
            return null;
        }
        var db = new TandemDbContext(DatabaseServiceCollectionExtensions.CreateOptions(options));
        if (!await db.Firms.AnyAsync(f => f.Id == firmId, ct))
        {
            var known = await db.Firms.Select(f => f.Id).ToListAsync(ct);
            Console.Error.WriteLine($"No firm '{firmId}' in this database ({string.Join(", ", known)}).");
            await db.DisposeAsync();
            return null;
        }
        return db;
    }
}
