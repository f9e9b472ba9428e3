using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;
using static Tandem.Server.Tests.Privacy.PrivacyTestKit;

namespace Tandem.Server.Tests.Privacy;

/// <summary>`./tandem privacy export|erase` and `audit verify` after an erasure, run in process as the script runs them.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class PrivacyCommandsExportEraseAndVerify
{
    [Fact]
    public async Task ExportWritesJsonAndHtmlEraseWritesTheCertificateAndVerifyNamesTheErasure()
    {
        var dataDir = TestPaths.NewTempDir("tandem-privacy-cli");
        var outDir = TestPaths.NewTempDir("tandem-privacy-out");
        Person person;
        await using (var host = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir, settings: Settings))
        {
            person = await PersonAsync(host);
            var conversation = await SignedInAsync(host, person.CustomerId);
            await conversation.SayAsync($"Hi, it's {person.Name}. Is {person.Order} still coming this week?");
        }

        var exportFile = Path.Combine(outDir, "sar.json");
        var (exportExit, exportOutput) = await ConsoleOutput.RunAsync("privacy", "export", "--firm", Firm, "--customer", person.CustomerId, "--out", exportFile, "--data-dir", dataDir, "--json");
        Assert.Equal(0, exportExit);
        var exported = ConsoleOutput.LastLineAsJson(exportOutput);
        Assert.Equal(1, exported.GetProperty("conversations").GetInt32());
        Assert.Contains(person.Name, await File.ReadAllTextAsync(exportFile), StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>", await File.ReadAllTextAsync(Path.Combine(outDir, "sar.html")), StringComparison.Ordinal);

        var certificateFile = Path.Combine(outDir, "certificate.json");
        var (eraseExit, eraseOutput) = await ConsoleOutput.RunAsync("privacy", "erase", "--firm", Firm, "--customer", person.Email,
            "--reason", "Asked by phone on 24 November", "--yes", "--certificate", certificateFile, "--data-dir", dataDir, "--json");
        Assert.Equal(0, eraseExit);
        var erased = ConsoleOutput.LastLineAsJson(eraseOutput);
        var erasureId = erased.GetProperty("erasureId").GetString()!;
        Assert.Equal(1, erased.GetProperty("removed").GetProperty("conversations").GetInt32());
        using (var certificate = JsonDocument.Parse(await File.ReadAllTextAsync(certificateFile)))
        {
            Assert.Equal(erasureId, certificate.RootElement.GetProperty("erasureId").GetString());
            Assert.Equal("Asked by phone on 24 November", certificate.RootElement.GetProperty("reason").GetString());
            Assert.Equal("sqlite", certificate.RootElement.GetProperty("secureDeletion").GetProperty("database").GetString());
        }
        Assert.Contains(erasureId, await File.ReadAllTextAsync(Path.Combine(outDir, "certificate.html")), StringComparison.Ordinal);

        var (verifyExit, verifyOutput) = await ConsoleOutput.RunAsync("audit", "verify", "--data-dir", dataDir);
        Assert.Equal(0, verifyExit);
        Assert.Matches($"intact; [0-9]+ events redacted by erasure {erasureId}", verifyOutput);
    }

    [Fact]
    public async Task AnUnknownFirmOrAMissingDatabaseExitsTwo()
    {
        var dataDir = TestPaths.NewTempDir("tandem-privacy-cli");
        await using (await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir))
        {
        }
        var (unknownFirm, _) = await ConsoleOutput.RunAsync("privacy", "erase", "--firm", "acme", "--customer", "C-10001", "--yes", "--data-dir", dataDir);
        var (noDatabase, _) = await ConsoleOutput.RunAsync("privacy", "export", "--firm", Firm, "--customer", "C-10001", "--out", Path.Combine(dataDir, "x.json"),
            "--data-dir", TestPaths.NewTempDir("tandem-privacy-empty"));

        Assert.Equal(2, unknownFirm);
        Assert.Equal(2, noDatabase);
    }
}
