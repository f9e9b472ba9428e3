using System.Text;

namespace Tandem.Server.Firms;

/// <summary>One CSV record and the line it starts on (a quoted field may run over several lines).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: comma-separated, fields optionally in double quotes, "" for a quote inside one, and
/// line breaks inside quoted fields. Accepts LF and CRLF. The BCL has no CSV reader and one small,
/// exact parser is cheaper than a package; it also knows the line each record starts on, which
/// problem reports need.
/// </summary>
internal static class Csv
{
    /// <summary>Parses the text; malformed quoting is reported as (line, message) and parsing goes on where it can.</summary>
    public static IReadOnlyList<CsvRecord> Parse(string text, Action<int, string> report)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            // A blank line is not a record: it is one empty field, and nothing in a CSV file means that.
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add(new CsvRecord(recordLine, [.. fields]));
            }
            fields.Clear();
        }

        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                var quoteLine = line;
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var c = text[i];
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                    i++;
                }
                if (!closed)
                {
                    report(recordLine, $"A quoted field opened on line {quoteLine} is never closed: add the closing \" (and write a quote inside a field as \"\").");
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add(new CsvRecord(recordLine, [.. fields]));
                    return records;
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    report(line, "Text follows a closing quote: a field in quotes must end at the quote (write a quote inside a field as \"\").");
                    while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        field.Append(text[i]);
                        i++;
                    }
                }
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    i++;
                }
                var value = text[start..i];
                if (value.Contains('"', StringComparison.Ordinal))
                {
                    report(line, "A quote inside a field that is not in quotes: put the whole field in double quotes and write the quote as \"\".");
                }
                field.Append(value);
            }

            if (i >= text.Length)
            {
                break;
            }
            if (text[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
                // A comma at the very end of the text still opens one more (empty) field.
                if (i == text.Length)
                {
                    break;
                }
                continue;
            }
            // A record ends at LF, CRLF or a lone CR.
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }
            i++;
            EndRecord();
            line++;
            recordLine = line;
        }
        if (fields.Count > 0 || field.Length > 0)
        {
            EndRecord();
        }
        return records;
    }
}
