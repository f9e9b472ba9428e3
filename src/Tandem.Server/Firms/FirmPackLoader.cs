using Tandem.Rules.Routing;
using Tandem.Server.Actions.Http;

namespace Tandem.Server.Firms;

/// <summary>
/// Reads and validates a firm pack folder (docs/firm-pack.md). Every problem in every file is
/// reported in one pass, each with its file and line, because an admin fixing a pack one error per
/// run would give up; the pack is returned only when there are none.
/// </summary>
internal static class FirmPackLoader
{
    private static readonly string[] PackYamlFiles = [FirmYaml.FileName, TopicsYaml.FileName, PoliciesYaml.FileName, ConnectorsYaml.FileName, ProceduresYaml.FileName];

    /// <param name="tools">
    /// The tools the firm's connectors offer, to check procedures.yaml against. Null: the built-in
    /// commerce connector's tools when the pack has data/orders.json (the connector serves exactly those
    /// firms), otherwise tool names are not checked here and the gateway refuses unknown ones at run time.
    /// </param>
    public static FirmPackLoadResult Load(string path, IReadOnlyCollection<ToolFacts>? tools = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var problems = new PackProblems();
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            problems.Add(".", 0, $"The pack folder '{path}' does not exist.");
            return new FirmPackLoadResult(null, problems.Items);
        }

        var files = PackFiles.List(root);
        ReportStrayYamlFiles(files, problems);

        var firm = ReadRequired(root, files, FirmYaml.FileName, "the firm's profile, hours and messages", FirmYaml.Read, problems);
        var topics = ReadRequired(root, files, TopicsYaml.FileName, "the topics customers ask about and the mode of each", TopicsYaml.Read, problems);
        var policies = ReadRequired(root, files, PoliciesYaml.FileName, "the firm's limits on what the AI may do alone", PoliciesYaml.Read, problems);

        // Optional: a firm without procedures answers from its articles only.
        var procedures = files.Contains(ProceduresYaml.FileName, StringComparer.Ordinal)
            ? ReadText(root, ProceduresYaml.FileName, problems) is { } proceduresText ? ProceduresYaml.Read(proceduresText, problems) : null
            : [];

        var hasKnowledge = Directory.Exists(Path.Combine(root, KnowledgeFolder.FolderName));
        if (!hasKnowledge)
        {
            problems.Add(KnowledgeFolder.FolderName + "/", 0, "Missing required folder knowledge/: it holds the firm's articles, which are all the AI may answer from.");
        }
        var knowledge = KnowledgeFolder.Read(root, files, problems);

        var faq = files.Contains(FaqCsv.FileName, StringComparer.Ordinal)
            ? ReadText(root, FaqCsv.FileName, problems) is { } faqText ? FaqCsv.Read(faqText, problems) : []
            : [];
        var seed = SeedDataFiles.Read(root, files, problems);
        var connectors = files.Contains(ConnectorsYaml.FileName, StringComparer.Ordinal)
            ? ReadText(root, ConnectorsYaml.FileName, problems) is { } connectorsText ? ConnectorsYaml.Read(connectorsText, problems) : []
            : [];

