using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tandem.Server.Firms;

/// <summary>Checks data/: the seed files of the built-in commerce connector.</summary>
internal static partial class SeedDataFiles
{
    public const string FolderName = "data";

    private const string Customers = "data/customers.json";
    private const string Orders = "data/orders.json";
    private const string Products = "data/products.json";

    // Past this many bad records in one file, listing more helps nobody: the file is wrong as a whole.
    private const int MaxReportedRecords = 10;

    public static SeedData Read(string root, IReadOnlyList<string> packFiles, PackProblems problems)
    {
        string[] known = [Customers, Orders, Products];
        foreach (var unknown in packFiles.Where(f => f.StartsWith(FolderName + "/", StringComparison.Ordinal) && !known.Contains(f, StringComparer.Ordinal)))
        {
            problems.Add(unknown, 0, "Unknown data file: expected only data/customers.json, data/orders.json and data/products.json.");
        }
        string? Checked(string relative)
        {
            if (!packFiles.Contains(relative, StringComparer.Ordinal))
            {
                return null;
            }
            if (PackFiles.Read(root, relative, problems) is { } bytes)
            {
                CheckArray(bytes, relative, problems);
            }
            return Path.GetFullPath(Path.Combine(root, relative));
        }
        return new SeedData(Checked(Customers), Checked(Orders), Checked(Products));
    }

    /// <summary>The file must be a JSON array of objects; anything else is reported with its line.</summary>
    private static void CheckArray(byte[] bytes, string relative, PackProblems problems)
    {
        // Utf8JsonReader, unlike JsonDocument, does not skip a byte-order mark itself.
        var json = bytes.AsSpan();
        var offset = json.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var reader = new Utf8JsonReader(json[offset..], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var reported = 0;
        try
        {
            if (!reader.Read())
            {
                problems.Add(relative, 0, "The file is empty: expected a JSON array of records, e.g. [ { ... }, { ... } ].");
                return;
            }
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add(relative, LineAt(bytes, offset + reader.TokenStartIndex), $"The file must be a JSON array of records ([ ... ]), but starts with {Describe(reader.TokenType)}.");
                return;
            }
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                index++;
                if (reader.TokenType != JsonTokenType.StartObject && reported < MaxReportedRecords)
                {
                    reported++;
                    problems.Add(relative, LineAt(bytes, offset + reader.TokenStartIndex), $"Record {index} is {Describe(reader.TokenType)}: every record must be a JSON object ({{ ... }}).");
                }
                reader.Skip();
            }
            // Whatever follows the array (another value, stray text) is an error the reader throws on.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            // The reader's message ends with its own zero-based position, which would contradict ours.
            var message = ReaderPosition().Replace(e.Message, "").Trim();
            problems.Add(relative, (int)(e.LineNumber ?? 0) + 1, $"The file is not valid JSON: {message}");
        }
    }

    private static int LineAt(byte[] bytes, long index) => bytes.AsSpan(0, (int)index).Count((byte)'\n') + 1;

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true/false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex ReaderPosition();
}
