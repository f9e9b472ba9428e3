using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Tandem.Server.Tests.Infrastructure;
using static Tandem.Server.Tests.Actions.ActionTestKit;

namespace Tandem.Server.Tests.Privacy;

/// <summary>A customer of the reference firm as the pack records them: read from the pack's orders, never hard-coded.</summary>
internal sealed record Person(string CustomerId, string Email, string Name, string Order);

internal static class PrivacyTestKit
{
    /// <summary>An order with a received return whose refund is due (the gateway tests use it too).</summary>
    public const string Order = "HH-2026-003071";

    public static async Task<Person> PersonAsync(TandemHost host, string order = Order)
    {
        var (customerId, email) = await OwnerOfAsync(host, order);
        var doc = await OrderAsync(host, order);
        return new(customerId, email, doc["delivery_address"]!["name"]!.GetValue<string>(), order);
    }

    public static async Task<JsonElement> CreateRequestAsync(TandemHost host, string customer, string kind)
    {
        using var admin = host.Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/privacy/requests", new { firm = Firm, customer, kind });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> EraseAsync(TandemHost host, string customer, string reason = "Customer's e-mail of 24 November asking us to delete their account")
    {
        var request = await CreateRequestAsync(host, customer, "erasure");
        using var admin = host.Admin();
        var response = await admin.PostAsJsonAsync($"/api/v1/privacy/requests/{request.GetProperty("id").GetGuid()}/erase", new { reason });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// The bytes of the database on disk: SQLite's main file, its write-ahead log and shared-memory
    /// index; PostgreSQL's files of this database (tables, TOAST, indexes) after a checkpoint.
    /// </summary>
    public static async Task<List<byte[]>> DatabaseFilesAsync(TandemHost host)
    {
        var files = new List<byte[]>();
        if (host.Store == Store.Sqlite)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                var path = Path.Combine(host.DataDir, "tandem.db" + suffix);
                if (File.Exists(path))
                {
                    // The server has the files open: share them rather than wait for it to stop.
                    await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    using var copy = new MemoryStream();
                    await stream.CopyToAsync(copy);
                    files.Add(copy.ToArray());
                }
            }
            return files;
        }
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        // Dirty pages reach the relation files at a checkpoint; without it the control could miss rows still in shared buffers.
        await using (var checkpoint = new NpgsqlCommand("CHECKPOINT", connection))
        {
            await checkpoint.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("SELECT current_setting('data_directory'), oid FROM pg_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var folder = Path.Combine(reader.GetString(0), "base", reader.GetFieldValue<uint>(1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            files.Add(await File.ReadAllBytesAsync(path));
        }
        return files;
    }

    public static bool Contains(IEnumerable<byte[]> files, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return files.Any(f => f.AsSpan().IndexOf(needle) >= 0);
    }

    public static async Task<T> WithDbAsync<T>(TandemHost host, Func<Tandem.Data.TandemDbContext, Task<T>> read)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(host.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tandem.Data.TandemDbContext>(scope.ServiceProvider);
        return await read(db);
    }

    public static JsonArray Array(JsonNode? node) => node as JsonArray ?? [];
}
