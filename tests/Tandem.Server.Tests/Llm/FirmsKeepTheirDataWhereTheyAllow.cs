using Tandem.Server.Firms;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Llm;

/// <summary>
/// firm.yaml's llm section: a firm that lists allowed provider hosts stops Tandem from starting with
/// an endpoint elsewhere, and `firm validate` reports a provider chosen without saying whether it
/// trains on the firm's data.
/// </summary>
public sealed class FirmsKeepTheirDataWhereTheyAllow
{
    private static string PackWith(string llmSection)
    {
        var pack = TestPaths.CopyOfReferenceFirm();
        File.AppendAllText(Path.Combine(pack, "firm.yaml"), "\n" + llmSection);
        return pack;
    }

    [Fact]
    public async Task TandemRefusesToStartWhenTheEndpointIsNotAnAllowedHost()
    {
        var pack = PackWith("""
            llm:
              allowed_hosts: [api.openai.com]
              region: EU (Ireland)
              provider_trains_on_data: false
            """);
        await using var stub = ProviderStub.Start(Wire.OpenAi, new StubReply.Text(LlmTestKit.DeliveryAnswer));
        var settings = stub.Settings();
        settings["Tandem:Firms:0"] = pack;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TandemHost.StartAsync(Store.Sqlite, settings: settings));

        var message = error.ToString();
        Assert.Contains("Firm 'harbour-home'", message, StringComparison.Ordinal);
        Assert.Contains("host '127.0.0.1'", message, StringComparison.Ordinal);
        Assert.Contains("api.openai.com", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLlmSectionIsReadWithItsResidencySettings()
    {
        var pack = PackWith("""
            llm:
              provider: openai
              endpoint: https://api.openai.com/v1
              model: gpt-4.1-mini
              allowed_hosts: [api.openai.com]
              region: EU (Ireland)
              provider_trains_on_data: false
            """);

        var result = FirmPackLoader.Load(pack);

        Assert.True(result.Ok, string.Join("\n", result.Problems));
        var llm = result.Pack!.Profile.Llm;
        Assert.Equal("openai", llm.Provider);
        Assert.Equal(["api.openai.com"], llm.AllowedHosts);
        Assert.Equal("EU (Ireland)", llm.Region);
        Assert.False(llm.ProviderTrainsOnData);
    }

    [Fact]
    public void AProviderWithoutSayingWhetherItTrainsOnTheDataIsAProblem()
    {
        var pack = PackWith("""
            llm:
              provider: anthropic
              model: claude-sonnet-4-5
              endpoint: https://api.anthropic.com
              allowed_hosts: [api.openai.com]
            """);

        var result = FirmPackLoader.Load(pack);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p.ToString().Contains("provider_trains_on_data", StringComparison.Ordinal) && p.ToString().Contains("firm.yaml", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.ToString().Contains("'api.anthropic.com', which 'allowed_hosts' does not list", StringComparison.Ordinal));
    }
}
