using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tandem.Data;

namespace Tandem.Server.Privacy;

/// <summary>
/// SQLite keeps deleted rows' bytes in free pages until they are reused; secure_delete makes it
/// overwrite them with zeros as they are freed. It is a per-connection setting, so every connection
/// Tandem opens sets it.
/// </summary>
internal sealed class SecureDeleteInterceptor : DbConnectionInterceptor
{
    public static readonly SecureDeleteInterceptor Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete=ON;";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete=ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>What compaction after an erasure did, for the certificate.</summary>
internal sealed record CompactionReport(string Database, IReadOnlyList<string> Steps, string Remains);

/// <summary>After an erasure: push the deletions out of the write-ahead log and rewrite the files, so the bytes are gone from disk.</summary>
internal static class SecureDeletion
{
    /// <summary>The tables an erasure changes: rewritten on PostgreSQL.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "messages", "turns", "drafts", "reviews", "handoffs", "procedure_runs", "action_calls", "conversations",
        "customers", "commerce_orders", "audit_events", "privacy_requests",
    ];

    public static async Task<CompactionReport> CompactAsync(TandemDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var steps = new List<string>();
        if (db.IsSqlite)
        {
            // Checkpoint first so the deletions reach the main file, VACUUM rewrites it without free
            // pages, and a last checkpoint truncates the WAL that VACUUM itself wrote.
            steps.Add(await CheckpointAsync(db, ct));
            await db.Database.ExecuteSqlRawAsync("VACUUM;", ct);
            steps.Add("VACUUM");
            steps.Add(await CheckpointAsync(db, ct));
            return new("sqlite", steps,
                "Nothing of the erased rows in tandem.db, tandem.db-wal or tandem.db-shm. Copies made before the erasure (backups, file-system snapshots) are outside Tandem and keep what they held until they expire.");
        }
        // VACUUM keeps a deleted row that another transaction's snapshot may still see, and copies it into the new files.
        steps.Add(await WaitForOlderTransactionsAsync(db, "the erasure", ct));
        foreach (var table in Tables)
        {
            // VACUUM cannot run in a transaction block; each statement runs on its own. FULL rewrites
            // the table, its TOAST table and indexes into new files and drops the old ones.
#pragma warning disable EF1002 // the table names are the constants above, never input
            await db.Database.ExecuteSqlRawAsync($"VACUUM (FULL) \"{table}\";", ct);
#pragma warning restore EF1002
            steps.Add($"VACUUM (FULL) {table}");
            // Column statistics keep sampled values (most common values, histogram bounds): sample again from what is left.
#pragma warning disable EF1002 // the table names are the constants above, never input
            await db.Database.ExecuteSqlRawAsync($"ANALYZE \"{table}\";", ct);
#pragma warning restore EF1002
        }
        steps.Add(await WaitForOlderTransactionsAsync(db, "the new statistics", ct));
        try
        {
            // The replaced statistics stay as dead rows of pg_statistic until it is vacuumed; only a superuser may.
            await db.Database.ExecuteSqlRawAsync("VACUUM (FULL) pg_catalog.pg_statistic;", ct);
            steps.Add("ANALYZE, VACUUM (FULL) pg_statistic");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42501")
        {
            steps.Add("ANALYZE (pg_statistic not rewritten: the database user is not a superuser; autovacuum clears its old rows)");
        }
        return new("postgres", steps,
            "The tables' files were rewritten without the erased rows. PostgreSQL's write-ahead log (pg_wal) still holds the changes until its segments are recycled after the next checkpoints, and WAL archives or replicas the firm runs keep theirs until they expire.");
    }

    /// <summary>
    /// Waits (up to <see cref="OlderTransactionsWait"/>) until no other session of this database has a
    /// transaction that began before now: a snapshot taken before the deletions makes VACUUM keep the rows
    /// as "recently dead". Autovacuum's ANALYZE and a turn worker's read are the usual ones, and end in
    /// milliseconds. Without pg_read_all_stats other users' sessions show no transaction, so they are not waited for.
    /// </summary>
    private static async Task<string> WaitForOlderTransactionsAsync(TandemDbContext db, string after, CancellationToken ct)
    {
        var since = await db.Database.SqlQueryRaw<DateTime>("SELECT clock_timestamp() AS \"Value\"").SingleAsync(ct);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var older = await db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                  AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL) AND xact_start < {since}
                """).SingleAsync(ct);
            if (older == 0)
            {
                return $"waited {waited.ElapsedMilliseconds} ms for transactions older than {after} to end";
            }
            if (waited.Elapsed >= OlderTransactionsWait)
            {
                return $"{older} transaction(s) older than {after} still open after {OlderTransactionsWait.TotalSeconds:0} s: rows they could see stay in the rewritten files until the next VACUUM";
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    private static readonly TimeSpan OlderTransactionsWait = TimeSpan.FromSeconds(30);

    private static async Task<string> CheckpointAsync(TandemDbContext db, CancellationToken ct)
    {
        // wal_checkpoint returns (busy, log pages, checkpointed pages); busy = 1 means a reader held it back.
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        try
        {
            var busy = true;
            // A turn worker reading at that instant holds the log back; it finishes within milliseconds, so try again briefly.
            for (var attempt = 0; attempt < 10 && busy; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
                }
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await using var reader = await command.ExecuteReaderAsync(ct);
                busy = await reader.ReadAsync(ct) && reader.GetInt64(0) != 0;
            }
            return busy ? "wal_checkpoint(TRUNCATE) (busy: a reader held part of the log back; the erased rows can stay in tandem.db-wal until the next full checkpoint)" : "wal_checkpoint(TRUNCATE)";
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
