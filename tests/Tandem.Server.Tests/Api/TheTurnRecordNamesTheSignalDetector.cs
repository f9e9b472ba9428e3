using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Data;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

/// <summary>
/// An auditor reading a turn must be able to tell which detector raised (or did not raise) its
/// signals: the understand stage names the rules, the anchors and the exact trained heads by the
/// hash of their weights file, and a head's signal carries the customer's words as evidence.
/// </summary>
public abstract class TheTurnRecordNamesTheSignalDetector
{
    protected abstract Store Store { get; }

    [Fact]
    public async Task TheUnderstandStageRecordsTheDetectorVersionAndTheEvidence()
    {
        await using var host = await TandemHost.StartAsync(Store);
        var conversation = await host.StartConversationAsync();
        const string text = "my wife died last month and I can't face the sofa arriving, can I cancel it";
        var turn = await conversation.SayAsync(text);

        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var payload = await db.AuditEvents.Where(e => e.TurnId == turn.Id && e.Kind == "turn.understand").Select(e => e.Payload).SingleAsync();
        using var json = JsonDocument.Parse(payload);
        var detector = json.RootElement.GetProperty("input").GetProperty("signalDetector").GetString();
        Assert.NotNull(detector);
        // The rules, the anchors, the heads' file and the fine-tuned encoder's file, each by its hash.
        Assert.Matches(@"^rules\+anchors\+signal-heads/\d+\+sha256:[0-9a-f]{12}\+signal-encoder/1\+sha256:[0-9a-f]{12}$", detector);

        var signals = json.RootElement.GetProperty("output").GetProperty("signals").EnumerateArray().ToList();
        var vulnerability = Assert.Single(signals, s => s.GetProperty("kind").GetString() == "vulnerability");
        Assert.False(string.IsNullOrWhiteSpace(vulnerability.GetProperty("evidence").GetString()));
    }
}

public sealed class TheTurnRecordNamesTheSignalDetectorOnSqlite : TheTurnRecordNamesTheSignalDetector
{
    protected override Store Store => Store.Sqlite;
}

public sealed class TheTurnRecordNamesTheSignalDetectorOnPostgres : TheTurnRecordNamesTheSignalDetector
{
    protected override Store Store => Store.Postgres;
}
