using Microsoft.Data.Sqlite;
using Tandem.Server.Cli;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Cli;

/// <summary>The `./tandem` verbs, run in process exactly as the script runs them.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class AuditVerifyReportsTheChain
{
    [Fact]
    public async Task ExitsZeroOnAnUntouchedLogAndOneNamingTheEventAfterTampering()
    {
        var dataDir = TestPaths.NewTempDir("tandem-cli");
        await using (var host = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir))
        {
            var conversation = await host.StartConversationAsync();
            await conversation.SayAsync("Do you sell gift cards?");
        }
        Assert.Equal(0, await TandemCli.RunAsync(["audit", "verify", "--data-dir", dataDir]));

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "tandem.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_events SET Actor = 'someone else' WHERE Sequence = 3";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(1, await TandemCli.RunAsync(["audit", "verify", "--data-dir", dataDir]));
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Contains("event 3", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExitsTwoWhenThereIsNoDatabase()
    {
        var empty = TestPaths.NewTempDir("tandem-cli-empty");
        Assert.Equal(2, await TandemCli.RunAsync(["audit", "verify", "--data-dir", empty]));
    }
}

public sealed class FirmValidateExitsNonZeroOnProblems
{
    [Fact]
    public async Task TheReferenceFirmIsValid()
    {
        Assert.Equal(0, await TandemCli.RunAsync(["firm", "validate", TestPaths.ReferenceFirm]));
    }

    [Fact]
    public async Task AFolderThatIsNotAPackIsNot()
    {
        var folder = TestPaths.NewTempDir("tandem-notapack");
        await File.WriteAllTextAsync(Path.Combine(folder, "firm.yaml"), "id: [broken\n");
        Assert.Equal(1, await TandemCli.RunAsync(["firm", "validate", folder]));
    }
}
