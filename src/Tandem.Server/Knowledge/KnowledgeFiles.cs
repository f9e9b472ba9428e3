using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Tandem.Server.Firms;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;

namespace Tandem.Server.Knowledge;

/// <summary>Why a knowledge file cannot be imported: the HTTP status an upload gets, a title naming the problem, and the detail (with a line when one is known).</summary>
internal sealed record KnowledgeFileProblem(int Status, string Title, string Detail, int Line = 0);

/// <summary>
/// Turns the bytes of one knowledge file into a <see cref="KnowledgeDocument"/>, the same way for a
/// pack's knowledge/ folder and for an upload, so a file imports identically by either route.
/// </summary>
internal static partial class KnowledgeFiles
{
    /// <summary>
    /// The largest file accepted (5 MiB). A firm's article or price list is kilobytes; a PDF of a few
    /// hundred pages fits. Anything larger is nearly always the wrong file, and it would be embedded
    /// passage by passage while the admin waits.
    /// </summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public const string Supported = "Markdown (.md), HTML (.html, .htm), text (.txt), PDF (.pdf) or question/answer CSV (.csv)";

    private static readonly Dictionary<string, string> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        [".md"] = "markdown",
        [".markdown"] = "markdown",
        [".html"] = "html",
        [".htm"] = "html",
        [".txt"] = "text",
        [".pdf"] = "pdf",
        [".csv"] = "csv",
    };

    private static readonly string[] CsvColumns = ["question", "answer", "source"];

    public static string? FormatOf(string fileName) => Formats.GetValueOrDefault(Path.GetExtension(fileName));

    public static (KnowledgeDocument? Document, KnowledgeFileProblem? Problem) Read(string fileName, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(bytes);
        if (FormatOf(fileName) is not { } format)
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "unsupported file type",
                $"Unsupported knowledge file type '{Path.GetExtension(fileName)}': expected {Supported}.");
        }
        if (bytes.Length == 0)
        {
            return Fail(StatusCodes.Status400BadRequest, "empty file", "The file is empty: there is nothing to answer from.");
        }
        if (bytes.Length > MaxBytes)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "file too large", $"The file is {bytes.Length:N0} bytes; the limit is {MaxBytes:N0} bytes (5 MiB).");
        }
        var hash = PackFiles.HashOf(bytes);
        string content;
        string? title;
        if (format == "pdf")
        {
            var (text, pdfTitle, problem) = PdfText(bytes);
            if (problem is not null)
            {
                return (null, problem);
            }
            content = text!;
            title = pdfTitle;
        }
        else
        {
            var span = bytes.AsSpan();
            if (span.StartsWith(Encoding.UTF8.Preamble))
            {
                span = span[Encoding.UTF8.Preamble.Length..];
            }
            if (!System.Text.Unicode.Utf8.IsValid(span))
            {
                var problems = new PackProblems();
                PackFiles.Decode(bytes, fileName, problems);
                var line = problems.Count > 0 ? problems.Items[0].Line : 0;
                return Fail(StatusCodes.Status400BadRequest, "not UTF-8", "The file is not valid UTF-8 text: save it as UTF-8.", line);
            }
            content = Encoding.UTF8.GetString(span);
            title = KnowledgeFolder.Title(content, format);
        }
        if (string.IsNullOrWhiteSpace(format == "html" ? HtmlToText(content) : content))
        {
            return Fail(StatusCodes.Status400BadRequest, "empty file", "The article is empty: there is nothing to answer from. Write it, or delete the file.");
        }
        if (format == "csv" && CsvProblem(content) is { } csvProblem)
        {
            return (null, csvProblem);
        }
        return (new KnowledgeDocument
        {
            FileName = fileName,
            Title = title ?? Path.GetFileNameWithoutExtension(fileName),
            Format = format,
            Content = content,
            Hash = hash,
        }, null);
    }

    /// <summary>The entries of a question/answer CSV (header question,answer[,source]); rows without both are skipped.</summary>
    public static IEnumerable<(string Question, string Answer, string? Source)> CsvEntries(string content)
    {
        var records = Csv.Parse(content, (_, _) => { });
        foreach (var record in records.Skip(1))
        {
            var question = record.Fields.ElementAtOrDefault(0)?.Trim().ReplaceLineEndings("\n") ?? "";
            var answer = record.Fields.ElementAtOrDefault(1)?.Trim().ReplaceLineEndings("\n") ?? "";
            var source = record.Fields.ElementAtOrDefault(2)?.Trim();
            if (question.Length > 0 && answer.Length > 0)
            {
                yield return (question, answer, string.IsNullOrEmpty(source) ? null : source);
            }
        }
    }

    private static KnowledgeFileProblem? CsvProblem(string content)
    {
        var problems = new List<(int Line, string Message)>();
        var records = Csv.Parse(content, (line, message) => problems.Add((line, message)));
        if (problems.Count > 0)
        {
            return new KnowledgeFileProblem(StatusCodes.Status400BadRequest, "malformed CSV", problems[0].Message, problems[0].Line);
        }
        var names = records.Count > 0 ? records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList() : [];
        if (names.Count is < 2 or > 3 || !names.SequenceEqual(CsvColumns.Take(names.Count)))
        {
            return new KnowledgeFileProblem(StatusCodes.Status400BadRequest, "CSV header missing",
                $"The first line is '{(records.Count > 0 ? string.Join(",", records[0].Fields) : "")}': a question/answer CSV starts with the header 'question,answer' or 'question,answer,source'.", 1);
        }
        if (!CsvEntries(content).Any())
        {
            return new KnowledgeFileProblem(StatusCodes.Status400BadRequest, "empty file", "The CSV has a header but no row with both a question and an answer.");
        }
        return null;
    }

    /// <summary>
    /// The text of each page as a "## Page N" section, so chunking gives every passage the path
    /// "title › Page N": PDFs rarely carry headings a reader can rely on, but a page number always
    /// leads the customer to the place.
    /// </summary>
    private static (string? Text, string? Title, KnowledgeFileProblem? Problem) PdfText(byte[] bytes)
    {
        try
        {
            using var document = PdfDocument.Open(bytes);
            var text = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                var words = string.Join(' ', page.GetWords().Select(w => w.Text));
                if (words.Length > 0)
                {
                    text.Append("## Page ").Append(page.Number).Append("\n\n").Append(words).Append("\n\n");
                }
            }
            if (text.Length == 0)
            {
                return (null, null, new KnowledgeFileProblem(StatusCodes.Status400BadRequest, "no text in PDF",
                    "The PDF has no text layer (a scan?): export it with its text, or paste the text into a .txt or .md file."));
            }
            var title = document.Information.Title is { Length: > 0 } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;
            return (text.ToString().TrimEnd(), title, null);
        }
        catch (Exception e) when (e is PdfDocumentFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or InvalidCastException or FormatException)
        {
            // PdfPig reports a damaged file with several exception types; each means the same to the admin.
            return (null, null, new KnowledgeFileProblem(StatusCodes.Status400BadRequest, "unreadable PDF", $"The PDF could not be read: {e.Message}"));
        }
    }

    /// <summary>
    /// HTML as Markdown-like text: scripts, styles and page furniture (nav, header, footer) dropped,
    /// h1–h4 turned into # headings so chunking keeps the title path, tags removed, entities decoded.
    /// </summary>
    public static string HtmlToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = Furniture().Replace(html, "\n");
        text = HtmlHeading().Replace(text, m => $"\n{new string('#', m.Groups[1].Value[0] - '0')} {Flatten(m.Groups[2].Value)}\n");
        text = Breaks().Replace(text, "\n");
        text = WebUtility.HtmlDecode(Tags().Replace(text, " "));
        var lines = text.Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return MultipleBlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    private static string Flatten(string inner) => Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(inner, " ")), " ").Trim();

    private static (KnowledgeDocument?, KnowledgeFileProblem?) Fail(int status, string title, string detail, int line = 0) =>
        (null, new KnowledgeFileProblem(status, title, detail, line));

    [GeneratedRegex(@"<(script|style|nav|header|footer|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Furniture();

    [GeneratedRegex(@"<h([1-4])\b[^>]*>(.*?)</h\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlHeading();

    [GeneratedRegex(@"<br\s*/?>|</(p|div|li|tr|section|article|h5|h6|ul|ol|table|blockquote)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\r]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();
}
