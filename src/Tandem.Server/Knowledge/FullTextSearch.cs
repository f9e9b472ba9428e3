using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;

namespace Tandem.Server.Knowledge;

/// <summary>One passage found by the database's full-text index; Score is the ranker's own (bm25 negated, or ts_rank_cd).</summary>
internal sealed class FullTextHit
{
    public long Id { get; set; }
    public double Score { get; set; }
}

/// <summary>
/// The database's own lexical index over stored passages: SQLite FTS5 ranked by bm25, PostgreSQL
/// full text (to_tsvector('english')) ranked by ts_rank_cd. Used by the admin knowledge search; the
/// turn keeps the in-process index, which measured better and faster (docs/adr/0005-lexical-retrieval.md).
/// </summary>
internal static partial class FullTextSearch
{
    /// <summary>At most this many query words: a pasted page would make a query slower, not better.</summary>
    private const int MaxTerms = 32;

    // EF Core cannot model an FTS5 virtual table, its triggers or an expression index, and a
    // migration may be regenerated when branches merge, which would silently drop hand-written SQL in
    // it. So the index is created here, idempotently, right after the migrations at every start.
    private const string SqliteSchema = """
        CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_fts USING fts5("TitlePath", "Text", content='knowledge_passages', content_rowid='Id', tokenize='porter unicode61');
        CREATE TRIGGER IF NOT EXISTS knowledge_fts_insert AFTER INSERT ON knowledge_passages BEGIN
          INSERT INTO knowledge_fts(rowid, "TitlePath", "Text") VALUES (new."Id", new."TitlePath", new."Text");
        END;
        CREATE TRIGGER IF NOT EXISTS knowledge_fts_delete AFTER DELETE ON knowledge_passages BEGIN
          INSERT INTO knowledge_fts(knowledge_fts, rowid, "TitlePath", "Text") VALUES ('delete', old."Id", old."TitlePath", old."Text");
        END;
        CREATE TRIGGER IF NOT EXISTS knowledge_fts_update AFTER UPDATE ON knowledge_passages BEGIN
          INSERT INTO knowledge_fts(knowledge_fts, rowid, "TitlePath", "Text") VALUES ('delete', old."Id", old."TitlePath", old."Text");
          INSERT INTO knowledge_fts(rowid, "TitlePath", "Text") VALUES (new."Id", new."TitlePath", new."Text");
        END;
        """;

    private const string PostgresSchema = """
        CREATE INDEX IF NOT EXISTS ix_knowledge_passages_fulltext ON knowledge_passages USING GIN (to_tsvector('english', "TitlePath" || ' ' || "Text"));
        """;

    private const string SqliteSearch = """
        SELECT p."Id" AS "Id", -bm25(knowledge_fts) AS "Score"
        FROM knowledge_fts
        JOIN knowledge_passages p ON p."Id" = knowledge_fts.rowid
        JOIN knowledge_sources s ON s."Id" = p."SourceId"
        WHERE knowledge_fts MATCH {0} AND p."FirmId" = {1} AND s."SupersededBy" IS NULL
        ORDER BY bm25(knowledge_fts)
        LIMIT {2}
        """;

    private const string PostgresSearch = """
        SELECT p."Id" AS "Id", ts_rank_cd(to_tsvector('english', p."TitlePath" || ' ' || p."Text"), q)::float8 AS "Score"
        FROM knowledge_passages p
        JOIN knowledge_sources s ON s."Id" = p."SourceId",
             websearch_to_tsquery('english', {0}) q
        WHERE to_tsvector('english', p."TitlePath" || ' ' || p."Text") @@ q AND p."FirmId" = {1} AND s."SupersededBy" IS NULL
        ORDER BY 2 DESC, 1
        LIMIT {2}
        """;

    public static async Task EnsureIndexAsync(TandemDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.IsSqlite)
        {
            var existed = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'knowledge_fts'").SingleAsync(ct) > 0;
            await db.Database.ExecuteSqlRawAsync(SqliteSchema, ct);
            if (!existed)
            {
                // Passages stored before the index existed are indexed once.
                await db.Database.ExecuteSqlRawAsync("INSERT INTO knowledge_fts(knowledge_fts) VALUES ('rebuild');", ct);
            }
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(PostgresSchema, ct);
        }
    }

    /// <summary>The firm's passages that match any word of the query, best first.</summary>
    public static async Task<IReadOnlyList<FullTextHit>> SearchAsync(TandemDbContext db, string firmId, string query, int top, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        var sql = db.IsSqlite ? SqliteSearch : PostgresSearch;
        var match = db.IsSqlite ? Fts5Query(terms) : PostgresQuery(terms);
        return await db.Database.SqlQueryRaw<FullTextHit>(sql, match, firmId, top).ToListAsync(ct);
    }

    /// <summary>
    /// Any of the words, each quoted so nothing a customer types is read as FTS5 syntax (AND, NEAR,
    /// column filters); bm25 then rewards the rare words, such as a product code, most.
    /// </summary>
    public static string Fts5Query(IReadOnlyList<string> terms) => string.Join(" OR ", terms.Select(t => $"\"{t}\""));

    /// <summary>websearch_to_tsquery ANDs bare words, which a question rarely satisfies; "or" between them asks for any.</summary>
    public static string PostgresQuery(IReadOnlyList<string> terms) => string.Join(" or ", terms);

    public static IReadOnlyList<string> Terms(string query) =>
        [.. Word().Matches(query ?? "").Select(m => m.Value.ToLowerInvariant()).Where(w => w != "or" && w != "and" && w != "not").Distinct(StringComparer.Ordinal).Take(MaxTerms)];

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}

/// <summary>
/// SQLite FTS5 over rows held in a private in-memory database, with the same tokenizer, query and
/// ranker as the stored index: what `./tandem eval retrieval --lexical fts5` measures against the
/// in-process index. bm25 is unbounded, so each result list is scaled by its best score into [0, 1].
/// </summary>
internal sealed class Fts5Ranker : ILexicalRanker, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public Fts5Ranker(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        _connection.Open();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE rows USING fts5(body, tokenize='porter unicode61');";
            create.ExecuteNonQuery();
        }
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO rows(rowid, body) VALUES ($row, $body);";
        var row = insert.Parameters.Add("$row", SqliteType.Integer);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        for (var i = 0; i < texts.Count; i++)
        {
            row.Value = i;
            body.Value = texts[i];
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public IReadOnlyList<(int Row, double Score)> Search(string query, int top)
    {
        var terms = FullTextSearch.Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT rowid, -bm25(rows) FROM rows WHERE rows MATCH $q ORDER BY bm25(rows) LIMIT $top;";
        command.Parameters.AddWithValue("$q", FullTextSearch.Fts5Query(terms));
        command.Parameters.AddWithValue("$top", top);
        var hits = new List<(int Row, double Score)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            hits.Add((reader.GetInt32(0), reader.GetDouble(1)));
        }
        var best = hits.Count > 0 ? hits[0].Score : 0;
        return best > 0 ? [.. hits.Select(h => (h.Row, h.Score / best))] : hits;
    }

    public void Dispose() => _connection.Dispose();
}