        var supersededBy = new Dictionary<string, string>(StringComparer.Ordinal);
        if (hasKnowledge)
        {
            // Existence is judged on the files present, not on the documents read: an article that is
            // there but broken already has its own problem, and "does not exist" would mislead.
            var articleFiles = files
                .Where(f => f.StartsWith(KnowledgeFolder.FolderName + "/", StringComparison.Ordinal))
                .Select(f => f[(KnowledgeFolder.FolderName.Length + 1)..])
                .ToHashSet(StringComparer.Ordinal);
            if (firm is not null)
            {
                CheckSuperseded(firm.Superseded, articleFiles, supersededBy, problems);
            }
            if (topics is not null)
            {
                foreach (var entry in topics)
                {
                    foreach (var article in entry.Articles)
                    {
                        CheckArticle(TopicsYaml.FileName, article.Line, $"Topic '{entry.Topic.Id}'", article.Value, articleFiles, supersededBy, problems);
                    }
                }
            }
            foreach (var question in faq)
            {
                CheckArticle(FaqCsv.FileName, question.Line, "This FAQ", question.Article, articleFiles, supersededBy, problems);
            }
        }
        if (topics is not null && policies is not null)
        {
            CheckNeverAutonomous(topics, policies, problems);
        }
        if (topics is not null && procedures is not null)
        {
            tools ??= seed.OrdersPath is null ? null
                : [.. Actions.Commerce.CommerceTools.All.Select(t => new ToolFacts(t.Name, t.ChangesState, t.TouchesAccountData))];
            ProceduresYaml.CheckAgainst(procedures, topics, tools, problems);
        }
        if (policies is not null)
        {
            var messages = (firm?.Messages ?? []).Select(m => (File: FirmYaml.FileName, Message: m))
                .Concat((topics ?? []).SelectMany(t => t.Messages.Select(m => (File: TopicsYaml.FileName, Message: m))));
            CheckForbiddenPhrasesInMessages(messages, policies, problems);
        }

        // Optional: past tickets, which the topic classifier learns from beside the topics' examples.
        var history = topics is not null && files.Contains(TicketsHistoryCsv.FileName, StringComparer.Ordinal)
            && ReadText(root, TicketsHistoryCsv.FileName, problems) is { } historyText
            ? TicketsHistoryCsv.Read(historyText, [.. topics.Select(t => t.Topic)], problems)
            : [];

        if (problems.Count > 0 || firm is null || topics is null || policies is null || procedures is null)
        {
            return new FirmPackLoadResult(null, problems.Items);
        }

