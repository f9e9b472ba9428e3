using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Tandem.Server.Knowledge.Embeddings;

namespace Tandem.Server.Tests.Infrastructure;

/// <summary>Which database a host runs on. The same tests run on both.</summary>
public enum Store
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A real Tandem server in process (WebApplicationFactory) on a fresh database of the chosen kind,
/// with the reference firm loaded and a known admin key.
/// </summary>
public sealed class TandemHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly WebApplicationFactory<Program> _factory;

    private readonly bool _ownsDataDir;

    private TandemHost(WebApplicationFactory<Program> factory, Store store, string dataDir, string? connectionString, TestClock clock, bool ownsDataDir)
    {
        _ownsDataDir = ownsDataDir;
        _factory = factory;
        Store = store;
        DataDir = dataDir;
        ConnectionString = connectionString;
        Clock = clock;
    }

    public Store Store { get; }
    public string DataDir { get; }
    public string? ConnectionString { get; }
    public TestClock Clock { get; }
    public IServiceProvider Services => _factory.Services;

    public static async Task<TandemHost> StartAsync(Store store, DateTimeOffset? now = null, string? dataDir = null, string? connectionString = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= TestPaths.NewTempDir("tandem-test");
        if (store == Store.Postgres && connectionString is null)
        {
            connectionString = await Postgres.CreateDatabaseAsync();
        }
        var clock = new TestClock(now ?? TestClock.OpeningHours);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Tandem:DataDir", dataDir);
            web.UseSetting("Tandem:Firms:0", TestPaths.ReferenceFirm);
            web.UseSetting("Tandem:Bootstrap:AdminApiKey", AdminKey);
            web.UseSetting("Tandem:Database:Provider", store == Store.Postgres ? "postgres" : "sqlite");
            web.UseSetting("Tandem:Database:ConnectionString", connectionString);
            web.UseSetting("Tandem:Processing:SweepInterval", "00:00:00.200");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                web.UseSetting(key, value);
            }
            web.ConfigureServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(clock);
                s.RemoveAll<ITextEmbedder>();
                s.AddSingleton(SharedEmbedder.Instance);
            });
            if (services is not null)
            {
                web.ConfigureServices(services);
            }
        });
        var host = new TandemHost(factory, store, dataDir, connectionString, clock, ownsDataDir);
        // Starting the server runs migrations and loads the firm before the first request.
        using var client = host.Client();
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
        return host;
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public HttpClient Admin() => Client(AdminKey);

    public async Task<CustomerConversation> StartConversationAsync(string firm = "harbour-home", string? customerToken = null)
    {
        using var anonymous = Client();
        var response = customerToken is null
            ? await anonymous.PostAsJsonAsync("/api/v1/conversations", new { firm })
            : await anonymous.PostAsJsonAsync("/api/v1/conversations", new { firm, customer = new { token = customerToken } });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<StartedConversation>()
            ?? throw new InvalidOperationException("empty body");
        return new CustomerConversation(this, body.Id, body.AccessToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_ownsDataDir)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow shutdown; the temp folder is cleaned by the OS.
            }
        }
    }

    private sealed record StartedConversation(Guid Id, string AccessToken);
}

/// <summary>A throw-away PostgreSQL database per test host, on the server the test command started.</summary>
public static class Postgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TANDEM_TEST_PG") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"tandem_test_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"PostgreSQL tests need a server at '{ServerConnectionString}'. Run ./test.sh, or start one with scripts/postgres.sh start. ({ex.Message})", ex);
        }
        // Every test host has its own database, so its own pool: idle connections are let go within
        // seconds rather than Npgsql's five minutes, or a full run holds more than the server allows.
        return new NpgsqlConnectionStringBuilder(ServerConnectionString)
        {
            Database = name,
            MaxPoolSize = 20,
            ConnectionIdleLifetime = 2,
            ConnectionPruningInterval = 1,
        }.ConnectionString;
    }
}
