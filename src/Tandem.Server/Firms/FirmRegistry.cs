using System.Collections.Concurrent;
using Tandem.Rules.Hours;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding;

namespace Tandem.Server.Firms;

/// <summary>A firm pack made ready for the pipeline: its hours, knowledge index and understanding models.</summary>
/// <param name="knowledge">The index built from the knowledge store; null: built from the pack's files (tests and tools without a database).</param>
/// <param name="vectorCache">Where the topic anchors' vectors are kept between starts; null: embedded every time.</param>
/// <param name="heads">The signal heads to understand with; null: those built into the server (`eval routing --encoder` passes others).</param>
internal sealed class LoadedFirm(FirmPack pack, ITextEmbedder embedder, KnowledgeBase? knowledge = null, string? vectorCache = null, SignalHeads? heads = null)
{
    private KnowledgeBase _knowledge = knowledge ?? new KnowledgeBase(pack, embedder);

    public ITextEmbedder Embedder { get; } = embedder;
    public FirmPack Pack { get; } = pack;
    public BusinessHours Hours { get; } = new(pack.Profile.OpeningHours, pack.Profile.BankHolidays,
        TimeZoneInfo.FindSystemTimeZoneById(pack.Profile.TimeZone));

    /// <summary>The current index. A turn reads it once, so a swap never changes the index under a turn in flight.</summary>
    public KnowledgeBase Knowledge => Volatile.Read(ref _knowledge);

    public Understander Understander { get; } = new(pack, embedder, vectorCache, heads);

    /// <summary>Imports for this firm run one at a time, so indexes are swapped in the order their rows were written.</summary>
    public SemaphoreSlim ImportLock { get; } = new(1, 1);

    public void Swap(KnowledgeBase knowledge) => Volatile.Write(ref _knowledge, knowledge);
}

/// <summary>The firms this node serves, by id. Filled at start-up from the configured packs.</summary>
internal sealed class FirmRegistry
{
    private readonly ConcurrentDictionary<string, LoadedFirm> _firms = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LoadedFirm> All => [.. _firms.Values];

    public LoadedFirm? Find(string? id) => id is not null && _firms.TryGetValue(id, out var firm) ? firm : null;

    public void Register(LoadedFirm firm) => _firms[firm.Pack.Id] = firm;
}
