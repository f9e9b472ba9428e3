using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Server.Actions;
using Tandem.Server.Actions.Http;
using Tandem.Server.Firms;

namespace Tandem.Server.Tests.HttpConnectors;

/// <summary>
/// A firm's order system on a real socket (Kestrel on 127.0.0.1, a free port): orders A-1 and A-2 (found,
/// customer C-1), A-404, A-500 (a server error, counted), A-BAD (not JSON) and A-SLOW (answers after a minute, so only a test's short timeout meets it);
/// cancellations record what they were sent, and fail with a 500 for. Started per test, so no test sees another's requests.
/// </summary>
internal sealed class FirmSystem : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<(string Path, string? ApiKey, string? IdempotencyKey, string Body)> Received { get; } = new();
    public string BaseUrl { get; }

    private FirmSystem(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FirmSystem> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FirmSystem? system = null;
        app.MapGet("/api/orders/{id}", async (string id, HttpContext http) =>
        {
            system!.Attempts.AddOrUpdate($"GET {id}", 1, (_, n) => n + 1);
            system.Received.Enqueue(($"/api/orders/{id}{http.Request.QueryString}", http.Request.Headers["X-Api-Key"], null, ""));
            switch (id)
            {
                case "A-404": return Results.NotFound();
                case "A-500": return Results.StatusCode(500);
                case "A-BAD": return Results.Text("{\"order\": {\"status\": ", "application/json");
                case "A-SLOW":
                    await Task.Delay(TimeSpan.FromMinutes(1), http.RequestAborted);
                    return Results.Json(new { order = new { status = "late" } });
                default:
                    return Results.Json(new { order = new { number = id, status = "processing", customer = new { id = "C-1", email = "ann@example.com" }, total = 12.5 } });
            }
        });
        app.MapPost("/api/orders/{id}/cancel", async (string id, HttpContext http) =>
        {
            system!.Attempts.AddOrUpdate($"POST {id}", 1, (_, n) => n + 1);
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            system.Received.Enqueue(($"/api/orders/{id}/cancel", http.Request.Headers["X-Api-Key"], http.Request.Headers["Idempotency-Key"], body));
            return id is "A-500" or "A-2" ? Results.StatusCode(500) : Results.Json(new { cancelled = true, refund = new { amount = 12.5 } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        system = new FirmSystem(app, address);
        return system;
    }

    /// <summary>connectors.yaml for this system, with the operations the tests call.</summary>
    public string ConnectorsYaml(double timeoutSeconds = 15) => ConnectorsYamlFor(BaseUrl, timeoutSeconds);

    public static string ConnectorsYamlFor(string baseUrl, double timeoutSeconds = 15) => $$"""
        connectors:
          - name: orders-api
            baseUrl: {{baseUrl}}/api/
            timeoutSeconds: {{timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
            auth:
              header: X-Api-Key
              secret: ORDERS_API_KEY
            ownerLookup:
              operation: get_order
              argument: order_number
              customerId: /order/customer/id
              email: /order/customer/email
            operations:
              - name: get_order
                description: The status and total of one order.
                method: GET
                path: /orders/{order_number}
                query:
                  include: items
                parameters:
                  type: object
                  properties:
                    order_number: { type: string }
                  required: [order_number]
                result:
                  status: /order/status
                  total: /order/total
                ownedRecord: order_number
                changesState: false
              - name: cancel_order
                description: Cancel an order that has not been dispatched.
                method: POST
                path: /orders/{order_number}/cancel
                body:
                  reason: "{reason}"
                  note: "Cancelled by Tandem for {order_number}"
                parameters:
                  type: object
                  properties:
                    order_number: { type: string }
                    reason: { type: string }
                  required: [order_number, reason]
                result:
                  refunded: /refund/amount
                ownedRecord: order_number
                changesState: true
        """;

    /// <summary>The connector as the server wires it (the same clients and retry policy), over this system's connectors.yaml.</summary>
    public (HttpConnector Connector, ServiceProvider Services) Connector(string? secret = "k-123", double timeoutSeconds = 15)
    {
        var services = new ServiceCollection().AddHttpConnectors().BuildServiceProvider();
        return (ConnectorFor("shop", services.GetRequiredService<IHttpClientFactory>(), secret, timeoutSeconds), services);
    }

    /// <summary>The connector for one firm over this system, on the given client factory (the server's own, in gateway tests).</summary>
    public HttpConnector ConnectorFor(string firm, IHttpClientFactory clients, string? secret = "k-123", double timeoutSeconds = 15)
    {
        var problems = new PackProblems();
        var definitions = Tandem.Server.Actions.Http.ConnectorsYaml.Read(ConnectorsYaml(timeoutSeconds), problems);
        Assert.Empty(problems.Items);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(secret is null ? [] : [KeyValuePair.Create<string, string?>("ORDERS_API_KEY", secret)])
            .Build();
        return new HttpConnector(clients, configuration, f => f == firm ? definitions : []);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
