using System.Collections.Concurrent;
using Tandem.Rules.Hours;
using Tandem.Server.Knowledge;
using Tandem.Server.Knowledge.Embeddings;
using Tandem.Server.Understanding;

namespace Tandem.Server.Firms;

/// <summary>A firm pack made ready for the pipeline: its hours, knowledge index and understanding models.</summary>
internal sealed class LoadedFirm(FirmPack pack, ITextEmbedder embedder)
{
    public ITextEmbedder Embedder { get; } = embedder;
    public FirmPack Pack { get; } = pack;
    public BusinessHours Hours { get; } = new(pack.Profile.OpeningHours, pack.Profile.BankHolidays,
        TimeZoneInfo.FindSystemTimeZoneById(pack.Profile.TimeZone));
    public KnowledgeBase Knowledge { get; } = new(pack, embedder);
    public Understander Understander { get; } = new(pack, embedder);
}

/// <summary>The firms this node serves, by id. Filled at start-up from the configured packs.</summary>
internal sealed class FirmRegistry
{
    private readonly ConcurrentDictionary<string, LoadedFirm> _firms = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LoadedFirm> All => [.. _firms.Values];

    public LoadedFirm? Find(string? id) => id is not null && _firms.TryGetValue(id, out var firm) ? firm : null;

    public void Register(LoadedFirm firm) => _firms[firm.Pack.Id] = firm;
}
