using System.Text.Json;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Api;

public sealed class TheOpenApiDocumentDescribesApiV1
{
    [Fact]
    public async Task WithEveryContractRoute()
    {
        await using var host = await TandemHost.StartAsync(Store.Sqlite);
        using var client = host.Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/health",
            "/api/v1/conversations",
            "/api/v1/conversations/{id}/messages",
            "/api/v1/conversations/{id}/turns",
            "/api/v1/conversations/{id}/handoff",
            "/api/v1/inbox",
            "/api/v1/drafts/{draftId}/approve",
            "/api/v1/drafts/{draftId}/edit",
            "/api/v1/drafts/{draftId}/reject",
            "/api/v1/conversations/{id}/takeover",
            "/api/v1/conversations/{id}/reply",
            "/api/v1/conversations/{id}/resolve",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
    }
}
