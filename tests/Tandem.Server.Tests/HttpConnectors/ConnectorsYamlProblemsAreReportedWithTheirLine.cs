using Tandem.Server.Firms;
using Tandem.Server.Tests.Firms;

namespace Tandem.Server.Tests.HttpConnectors;

public sealed class ConnectorsYamlProblemsAreReportedWithTheirLine
{
    [Fact]
    public void AValidConnectorsFileLoadsIntoThePack()
    {
        using var pack = new TestPack();
        pack.Write("connectors.yaml", FirmSystem.ConnectorsYamlFor("https://orders.example.com"));

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Empty(result.Problems);
        var connector = Assert.Single(result.Pack!.HttpConnectors);
        Assert.Equal(new Uri("https://orders.example.com/api/"), connector.BaseUrl);
        Assert.Equal(["get_order", "cancel_order"], connector.Operations.Select(o => o.Name));
        Assert.Equal("ORDERS_API_KEY", connector.Auth!.Secret);
    }

    /// <summary>Each case: what to change in the test system's connectors.yaml, then the line and words the report must have.</summary>
    public static TheoryData<string, string, int, string> Cases => new()
    {
        // A secret written into the pack instead of named.
        { "secret: ORDERS_API_KEY", "secret: sk-live/8f3a9", 7, "'secret' in 'auth' in connector 'orders-api' must name an environment variable" },
        { "baseUrl: https://orders.example.com/api/", "baseUrl: orders.example.com", 3, "expected an absolute http:// or https:// URL" },
        { "path: /orders/{order_number}/cancel", "path: /orders/{order_id}/cancel", 33, "The placeholder '{order_id}' in operation 'cancel_order' in connector 'orders-api' is not a parameter" },
        { "method: POST", "method: FETCH", 32, "'method' in operation 'cancel_order' in connector 'orders-api' is 'FETCH'" },
        { "changesState: true", "changesState: maybe", 46, "'changesState' in operation 'cancel_order' in connector 'orders-api' must be true or false" },
        { "operation: get_order", "operation: cancel_order", 9, "which changes state: the owner must be found with a lookup" },
        { "ownedRecord: order_number\n        changesState: false", "ownedRecord: order\n        changesState: false", 28, "'ownedRecord' in operation 'get_order' in connector 'orders-api' names 'order', which is not a parameter." },
        { "timeoutSeconds: 15", "timeoutSeconds: 600", 4, "'timeoutSeconds' in connector 'orders-api' is 600, which is out of range" },
        { "- name: cancel_order", "- name: get_order", 30, "Operation 'get_order' is declared twice" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachProblemNamesItsLine(string find, string replace, int line, string words)
    {
        using var pack = new TestPack();
        var yaml = FirmSystem.ConnectorsYamlFor("https://orders.example.com");
        Assert.Contains(find, yaml, StringComparison.Ordinal);
        pack.Write("connectors.yaml", yaml.Replace(find, replace, StringComparison.Ordinal));

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Null(result.Pack);
        Assert.Contains(result.Problems, p => p.File == "connectors.yaml" && p.Line == line && p.Message.Contains(words, StringComparison.Ordinal));
    }
}
