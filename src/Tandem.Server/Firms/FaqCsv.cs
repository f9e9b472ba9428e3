namespace Tandem.Server.Firms;

/// <summary>Reads faq.csv: short answers, each tied to the article it comes from.</summary>
internal static class FaqCsv
{
    public const string FileName = "faq.csv";

    private static readonly string[] Columns = ["question", "answer", "article"];

    /// <summary>The entries, with each entry's article checked later against the knowledge folder.</summary>
    public static List<FaqEntry> Read(string text, PackProblems problems)
    {
        var entries = new List<FaqEntry>();
        var records = Csv.Parse(text, (line, message) => problems.Add(FileName, line, message));
        if (records.Count == 0)
        {
            problems.Add(FileName, 0, "The file is empty: expected a header line 'question,answer,article' and one line per question.");
            return entries;
        }

        var header = records[0];
        var names = header.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        if (!names.SequenceEqual(Columns))
        {
            problems.Add(FileName, header.Line, $"The header is '{string.Join(",", header.Fields)}': expected exactly 'question,answer,article'.");
            return entries;
        }

        var questions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != Columns.Length)
            {
                problems.Add(FileName, record.Line, $"This record has {record.Fields.Count} field(s): expected 3 (question, answer, article). A field with a comma or line break in it must be in double quotes.");
                continue;
            }
            // Fields keep the file's line ends; the pipeline sees LF only, whoever last saved the file.
            var question = record.Fields[0].Trim().ReplaceLineEndings("\n");
            var answer = record.Fields[1].Trim().ReplaceLineEndings("\n");
            var article = record.Fields[2].Trim();
            var missing = Columns.Where((_, i) => record.Fields[i].Trim().Length == 0).ToList();
            if (missing.Count > 0)
            {
                problems.Add(FileName, record.Line, $"Empty {string.Join(" and ", missing)}: every FAQ needs a question, an answer and the knowledge file the answer comes from.");
                continue;
            }
            if (questions.TryGetValue(question, out var firstLine))
            {
                problems.Add(FileName, record.Line, $"The question \"{YamlFile.Shorten(question)}\" is already asked on line {firstLine}: keep one answer per question.");
                continue;
            }
            questions[question] = record.Line;
            entries.Add(new FaqEntry(question, answer, article, record.Line));
        }
        return entries;
    }
}
