using System.Text.Json.Nodes;

namespace Tandem.Server.Actions.Retail;

/// <summary>
/// The τ-bench retail database as read from its folder (users.json, orders.json, products.json): never
/// changed after loading, so one copy serves every replayed task and every conversation's
/// <see cref="RetailStore"/> writes only into its own overlay.
/// </summary>
internal sealed class RetailData
{
    public const string UsersFile = "users.json";
    public const string OrdersFile = "orders.json";
    public const string ProductsFile = "products.json";

    private RetailData(JsonObject users, JsonObject orders, JsonObject products)
    {
        Users = users;
        Orders = orders;
        Products = products;
    }

    public JsonObject Users { get; }
    public JsonObject Orders { get; }
    public JsonObject Products { get; }

    /// <summary>True when the folder holds the three files a retail database needs.</summary>
    public static bool IsRetailFolder(string folder) =>
        File.Exists(Path.Combine(folder, UsersFile)) && File.Exists(Path.Combine(folder, OrdersFile)) && File.Exists(Path.Combine(folder, ProductsFile));

    public static RetailData Load(string folder) => new(
        ReadObject(Path.Combine(folder, UsersFile)),
        ReadObject(Path.Combine(folder, OrdersFile)),
        ReadObject(Path.Combine(folder, ProductsFile)));

    private static JsonObject ReadObject(string path)
    {
        using var stream = File.OpenRead(path);
        var root = JsonNode.Parse(stream) as JsonObject
            ?? throw new InvalidDataException($"{path}: expected a JSON object keyed by id");
        Materialize(root);
        return root;
    }

    /// <summary>
    /// A parsed JsonObject builds its dictionary on first access, which is not safe from two threads at once;
    /// touching every node once here leaves a tree that concurrent readers only read.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Materialize(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Materialize(child);
                }
                break;
        }
    }
}
