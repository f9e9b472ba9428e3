using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Firms;
using Tandem.Server.Hosting;

namespace Tandem.Server.Cli;

/// <summary>What the verbs that read `serve`'s database share: opening it, and choosing the firm.</summary>
internal static class CliDatabase
{
    /// <summary>The database `serve` used with these options, or null after saying it is not there.</summary>
    public static TandemDbContext? Open(TandemOptions options)
    {
        if (!options.IsPostgres() && !File.Exists(options.SqlitePath()))
        {
            Console.Error.WriteLine($"No Tandem database at {options.SqlitePath()}. Pass the --data-dir that `serve` used.");
            return null;
        }
        return new TandemDbContext(DatabaseServiceCollectionExtensions.CreateOptions(options));
    }

    /// <summary>The firm named by --firm, or the only firm when none is named; null after saying which firms there are.</summary>
    public static async Task<Firm?> ChooseFirmAsync(TandemDbContext db, string? wanted, CancellationToken ct)
    {
        var firms = await db.Firms.AsNoTracking().OrderBy(f => f.Id).ToListAsync(ct);
        var firm = wanted is null ? (firms.Count == 1 ? firms[0] : null) : firms.FirstOrDefault(f => f.Id == wanted);
        if (firm is null)
        {
            Console.Error.WriteLine(wanted is null
                ? $"Name the firm with --firm ({string.Join(", ", firms.Select(f => f.Id))})."
                : $"No firm '{wanted}' in this database ({string.Join(", ", firms.Select(f => f.Id))}).");
        }
        return firm;
    }
}
