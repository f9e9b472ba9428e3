using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Insights;

public sealed class TheInsightsAndAdminRoutesAreInTheOpenApiDocument
{
    [Fact]
    public async Task EachRouteIsDescribed()
    {
        await using var host = await TandemHost.StartAsync(Store.Sqlite);
        using var client = host.Client();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var (path, verb) in new[]
        {
            ("/api/v1/metrics", "get"),
            ("/api/v1/readiness", "get"),
            ("/api/v1/firms/{firm}/topics/{topic}/mode", "put"),
            ("/api/v1/firms/{firm}/kill-switch", "put"),
            ("/api/v1/firms/{firm}/channels/{channel}/kill-switch", "put"),
            ("/api/v1/firms/{firm}/controls", "get"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(verb);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), path);
        }
    }
}
