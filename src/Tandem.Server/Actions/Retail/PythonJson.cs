using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.Server.Actions.Retail;

/// <summary>
/// The τ-bench retail tools answer with Python's <c>json.dumps(record)</c>, and its reference results were
/// computed with Python floats. To reproduce them to the byte we keep each number's Python type (an int
/// read from the data stays an int; arithmetic makes a float) and write the way <c>json.dumps</c> does:
/// ", " and ": " separators, ASCII only, floats as <c>repr</c> (shortest round-trip, "68.0" not "68").
/// </summary>
internal static class PythonJson
{
    public static string Dumps(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>A Python float as a JSON node: every double we create is one, so it is written with a decimal point even when integral.</summary>
    public static JsonNode Float(double value) => JsonValue.Create(value);

    /// <summary>A number node's value, whether it came from the data (int or float) or from arithmetic.</summary>
    public static double Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number => e.GetDouble(),
        _ => throw new InvalidOperationException("not a number"),
    };

    /// <summary>Python's <c>round(x, 2)</c>: half-to-even on the exact binary value, not on its shortest decimal form.</summary>
    public static double Round2(double x)
    {
        // "F40" prints the exact binary expansion far enough that the digits after the second decimal decide the rounding.
        var s = Math.Abs(x).ToString("F40", CultureInfo.InvariantCulture);
        var point = s.IndexOf('.', StringComparison.Ordinal);
        var kept = decimal.Parse(s[..(point + 3)], CultureInfo.InvariantCulture);
        var rest = s[(point + 3)..];
        var cmp = rest[0] > '5' ? 1 : rest[0] < '5' ? -1 : rest[1..].Any(c => c != '0') ? 1 : 0;
        var lastDigitOdd = (int)(kept * 100 % 2) == 1;
        if (cmp > 0 || (cmp == 0 && lastDigitOdd))
        {
            kept += 0.01m;
        }
        var rounded = double.Parse(kept.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return x < 0 ? -rounded : rounded;
    }

    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        if (r.Contains('E', StringComparison.Ordinal))
        {
            // .NET writes 1E-05, Python 1e-05.
            return r.Replace('E', 'e');
        }
        return r.Contains('.', StringComparison.Ordinal) ? r : r + ".0";
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }
                    first = false;
                    WriteString(sb, key);
                    sb.Append(": ");
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }
                    Write(sb, a[i]);
                }
                sb.Append(']');
                break;
            case JsonValue v:
                WriteValue(sb, v);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue v)
    {
        if (v.TryGetValue<JsonElement>(out var e))
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String: WriteString(sb, e.GetString()!); break;
                case JsonValueKind.True: sb.Append("true"); break;
                case JsonValueKind.False: sb.Append("false"); break;
                case JsonValueKind.Null: sb.Append("null"); break;
                // The data files were written by Python, so a number's text is already its repr.
                default: sb.Append(e.GetRawText()); break;
            }
        }
        else if (v.TryGetValue<string>(out var s))
        {
            WriteString(sb, s);
        }
        else if (v.TryGetValue<bool>(out var b))
        {
            sb.Append(b ? "true" : "false");
        }
        else if (v.TryGetValue<long>(out var l))
        {
            sb.Append(l.ToString(CultureInfo.InvariantCulture));
        }
        else if (v.TryGetValue<int>(out var i))
        {
            sb.Append(i.ToString(CultureInfo.InvariantCulture));
        }
        else if (v.TryGetValue<double>(out var d))
        {
            sb.Append(FormatFloat(d));
        }
        else
        {
            sb.Append(v.ToJsonString());
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
