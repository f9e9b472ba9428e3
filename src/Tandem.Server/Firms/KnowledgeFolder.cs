using System.Net;
using System.Text.RegularExpressions;
using Tandem.Server.Knowledge;

namespace Tandem.Server.Firms;

/// <summary>Reads the knowledge/ folder: the firm's own articles, which are all the AI may answer from.</summary>
internal static partial class KnowledgeFolder
{
    public const string FolderName = "knowledge";

    /// <param name="root">The pack folder.</param>
    /// <param name="packFiles">The pack's files, relative to <paramref name="root"/>.</param>
    public static List<KnowledgeDocument> Read(string root, IReadOnlyList<string> packFiles, PackProblems problems)
    {
        var documents = new List<KnowledgeDocument>();
        const string Prefix = FolderName + "/";
        foreach (var relative in packFiles.Where(f => f.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var fileName = relative[Prefix.Length..];
            if (KnowledgeFiles.FormatOf(fileName) is null)
            {
                problems.Add(relative, 0, $"Unsupported knowledge file type: expected {KnowledgeFiles.Supported}.");
                continue;
            }
            if (PackFiles.Read(root, relative, problems) is not { } bytes)
            {
                continue;
            }
            var (document, problem) = KnowledgeFiles.Read(fileName, bytes);
            if (problem is not null)
            {
                problems.Add(relative, problem.Line, problem.Detail);
                continue;
            }
            documents.Add(document!);
        }
        return documents;
    }

    /// <summary>The first level-1 heading of Markdown (outside code fences), or the &lt;title&gt; / first &lt;h1&gt; of HTML.</summary>
    public static string? Title(string content, string format) => format switch
    {
        "markdown" => MarkdownTitle(content),
        "html" => HtmlText(HtmlTitle().Match(content)) ?? HtmlText(HtmlHeading().Match(content)),
        _ => null,
    };

    private static string? MarkdownTitle(string content)
    {
        var inFence = false;
        foreach (var line in content.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.TrimStart().StartsWith("```", StringComparison.Ordinal) || trimmed.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            var match = MarkdownHeading().Match(trimmed);
            if (!inFence && match.Success)
            {
                return match.Groups[1].Value.Trim();
            }
        }
        return null;
    }

    private static string? HtmlText(Match match)
    {
        if (!match.Success)
        {
            return null;
        }
        var text = WebUtility.HtmlDecode(Tags().Replace(match.Groups[1].Value, " "));
        text = Spaces().Replace(text, " ").Trim();
        return text.Length > 0 ? text : null;
    }

    // Up to three spaces of indent, "# ", the text, and an optional closing run of #s, as CommonMark allows.
    [GeneratedRegex(@"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex(@"<h1[^>]*>(.*?)</h1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlHeading();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