        var pack = new FirmPack
        {
            Id = firm.Id,
            Name = firm.Name,
            RootPath = root,
            Hash = PackFiles.Hash(root, files),
            Profile = firm.Profile,
            Topics = [.. topics.Select(t => t.Topic)],
            Policy = policies.Policy,
            Knowledge = [.. knowledge.Select(d => supersededBy.TryGetValue(d.FileName, out var by) ? d with { SupersededBy = by } : d)],
            Faq = faq,
            Seed = seed,
            HttpConnectors = connectors,
            Procedures = [.. procedures.Select(p => p.Procedure)],
            History = history,
        };
        return new FirmPackLoadResult(pack, []);
    }

    private static T? ReadRequired<T>(string root, IReadOnlyList<string> files, string name, string holds, Func<string, PackProblems, T?> read, PackProblems problems)
        where T : class
    {
        if (!files.Contains(name, StringComparer.Ordinal))
        {
            problems.Add(name, 0, $"Missing required file {name}: it holds {holds} (see docs/firm-pack.md).");
            return null;
        }
        return ReadText(root, name, problems) is { } text ? read(text, problems) : null;
    }

    private static string? ReadText(string root, string relative, PackProblems problems) =>
        PackFiles.Read(root, relative, problems) is { } bytes ? PackFiles.Decode(bytes, relative, problems) : null;

    /// <summary>A YAML file at the top that the loader would ignore is nearly always a misnamed one (firm.yml, topic.yaml).</summary>
    private static void ReportStrayYamlFiles(IReadOnlyList<string> files, PackProblems problems)
    {
        foreach (var file in files.Where(f => !f.Contains('/', StringComparison.Ordinal)
            && (f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            && !PackYamlFiles.Contains(f, StringComparer.Ordinal)))
        {
            problems.Add(file, 0, $"Unknown pack file: a pack's YAML files are {string.Join(", ", PackYamlFiles)}.{Suggestion.For(file, PackYamlFiles)}");
        }
    }

    private static void CheckSuperseded(IReadOnlyList<Supersession> entries, HashSet<string> articleFiles, Dictionary<string, string> supersededBy, PackProblems problems)
    {
        foreach (var entry in entries)
        {
            var ok = true;
            if (!articleFiles.Contains(entry.Document))
            {
                problems.Add(FirmYaml.FileName, entry.Line, $"'superseded' names '{entry.Document}', which is not in knowledge/.{Suggestion.For(entry.Document, articleFiles)}");
                ok = false;
            }
            if (!articleFiles.Contains(entry.ReplacedBy))
            {
                problems.Add(FirmYaml.FileName, entry.Line, $"'superseded' says '{entry.Document}' is replaced by '{entry.ReplacedBy}', which is not in knowledge/.{Suggestion.For(entry.ReplacedBy, articleFiles)}");
                ok = false;
            }
            if (entry.Document == entry.ReplacedBy)
            {
                problems.Add(FirmYaml.FileName, entry.Line, $"'superseded' says '{entry.Document}' replaces itself: name the newer document that replaces it.");
                ok = false;
            }
            if (ok)
            {
                supersededBy[entry.Document] = entry.ReplacedBy;
            }
        }
        // Chains are refused rather than followed: the admin should say which document is current.
        foreach (var entry in entries.Where(e => supersededBy.ContainsKey(e.Document) && supersededBy.ContainsKey(e.ReplacedBy)))
        {
            problems.Add(FirmYaml.FileName, entry.Line, $"'superseded' says '{entry.Document}' is replaced by '{entry.ReplacedBy}', which is itself replaced by '{supersededBy[entry.ReplacedBy]}': name the current document directly.");
        }
    }

    private static void CheckArticle(string file, int line, string who, string article, HashSet<string> articleFiles, Dictionary<string, string> supersededBy, PackProblems problems)
    {
        if (!PackFiles.IsPlainRelativePath(article))
        {
            // Reported where the article was read (topics.yaml) or here for the FAQ, once.
            if (file == FaqCsv.FileName)
            {
                problems.Add(file, line, $"{who} names the article '{article}': expected a file name inside knowledge/, written relative to it with '/' (e.g. refunds.md).");
            }
            return;
        }
        const string Prefix = KnowledgeFolder.FolderName + "/";
        if (!articleFiles.Contains(article) && article.StartsWith(Prefix, StringComparison.Ordinal) && articleFiles.Contains(article[Prefix.Length..]))
        {
            problems.Add(file, line, $"{who} names the article '{article}': article names are relative to knowledge/, so write '{article[Prefix.Length..]}'.");
        }
        else if (!articleFiles.Contains(article))
        {
            problems.Add(file, line, $"{who} names the article '{article}', which is not in knowledge/.{Suggestion.For(article, articleFiles)}");
        }
        else if (supersededBy.TryGetValue(article, out var current))
        {
            problems.Add(file, line, $"{who} names the article '{article}', which is superseded by '{current}' and never answered from: name '{current}' instead.");
        }
    }

    private static void CheckNeverAutonomous(IReadOnlyList<TopicEntry> topics, PolicyFile policies, PackProblems problems)
    {
        var byId = topics.GroupBy(t => t.Topic.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var listed in policies.NeverAutonomousTopics)
        {
            if (!byId.TryGetValue(listed.Value, out var entry))
            {
                problems.Add(PoliciesYaml.FileName, listed.Line, $"'neverAutonomousTopics' names the topic '{listed.Value}', which is not in topics.yaml.{Suggestion.For(listed.Value, byId.Keys)}");
            }
            else if (entry.Topic.Mode == TopicMode.Autonomous)
            {
                problems.Add(TopicsYaml.FileName, entry.ModeLine, $"Topic '{listed.Value}' is autonomous, but policies.yaml (line {listed.Line}) lists it in 'neverAutonomousTopics': set its mode to copilot or human.");
            }
        }
    }

    /// <summary>The firm's own fixed wording must pass its own rules: the guard would hold back a message that breaks them.</summary>
    private static void CheckForbiddenPhrasesInMessages(IEnumerable<(string File, Located<string> Message)> messages, PolicyFile policies, PackProblems problems)
    {
        foreach (var (file, message) in messages)
        {
            foreach (var phrase in policies.ForbiddenPhrases.Where(p => message.Value.Contains(p.Value, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(file, message.Line, $"This message contains '{phrase.Value}', which policies.yaml (line {phrase.Line}) lists in 'forbiddenPhrases': reword one or the other.");
            }
        }
    }
}
