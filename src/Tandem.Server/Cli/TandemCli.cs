using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tandem.Data;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;

namespace Tandem.Server.Cli;

/// <summary>The `./tandem` command line. `serve` runs the web application; the other verbs work on the same data directory.</summary>
internal static class TandemCli
{
    private static readonly string[] Verbs = ["serve", "firm", "audit", "eval", "train", "readiness", "knowledge", "staff", "privacy", "--help", "-h", "-?", "--version"];

    /// <summary>A verb comes through the CLI; anything else (WebApplicationFactory, `dotnet run`) is the server itself.</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Tandem: self-hosted AI customer support that answers from your documents, hands risky or uncertain conversations to people, and audits every step.");
        root.Subcommands.Add(ServeCommand());
        root.Subcommands.Add(FirmCommand());
        root.Subcommands.Add(AuditCommand());
        var eval = EvalCommands.EvalCommand();
        eval.Subcommands.Add(SignalEvalCommands.SignalEvalCommand());
        eval.Subcommands.Add(RetrievalEval.RetrievalEvalCommand());
        eval.Subcommands.Add(RetrievalEval.TauKnowledgeEvalCommand());
        eval.Subcommands.Add(AnswerabilityEval.Create());
        eval.Subcommands.Add(TauRetailEval.Create());
        eval.Subcommands.Add(IntentEval.IntentsCommand());
        eval.Subcommands.Add(IntentEval.OosCommand());
        eval.Subcommands.Add(FirmTopicsEvalCommand.Create());
        root.Subcommands.Add(eval);
        root.Subcommands.Add(SignalTrainCommands.TrainCommand());
        root.Subcommands.Add(ReadinessCommand.Create());
        root.Subcommands.Add(KnowledgeCommands.Create());
        root.Subcommands.Add(StaffCommands.Create());
        var privacy = PrivacyCommands.Create();
        privacy.Subcommands.Add(PrivacyDataMapCommand.DataMapCommand());
        root.Subcommands.Add(privacy);
        return await root.Parse(args).InvokeAsync();
    }

    private static Option<string> DataDirOption() => new("--data-dir")
    {
        Description = "Directory for Tandem's data (the SQLite database). Default: ./.tandem",
        DefaultValueFactory = _ => ".tandem",
    };

    private static Command ServeCommand()
    {
        var dataDir = DataDirOption();
        var urls = new Option<string>("--urls") { Description = "Address to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var firms = new Option<string[]>("--firm") { Description = "Firm pack folder to load (repeatable). Default: samples/firms/harbour-home.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("serve", "Run Tandem: the API, the customer widget, the agent inbox, and the turn pipeline.") { dataDir, urls, firms };
        command.SetAction(async (result, ct) =>
        {
            var serverArgs = new List<string>
            {
                $"--urls={result.GetValue(urls)}",
                $"--Tandem:DataDir={Path.GetFullPath(result.GetValue(dataDir)!)}",
            };
            var packs = result.GetValue(firms) ?? [];
            for (var i = 0; i < packs.Length; i++)
            {
                serverArgs.Add($"--Tandem:Firms:{i}={Path.GetFullPath(packs[i])}");
            }
            var app = TandemApp.Build([.. serverArgs]);
            app.Lifetime.ApplicationStarted.Register(() =>
                Console.WriteLine($"Tandem is running on {result.GetValue(urls)} (data: {Path.GetFullPath(result.GetValue(dataDir)!)}). Ctrl+C stops it."));
            await app.RunAsync();
            return 0;
        });
        return command;
    }

    private static Command FirmCommand()
    {
        var path = new Argument<string>("PATH") { Description = "The firm pack folder." };
        var validate = new Command("validate", "Check a firm pack and list every problem with its file and line.") { path };
        validate.SetAction(result =>
        {
            var folder = Path.GetFullPath(result.GetValue(path)!);
            var loaded = FirmPackLoader.Load(folder);
            if (loaded.Problems.Count > 0)
            {
                var table = new Table().AddColumns("File", "Line", "Problem");
                foreach (var p in loaded.Problems)
                {
                    table.AddRow(Markup.Escape(p.File), p.Line > 0 ? p.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "", Markup.Escape(p.Message));
                }
                AnsiConsole.Write(table);
                // Plain lines too, for editors and CI logs that jump to file:line.
                foreach (var p in loaded.Problems)
                {
                    Console.Error.WriteLine($"{Path.Combine(folder, p.File)}{(p.Line > 0 ? $":{p.Line}" : "")}: {p.Message}");
                }
                AnsiConsole.MarkupLine($"[red]{loaded.Problems.Count} problem(s)[/] in {Markup.Escape(folder)}");
                return 1;
            }
            var pack = loaded.Pack!;
            AnsiConsole.MarkupLine($"[green]OK[/] {Markup.Escape(pack.Name)} ({Markup.Escape(pack.Id)}): {pack.Topics.Count} topics, {pack.Knowledge.Count} knowledge documents, {pack.Faq.Count} FAQ entries, version {pack.Hash[..12]}");
            return 0;
        });
        var firm = new Command("firm", "Work with firm packs.");
        firm.Subcommands.Add(validate);
        return firm;
    }

    private static Command AuditCommand()
    {
        var dataDir = DataDirOption();
        var verify = new Command("verify", "Recompute the audit log's hash chain and name the first broken event.") { dataDir };
        verify.SetAction(async (result, ct) =>
        {
            var options = LoadOptions(result.GetValue(dataDir)!);
            if (!options.IsPostgres() && !File.Exists(options.SqlitePath()))
            {
                Console.Error.WriteLine($"No Tandem database at {options.SqlitePath()}. Pass the --data-dir that `serve` used.");
                return 2;
            }
            await using var db = new TandemDbContext(DatabaseServiceCollectionExtensions.CreateOptions(options));
            var check = await AuditLog.VerifyAsync(db, ct);
            foreach (var (sequence, by) in check.Redacted)
            {
                Console.WriteLine($"event {sequence}: payload redacted by {by}");
            }
            // Redacted events keep their hashes: the chain is intact, and says which erasure removed what.
            var redactions = string.Join(", ", check.Redacted.GroupBy(r => r.RedactedBy)
                .Select(g => $"{g.Count()} events redacted by {(g.Key.StartsWith("ER-", StringComparison.Ordinal) ? "erasure " : "")}{g.Key}"));
            if (check.Intact)
            {
                Console.WriteLine(redactions.Length == 0
                    ? $"Audit chain intact: {check.Checked} events verified."
                    : $"Audit chain intact; {redactions} ({check.Checked} events verified).");
                return 0;
            }
            Console.WriteLine($"Audit chain broken at event {check.FirstBrokenSequence}: {check.Problem}");
            return 1;
        });
        var audit = new Command("audit", "Work with the audit log.");
        audit.Subcommands.Add(verify);
        return audit;
    }

    /// <summary>Options for the verbs that open the database: environment (Tandem__...) plus --data-dir.</summary>
    internal static TandemOptions LoadOptions(string dataDir)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var options = configuration.GetSection(TandemOptions.Section).Get<TandemOptions>() ?? new TandemOptions();
        options.DataDir = Path.GetFullPath(dataDir);
        return options;
    }
}
