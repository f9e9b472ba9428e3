using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Data.Firms;
using Tandem.Rules.Routing;
using Tandem.Server.Access;
using Tandem.Server.Audit;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Hosting;

/// <summary>
/// Runs before the server listens: applies migrations, makes sure an admin key exists, and loads the
/// configured firm packs. Registered first, so /health answers only once all of this is done.
/// </summary>
internal sealed class StartupTasks(
    IServiceScopeFactory scopes,
    IOptions<TandemOptions> options,
    FirmRegistry registry,
    DataDirLock dataDirLock,
    ITextEmbedder embedder,
    TimeProvider clock,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        if (db.IsSqlite)
        {
            Directory.CreateDirectory(Path.GetFullPath(options.Value.DataDir));
            dataDirLock.Acquire(Path.GetFullPath(options.Value.DataDir));
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (db.IsSqlite)
        {
            // WAL lets readers carry on while the pipeline writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            // This process holds the data directory alone, so any lease in it belongs to a process
            // that died (kill -9, power cut): release them now rather than wait for them to lapse.
            await db.Turns.Where(t => t.Status == TurnStatus.Pending && t.LeaseOwner != null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseOwner, (string?)null).SetProperty(t => t.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
        }
        await FullTextSearch.EnsureIndexAsync(db, cancellationToken);
        logger.LogInformation("Database ready in {Elapsed:0} ms", clock.GetElapsedTime(started).TotalMilliseconds);
        await ApiKeys.EnsureAdminKeyAsync(db, options.Value.Bootstrap.AdminApiKey, clock, Console.Out, cancellationToken);
        foreach (var path in FirmPaths(options.Value))
        {
            await LoadFirmAsync(db, path, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The configured packs, or the reference firm shipped in samples/ when none is configured.</summary>
    public static IEnumerable<string> FirmPaths(TandemOptions options)
    {
        if (options.Firms.Count > 0)
        {
            return options.Firms.Select(Path.GetFullPath);
        }
        var reference = RepositoryPaths.ReferenceFirm();
        return reference is null ? [] : [reference];
    }

    private async Task LoadFirmAsync(TandemDbContext db, string path, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var result = FirmPackLoader.Load(path);
        if (!result.Ok || result.Pack is null)
        {
            throw new InvalidOperationException(
                $"The firm pack at {path} has problems; fix them (or run `./tandem firm validate {path}`):{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Problems.Select(p => "  " + p)));
        }
        var pack = result.Pack;
        var now = clock.GetUtcNow();
        var firm = await db.Firms.FindAsync([pack.Id], ct);
        var policy = PolicySnapshot.Of(pack.Policy);
        if (firm is null)
        {
            db.Firms.Add(new Firm { Id = pack.Id, Name = pack.Name, PackPath = pack.RootPath, PackHash = pack.Hash, LoadedAt = now, PolicyJson = policy });
            db.AuditEvents.Add(AuditLog.Event("firm.imported", "system", now, new { pack.Id, pack.Name, pack.Hash, path = pack.RootPath }, firmId: pack.Id));
        }
        else if (firm.PackHash != pack.Hash)
        {
            db.AuditEvents.Add(AuditLog.Event("firm.updated", "system", now, new { pack.Id, before = firm.PackHash, after = pack.Hash }, firmId: pack.Id));
            firm.PackHash = pack.Hash;
            firm.PackPath = pack.RootPath;
            firm.Name = pack.Name;
            firm.LoadedAt = now;
        }
        if (firm is not null && firm.PolicyJson != policy)
        {
            // Policies change by editing the pack (reviewed like code); the change itself is an
            // audited admin action, with what the AI was held to before and after.
            db.AuditEvents.Add(AuditLog.Event("firm.policy_changed", "system", now,
                PolicySnapshot.Change(firm.PolicyJson, policy, pack.Hash), firmId: pack.Id));
            firm.PolicyJson = policy;
        }
        // A topic's mode comes from the pack when the topic is new; after that the database holds the
        // current mode, which admins change (audited) without editing the pack.
        var known = await db.TopicSettings.Where(t => t.FirmId == pack.Id).Select(t => t.TopicId).ToListAsync(ct);
        foreach (var topic in pack.Topics.Where(t => !known.Contains(t.Id)))
        {
            db.TopicSettings.Add(new TopicSetting { FirmId = pack.Id, TopicId = topic.Id, Name = topic.Name, Mode = topic.Mode.ToWire(), UpdatedAt = now });
        }
        // The built-in commerce connector's orders: added once, then changed only by actions.
        await Actions.Commerce.CommerceConnector.SeedAsync(db, pack, now, ct);
        await db.SaveChangesAsync(ct);
        var read = clock.GetElapsedTime(started);
        // Only new or changed files are embedded; the index is built from the stored vectors.
        await KnowledgeStore.SyncPackAsync(db, pack, embedder, clock, ct);
        var loaded = new LoadedFirm(pack, embedder, await KnowledgeStore.LoadAsync(db, pack.Id, embedder, ct), Path.Combine(Path.GetFullPath(options.Value.DataDir), "cache"));
        var indexed = clock.GetElapsedTime(started) - read;
        try
        {
            var warm = WarmUp(loaded, clock);
            logger.LogInformation("Firm {Firm}'s pipeline warmed up before its first turn: {Elapsed} ms", pack.Id,
                string.Join(" + ", warm.Select(ms => ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A customer's turn that fails the same way is retried and then handed to a person by the turn processor;
            // the firm still loads, so its inbox and admin work while someone looks.
            logger.LogError(e, "Firm {Firm}'s pipeline failed on a made-up message while warming up; its turns may fail the same way", pack.Id);
        }
        registry.Register(loaded);
        logger.LogInformation("Loaded firm {Firm} ({Topics} topics, {Passages} passages) from {Path}: pack read in {Read:0} ms, indexed and topic classifier ready in {Indexed:0} ms",
            pack.Id, pack.Topics.Count, loaded.Knowledge.Passages.Count, pack.RootPath, read.TotalMilliseconds, indexed.TotalMilliseconds);
        logger.LogInformation("Firm {Firm} decides topics by {TopicMethod} (version {ClassifierVersion})",
            pack.Id, loaded.Understander.TopicMethod, loaded.Understander.ClassifierVersion);
    }

    /// <summary>
    /// Runs the pipeline (pure: nothing stored, nothing sent) on two made-up messages before the firm takes turns. The
    /// first run of the models and the rules costs seconds (ONNX Runtime's first calls, the regexes' first matches, the
    /// code's first compilation), and the turns queued behind a customer's first message waited for all of it.
    /// </summary>
    /// <returns>Each message's milliseconds.</returns>
    internal static IReadOnlyList<double> WarmUp(LoadedFirm firm, TimeProvider clock)
    {
        var times = new List<double>();
        var modes = firm.Pack.Topics.ToDictionary(t => t.Id, t => t.Mode, StringComparer.Ordinal);
        // A routine question, and one that raises signals, whose evidence embeds the message's clauses.
        foreach (var text in (string[])["How much is delivery?", "This is the third time I've asked and I'm really not happy, can I speak to a person?"])
        {
            var started = clock.GetTimestamp();
            _ = Turns.TurnPipeline.Run(firm, new Turns.TurnContext
            {
                Text = text,
                Now = clock.GetUtcNow(),
                ConversationWithHuman = false,
                KillSwitch = false,
                Modes = modes,
                EarlierCustomerTexts = [],
                EarlierReasons = [],
            });
            times.Add(clock.GetElapsedTime(started).TotalMilliseconds);
        }
        return times;
    }
}
