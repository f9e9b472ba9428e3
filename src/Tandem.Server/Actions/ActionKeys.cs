using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tandem.Server.Actions;

/// <summary>Idempotency keys for state-changing calls.</summary>
internal static class ActionKeys
{
    /// <summary>
    /// The key for a tool call a turn makes: the customer's message id, the tool and its arguments
    /// (properties sorted, so the same call written differently is the same key). A turn processed again
    /// after a crash, or a duplicate message (which intake already folds into one message id), presents
    /// the same key, and the gateway returns the first outcome instead of acting twice.
    /// </summary>
    public static string ForTurn(Guid messageId, string tool, JsonElement arguments) =>
        "turn:" + Hash($"{messageId:N}\n{tool}\n{Canonical(arguments)}");

    /// <summary>SHA-256 (hex) of the tool and canonical arguments: stored with the key, so a key reused for a different call is caught.</summary>
    public static string RequestHash(string tool, JsonElement arguments) => Hash($"{tool}\n{Canonical(arguments)}");

    /// <summary>JSON with object properties sorted by name and no insignificant whitespace.</summary>
    public static string Canonical(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, element);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
