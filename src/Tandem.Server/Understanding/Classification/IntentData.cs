using System.Text;
using System.Text.Json;
using Tandem.Server.Cli;

namespace Tandem.Server.Understanding.Classification;

internal sealed record LabelledText(string Text, string Label);

/// <summary>The CLINC150 data_full layout, split by key; test parts are empty when the file has none.</summary>
internal sealed record OosData(
    IReadOnlyList<LabelledText> Train,
    IReadOnlyList<LabelledText> Val,
    IReadOnlyList<LabelledText> OosVal,
    IReadOnlyList<LabelledText> Test,
    IReadOnlyList<LabelledText> OosTest,
    IReadOnlyList<LabelledText> OosTrain);

/// <summary>
/// Reads public intent data sets: CSV with header <c>text,category</c> (BANKING77) or with the columns
/// <c>utterance,intent</c> among others (Bitext), and CLINC150's JSON. Problems are reported as one
/// sentence naming the file, for the CLI to print; nothing here throws on bad input.
/// </summary>
internal static class IntentData
{
    public static List<LabelledText>? ReadCsv(string path, out string problem)
    {
        problem = "";
        if (!File.Exists(path))
        {
            problem = $"No file at {path}.";
            return null;
        }
        var records = EvalCommands.ParseCsv(File.ReadAllText(path, Encoding.UTF8));
        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace))
        {
            problem = $"{path} is empty.";
            return null;
        }
        var header = records[0].Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var (textColumn, labelColumn) = (header.IndexOf("text"), header.IndexOf("category"));
        if (textColumn < 0 || labelColumn < 0)
        {
            (textColumn, labelColumn) = (header.IndexOf("utterance"), header.IndexOf("intent"));
        }
        if (textColumn < 0 || labelColumn < 0)
        {
            problem = $"{path}: the header must have the columns text,category (BANKING77) or utterance,intent (Bitext); it has {string.Join(",", header)}.";
            return null;
        }
        var rows = new List<LabelledText>();
        for (var i = 1; i < records.Count; i++)
        {
            var fields = records[i];
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Count != header.Count)
            {
                problem = $"{path}: record {i + 1} has {fields.Count} fields; the header has {header.Count}.";
                return null;
            }
            var (text, label) = (fields[textColumn].Trim(), fields[labelColumn].Trim());
            if (text.Length == 0 || label.Length == 0)
            {
                problem = $"{path}: record {i + 1} has an empty text or label.";
                return null;
            }
            rows.Add(new LabelledText(text, label));
        }
        if (rows.Count == 0)
        {
            problem = $"{path} has a header but no examples.";
            return null;
        }
        return rows;
    }

    /// <summary>
    /// CLINC150's data_full JSON: keys train, val, oos_train, oos_val, test, oos_test, each a list of
    /// [text, intent]. Test keys come from <paramref name="testPath"/> when given.
    /// </summary>
    public static OosData? ReadClinc(string path, string? testPath, out string problem)
    {
        problem = "";
        var data = ReadClincKeys(path, out problem);
        if (data is null)
        {
            return null;
        }
        var test = data;
        if (testPath is not null)
        {
            test = ReadClincKeys(testPath, out problem);
            if (test is null)
            {
                return null;
            }
            if (!test.ContainsKey("test") || !test.ContainsKey("oos_test"))
            {
                problem = $"{testPath} has no test and oos_test keys.";
                return null;
            }
        }
        foreach (var key in new[] { "train", "val", "oos_val" })
        {
            if (!data.TryGetValue(key, out var rows) || rows.Count == 0)
            {
                problem = $"{path} is not CLINC150 data_full JSON: the key {key} is missing or empty (expected train, val, oos_train, oos_val and optionally test, oos_test).";
                return null;
            }
        }
        return new OosData(data["train"], data["val"], data["oos_val"], test.GetValueOrDefault("test") ?? [], test.GetValueOrDefault("oos_test") ?? [], data.GetValueOrDefault("oos_train") ?? []);
    }

    private static Dictionary<string, List<LabelledText>>? ReadClincKeys(string path, out string problem)
    {
        problem = "";
        if (!File.Exists(path))
        {
            problem = $"No file at {path}.";
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = $"{path} is not a JSON object with keys train, val, oos_val.";
                return null;
            }
            var keys = new Dictionary<string, List<LabelledText>>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                var rows = new List<LabelledText>();
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2
                        || item[0].ValueKind != JsonValueKind.String || item[1].ValueKind != JsonValueKind.String)
                    {
                        problem = $"{path}: every item under {property.Name} must be [text, intent].";
                        return null;
                    }
                    rows.Add(new LabelledText(item[0].GetString()!, item[1].GetString()!));
                }
                keys[property.Name] = rows;
            }
            return keys;
        }
        catch (JsonException e)
        {
            problem = $"{path} is not valid JSON: {e.Message}";
            return null;
        }
    }
}
