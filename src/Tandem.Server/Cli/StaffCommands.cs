using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Tandem.Data;
using Tandem.Data.Access;
using Tandem.Server.Access;
using Tandem.Server.Hosting;

namespace Tandem.Server.Cli;

/// <summary>
/// `./tandem staff add|list|reset-password`: the install-time way to create the first admin account, and
/// the way back in when every admin is locked out. Passwords come from stdin (or a hidden prompt), never
/// from the command line, where they would sit in the shell history and the process list.
/// </summary>
internal static class StaffCommands
{
    private static readonly StaffActor Cli = new("cli", "*");

    public static Command Create(TimeProvider? clock = null, TextReader? stdin = null)
    {
        var staff = new Command("staff", "Staff accounts that sign in to the console with an e-mail and a password.");
        staff.Subcommands.Add(AddCommand(clock, stdin));
        staff.Subcommands.Add(ListCommand(clock));
        staff.Subcommands.Add(ResetPasswordCommand(clock, stdin));
        return staff;
    }

    private static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Directory for Tandem's data (the SQLite database). Default: ./.tandem",
        DefaultValueFactory = _ => ".tandem",
    };

    private static Option<bool> Json() => new("--json") { Description = "End with one line of JSON for scripts." };

    private static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password from the first line of standard input." };

    private static Command AddCommand(TimeProvider? clock, TextReader? stdin)
    {
        var dataDir = DataDir();
        var firm = new Option<string?>("--firm") { Description = "The firm the person works for (its id). Leave out for installation-wide staff, who see every firm." };
        var email = new Option<string>("--email") { Description = "The person's work e-mail address; they sign in with it.", Required = true };
        var role = new Option<string>("--role") { Description = "admin, agent or viewer.", Required = true };
        var name = new Option<string?>("--name") { Description = "The first name customers see when this person joins a chat. Default: from the e-mail address." };
        var passwordStdin = PasswordStdin();
        var json = Json();
        var command = new Command("add", "Add a staff account (at least 12 characters of password; a passphrase is best).")
        {
            dataDir, firm, email, role, name, passwordStdin, json,
        };
        command.SetAction(async (result, ct) =>
        {
            var password = ReadPassword(result.GetValue(passwordStdin), stdin, "Password for the new account");
            if (password is null)
            {
                return 2;
            }
            await using var db = await OpenAsync(result.GetValue(dataDir)!, ct);
            var directory = Directory(db, clock);
            var added = await directory.AddAsync(Cli, new AddStaffRequest(result.GetValue(email), result.GetValue(role), result.GetValue(firm), result.GetValue(name), password), ct);
            if (!added.Ok)
            {
                var hint = added.Title == "firm not found" ? " Start `./tandem serve --firm PATH` once so the firm is loaded, or leave out --firm." : "";
                Console.Error.WriteLine($"{added.Title}: {added.Detail}{hint}");
                return added.Status == 409 ? 1 : 2;
            }
            var account = added.Value!;
            AnsiConsole.MarkupLine($"[green]Added[/] {Markup.Escape(account.Email)} as {account.Role} of {Markup.Escape(account.Firm ?? "every firm")}. They sign in at /signin.");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { id = account.Id, email = account.Email, role = account.Role, firm = account.Firm, name = account.DisplayName }));
            }
            return 0;
        });
        return command;
    }

    private static Command ListCommand(TimeProvider? clock)
    {
        var dataDir = DataDir();
        var firm = new Option<string?>("--firm") { Description = "Only this firm's staff." };
        var json = Json();
        var command = new Command("list", "List staff accounts: e-mail, name, role, firm, last sign-in, disabled or locked.") { dataDir, firm, json };
        command.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(result.GetValue(dataDir)!, ct);
            var accounts = await Directory(db, clock).ListAsync(Cli, result.GetValue(firm), ct);
            var table = new Table().AddColumns("E-mail", "Name", "Role", "Firm", "Last sign-in", "State");
            foreach (var a in accounts)
            {
                table.AddRow(Markup.Escape(a.Email), Markup.Escape(a.DisplayName), a.Role, Markup.Escape(a.Firm ?? "(all firms)"),
                    a.LastSignInAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never",
                    a.Disabled ? "disabled" : a.LockedUntil is { } until ? $"locked until {until.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)}" : "active");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{accounts.Count} account(s).");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    staff = accounts.Select(a => new { id = a.Id, email = a.Email, name = a.DisplayName, role = a.Role, firm = a.Firm, disabled = a.Disabled, locked_until = a.LockedUntil, last_sign_in = a.LastSignInAt }),
                }));
            }
            return 0;
        });
        return command;
    }

    private static Command ResetPasswordCommand(TimeProvider? clock, TextReader? stdin)
    {
        var dataDir = DataDir();
        var email = new Option<string>("--email") { Description = "The account's e-mail address.", Required = true };
        var passwordStdin = PasswordStdin();
        var json = Json();
        var command = new Command("reset-password", "Set a new password for a staff account; it is unlocked and its open sessions end.") { dataDir, email, passwordStdin, json };
        command.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(result.GetValue(dataDir)!, ct);
            var directory = Directory(db, clock);
            var account = await directory.FindByEmailAsync(result.GetValue(email)!, ct);
            if (account is null)
            {
                Console.Error.WriteLine($"No staff account for {result.GetValue(email)}. `./tandem staff list` shows them.");
                return 2;
            }
            var password = ReadPassword(result.GetValue(passwordStdin), stdin, $"New password for {account.Email}");
            if (password is null)
            {
                return 2;
            }
            var reset = await directory.ResetPasswordAsync(Cli, account.Id, password, ct);
            if (!reset.Ok)
            {
                Console.Error.WriteLine($"{reset.Title}: {reset.Detail}");
                return 2;
            }
            AnsiConsole.MarkupLine($"[green]Password reset[/] for {Markup.Escape(account.Email!)}; the account is unlocked.");
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { id = account.Id, email = account.Email, reset = true }));
            }
            return 0;
        });
        return command;
    }

    private static string? ReadPassword(bool fromStdin, TextReader? stdin, string prompt)
    {
        if (fromStdin || stdin is not null || Console.IsInputRedirected)
        {
            var line = (stdin ?? Console.In).ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                Console.Error.WriteLine("No password on standard input: pipe it in, e.g. `printf '%s\\n' \"$PW\" | ./tandem staff add ... --password-stdin`.");
                return null;
            }
            return line;
        }
        var first = AnsiConsole.Prompt(new TextPrompt<string>(prompt + ":").Secret());
        var again = AnsiConsole.Prompt(new TextPrompt<string>("Again, to be sure:").Secret());
        if (first != again)
        {
            Console.Error.WriteLine("The two passwords differ; nothing was changed.");
            return null;
        }
        return first;
    }

    /// <summary>Opens (and, before the first `serve`, creates) the database, so the first admin can be made at install time.</summary>
    private static async Task<TandemDbContext> OpenAsync(string dataDir, CancellationToken ct)
    {
        var options = TandemCli.LoadOptions(dataDir);
        if (!options.IsPostgres())
        {
            System.IO.Directory.CreateDirectory(Path.GetFullPath(options.DataDir));
        }
        var db = new TandemDbContext(DatabaseServiceCollectionExtensions.CreateOptions(options));
        await db.Database.MigrateAsync(ct);
        return db;
    }

    private static StaffDirectory Directory(TandemDbContext db, TimeProvider? clock) =>
        new(db, new PasswordHasher<StaffAccount>(), new UpperInvariantLookupNormalizer(), clock ?? TimeProvider.System, Options.Create(new AccessOptions()));
}
