namespace Tandem.Server.Tests.Firms;

/// <summary>Finds the repository, so tests read the sample packs it ships rather than anything on the machine.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SamplePack(string id) => Path.Combine(Root, "samples", "firms", id);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tandem.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Tandem.slnx above {AppContext.BaseDirectory}.");
    }
}

/// <summary>
/// A pack in a temporary folder of its own, deleted afterwards. It starts as a small valid pack whose
/// line numbers the tests rely on; each test breaks it in one place and checks the report.
/// </summary>
internal sealed class TestPack : IDisposable
{
    public const string FirmYaml = """
        id: test-firm
        name: Test Firm
        timezone: Europe/London
        openingHours:
          monday: 09:00-17:00
          saturday: [10:00-12:00, 13:00-15:00]
        bankHolidays: [2026-12-25]
        aiDisclosure: I'm an AI assistant, not a person.
        messages:
          handoff: A person will reply soon.
          outOfHours: A person will reply from {next_opening}.
          urgent: Please call Samaritans on 116 123.
          holding: Someone is checking this reply.
        orderNumberPattern: 'TF-\d{6}'
        superseded:
          old.md: guide.md
        privacyNoticeUrl: https://shop.example/privacy

        """;

    public const string TopicsYaml = """
        topics:
          - id: delivery
            name: Delivery
            description: Delivery questions.
            mode: autonomous
            articles: [guide.md]
            examples:
              - "How much is delivery?"
              - "do you deliver to jersey"
              - "When will it come if I order today?"
          - id: complaint
            name: Complaints
            description: Complaints.
            mode: human
            examples: ["I want to complain", "This is the worst service ever", "I'm fed up and want my money back"]
            historyLabels: [complaint]

        """;

    public const string PoliciesYaml = """
        neverAutonomousTopics: [complaint]
        alwaysHandoffSignals: [complaint, self_harm]
        actionLimits:
          - action: refund
            maxAutonomousAmount: 50
            conditions: [return_received]
        forbiddenPhrases: [I guarantee]
        autonomousThreshold: 0.6
        evidenceThreshold: 0.2
        maxFailedAttempts: 2

        """;

    // Line 2 starts a record whose answer runs over two lines; the next record starts on line 4.
    public const string FaqCsv = "question,answer,article\n"
        + "\"How much, roughly?\",\"It depends.\nSee the \"\"guide\"\".\",guide.md\n"
        + "Do you deliver?,Yes.,guide.md\n";

    public TestPack()
    {
        Root = Path.Combine(Path.GetTempPath(), "tandem-pack-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Write("firm.yaml", FirmYaml);
        Write("topics.yaml", TopicsYaml);
        Write("policies.yaml", PoliciesYaml);
        Write("knowledge/guide.md", "# Delivery guide\n\nWe deliver in 3 to 5 working days.\n");
        Write("knowledge/old.md", "# Old delivery guide\n\nWe deliver in 7 days.\n");
        Write("faq.csv", FaqCsv);
        Write("data/orders.json", """[{ "order_number": "TF-000001" }]""");
    }

    public string Root { get; }

    public void Write(string relative, string content)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Replaces text in a file, failing if the text is not there (so a changed template cannot make a test pass vacuously).</summary>
    public void Replace(string relative, string find, string replacement)
    {
        var full = Path.Combine(Root, relative);
        var content = File.ReadAllText(full);
        Assert.Contains(find, content, StringComparison.Ordinal);
        File.WriteAllText(full, content.Replace(find, replacement, StringComparison.Ordinal));
    }

    public void Delete(string relative)
    {
        var full = Path.Combine(Root, relative);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
