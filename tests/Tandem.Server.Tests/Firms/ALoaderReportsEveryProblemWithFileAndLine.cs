using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class ALoaderReportsEveryProblemWithFileAndLine
{
    [Fact]
    public void TheUnbrokenTestPackLoadsWithNoProblems()
    {
        using var pack = new TestPack();
        var result = FirmPackLoader.Load(pack.Root);
        Assert.Empty(result.Problems);
        Assert.NotNull(result.Pack);
        Assert.Equal(3, result.Pack.Profile.OpeningHours.Count);
        Assert.Equal("guide.md", result.Pack.Knowledge.Single(d => d.FileName == "old.md").SupersededBy);
        Assert.Equal([2, 4], result.Pack.Faq.Select(f => f.Line));
        Assert.Equal("It depends.\nSee the \"guide\".", result.Pack.Faq[0].Answer);
        Assert.Null(result.Pack.Seed.CustomersPath);
        Assert.NotNull(result.Pack.Seed.OrdersPath);
    }

    /// <summary>Each case: which file to break and how, then the file, line and words the report must have.</summary>
    public static TheoryData<string, string, string, string, int, string> Cases => new()
    {
        // Missing keys are reported at the mapping that should hold them.
        { "firm.yaml", "privacyNoticeUrl: https://shop.example/privacy\n", "", "firm.yaml", 1, "Missing required key 'privacyNoticeUrl'" },
        { "firm.yaml", "privacyNoticeUrl: https://shop.example/privacy", "privacyNoticeUrl: ''", "firm.yaml", 17, "'privacyNoticeUrl' must not be empty" },
        { "firm.yaml", "aiDisclosure: I'm an AI assistant, not a person.", "aiDisclosure: ' '", "firm.yaml", 8, "'aiDisclosure' must not be empty" },
        { "firm.yaml", "old.md: guide.md", "old.md: guide.md\nretention:\n  transcripts: forever", "firm.yaml", 18, "expected a period such as 2 years" },
        { "firm.yaml", "timezone: Europe/London\n", "", "firm.yaml", 1, "Missing required key 'timezone'" },
        { "topics.yaml", "    description: Delivery questions.\n", "", "topics.yaml", 2, "Missing required key 'description' in topic 'delivery'" },
        // An unknown key is most likely a typo, and says which key was meant.
        { "firm.yaml", "timezone: Europe/London", "timzone: Europe/London", "firm.yaml", 3, "Unknown key 'timzone'. Did you mean 'timezone'?" },
        { "topics.yaml", "historyLabels: [complaint]", "historylabels: [complaint]", "topics.yaml", 16, "Did you mean 'historyLabels'?" },
        { "policies.yaml", "maxFailedAttempts: 2", "maxFailedAttempts: 2\nmaxFaildAttempts: 3", "policies.yaml", 11, "Unknown key 'maxFaildAttempts'" },
        // Wrong types.
        { "firm.yaml", "name: Test Firm", "name: [Test, Firm]", "firm.yaml", 2, "'name' must be the firm's name as customers know it, but is a list" },
        { "topics.yaml", "articles: [guide.md]", "articles: guide.md", "topics.yaml", 6, "'articles' in topic 'delivery' must be a list" },
        { "topics.yaml", "\"do you deliver to jersey\"", "do you deliver: to jersey", "topics.yaml", 9, "put it in quotes" },
        { "policies.yaml", "maxAutonomousAmount: 50", "maxAutonomousAmount: £50", "policies.yaml", 5, "without the £ sign" },
        { "policies.yaml", "maxFailedAttempts: 2", "maxFailedAttempts: two", "policies.yaml", 10, "'maxFailedAttempts' must be a whole number" },
        // Modes and signals.
        { "topics.yaml", "mode: autonomous", "mode: automatic", "topics.yaml", 5, "Unknown mode 'automatic' in topic 'delivery': expected human, copilot or autonomous" },
        { "policies.yaml", "[complaint, self_harm]", "[complaint, selfharm]", "policies.yaml", 2, "Unknown signal 'selfharm'" },
        // Topics.
        { "topics.yaml", "id: complaint", "id: delivery", "topics.yaml", 11, "Duplicate topic id 'delivery': it is already used by the topic on line 2" },
        { "topics.yaml", "      - \"When will it come if I order today?\"\n", "", "topics.yaml", 2, "has 2 example(s): expected at least 3" },
        { "topics.yaml", "\"I want to complain\"", "\"How much is delivery?\"", "topics.yaml", 15, "already an example of topic 'delivery' (line 8)" },
        { "topics.yaml", "articles: [guide.md]", "articles: []", "topics.yaml", 5, "is autonomous but lists no articles" },
        // Tools a topic may call.
        { "topics.yaml", "historyLabels: [complaint]", "historyLabels: [complaint]\n    tools: [get_order, get_order]", "topics.yaml", 17, "Tool 'get_order' is listed twice in topic 'complaint'" },
        { "topics.yaml", "historyLabels: [complaint]", "historyLabels: [complaint]\n    tools: [Get Order]", "topics.yaml", 17, "must be a tool name in snake_case" },
        // Articles must exist, and must be current.
        { "topics.yaml", "articles: [guide.md]", "articles: [guid.md]", "topics.yaml", 6, "names the article 'guid.md', which is not in knowledge/. Did you mean 'guide.md'?" },
        { "topics.yaml", "articles: [guide.md]", "articles: [old.md]", "topics.yaml", 6, "superseded by 'guide.md'" },
        { "faq.csv", "Yes.,guide.md", "Yes.,missing.md", "faq.csv", 4, "names the article 'missing.md', which is not in knowledge/" },
        { "firm.yaml", "old.md: guide.md", "old.md: gone.md", "firm.yaml", 16, "replaced by 'gone.md', which is not in knowledge/" },
        // Policies against topics.
        { "topics.yaml", "mode: human", "mode: autonomous\n    articles: [guide.md]", "topics.yaml", 14, "Topic 'complaint' is autonomous, but policies.yaml (line 1) lists it in 'neverAutonomousTopics'" },
        { "policies.yaml", "neverAutonomousTopics: [complaint]", "neverAutonomousTopics: [complaints]", "policies.yaml", 1, "names the topic 'complaints', which is not in topics.yaml. Did you mean 'complaint'?" },
        { "firm.yaml", "A person will reply soon.", "I guarantee a person will reply soon.", "firm.yaml", 10, "lists in 'forbiddenPhrases'" },
        // firm.yaml values.
        { "firm.yaml", @"'TF-\d{6}'", @"'TF-(\d{6}'", "firm.yaml", 14, "'orderNumberPattern' is not a valid regular expression" },
        { "firm.yaml", @"'TF-\d{6}'", @"'\d*'", "firm.yaml", 14, "matches empty text" },
        { "firm.yaml", "Europe/London", "Europe/Lodnon", "firm.yaml", 3, "'Europe/Lodnon', which is not a known time zone" },
        { "firm.yaml", "Europe/London", "GMT Standard Time", "firm.yaml", 3, "a Windows time zone name" },
        { "firm.yaml", "monday: 09:00-17:00", "monday: 17:00-09:00", "firm.yaml", 5, "closes at 09:00, before it opens at 17:00" },
        { "firm.yaml", "monday: 09:00-17:00", "monday: 9 till 5", "firm.yaml", 5, "expected hours as HH:MM-HH:MM" },
        { "firm.yaml", "[10:00-12:00, 13:00-15:00]", "[10:00-13:30, 13:00-15:00]", "firm.yaml", 6, "overlapping windows" },
        { "firm.yaml", "monday: 09:00-17:00", "mondey: 09:00-17:00", "firm.yaml", 5, "Did you mean 'monday'?" },
        { "firm.yaml", "[2026-12-25]", "[2026-12-25, 25/12/2026]", "firm.yaml", 7, "expected YYYY-MM-DD" },
        { "firm.yaml", "aiDisclosure: I'm an AI assistant, not a person.", "aiDisclosure: \"\"", "firm.yaml", 8, "'aiDisclosure' must not be empty" },
        { "firm.yaml", "aiDisclosure: I'm an AI assistant, not a person.\n", "", "firm.yaml", 1, "Missing required key 'aiDisclosure'" },
        { "firm.yaml", "from {next_opening}.", "from tomorrow.", "firm.yaml", 11, "include {next_opening}" },
        { "firm.yaml", "reply soon.", "reply from {next_opening}.", "firm.yaml", 10, "{next_opening} belongs in the out-of-hours message" },
        { "firm.yaml", "Samaritans on 116 123", "Samaritans", "firm.yaml", 12, "no phone number" },
        { "firm.yaml", "id: test-firm", "id: Test Firm", "firm.yaml", 1, "expected lower-case letters, digits and single hyphens" },
        // Thresholds.
        { "policies.yaml", "evidenceThreshold: 0.2", "evidenceThreshold: 1.5", "policies.yaml", 9, "'evidenceThreshold' is 1.5, which is out of range: expected a number from 0 to 1" },
        { "policies.yaml", "autonomousThreshold: 0.6", "autonomousThreshold: -0.1", "policies.yaml", 8, "out of range" },
        { "policies.yaml", "maxFailedAttempts: 2", "maxFailedAttempts: 0", "policies.yaml", 10, "out of range" },
        { "policies.yaml", "maxFailedAttempts: 2", "answerCoverage: 1.2\nmaxFailedAttempts: 2", "policies.yaml", 10, "'answerCoverage' is 1.2, which is out of range: expected a number from 0 to 1" },
        { "policies.yaml", "maxFailedAttempts: 2", "answerSimilarity: -0.3\nmaxFailedAttempts: 2", "policies.yaml", 10, "'answerSimilarity' is -0.3, which is out of range" },
        // YAML syntax errors, with their line.
        { "topics.yaml", "    name: Delivery\n", "    name: Delivery\n   bad: indent\n", "topics.yaml", 4, "YAML syntax error" },
        { "policies.yaml", "[complaint, self_harm]", "[complaint, self_harm", "policies.yaml", 2, "YAML syntax error" },
        { "firm.yaml", "name: Test Firm", "name: Test Firm\nname: Other Firm", "firm.yaml", 3, "the key 'name' is written twice" },
        { "firm.yaml", "name: Test Firm", "name: *firm", "firm.yaml", 2, "'*firm' refers to an anchor" },
        // faq.csv.
        { "faq.csv", "question,answer,article", "question,answer", "faq.csv", 1, "expected exactly 'question,answer,article'" },
        { "faq.csv", "Do you deliver?,Yes.,guide.md", "Do you deliver?,Yes, we do.,guide.md", "faq.csv", 4, "has 4 field(s): expected 3" },
        { "faq.csv", "Do you deliver?,Yes.,guide.md", "Do you deliver?,\"Yes.,guide.md", "faq.csv", 4, "is never closed" },
        { "faq.csv", "Do you deliver?,Yes.,guide.md", "Do you deliver?,,guide.md", "faq.csv", 4, "Empty answer" },
        // data/.
        { "data/orders.json", "[{ \"order_number\": \"TF-000001\" }]", "{ \"order_number\": \"TF-000001\" }", "data/orders.json", 1, "must be a JSON array of records" },
        { "data/orders.json", "[{ \"order_number\": \"TF-000001\" }]", "[\n{ \"order_number\": \"TF-000001\" },\n\"TF-000002\"\n]", "data/orders.json", 3, "Record 2 is a string" },
        { "data/orders.json", "[{ \"order_number\": \"TF-000001\" }]", "[\n{ \"order_number\": \"TF-000001\", }\n]", "data/orders.json", 2, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ABrokenPackNamesTheFileAndLineOfTheProblem(string file, string find, string replacement, string expectedFile, int expectedLine, string expectedWords)
    {
        using var pack = new TestPack();
        pack.Replace(file, find, replacement);

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Null(result.Pack);
        Assert.False(result.Ok);
        Assert.True(
            result.Problems.Any(p => p.File == expectedFile && p.Line == expectedLine && p.Message.Contains(expectedWords, StringComparison.Ordinal)),
            $"Expected {expectedFile}:{expectedLine} with \"{expectedWords}\"; got:\n{string.Join('\n', result.Problems)}");
    }

    [Theory]
    [InlineData("firm.yaml")]
    [InlineData("topics.yaml")]
    [InlineData("policies.yaml")]
    public void AMissingRequiredFileIsReportedAsTheWholeFile(string file)
    {
        using var pack = new TestPack();
        pack.Delete(file);
        var problem = Assert.Single(FirmPackLoader.Load(pack.Root).Problems);
        Assert.Equal(file, problem.File);
        Assert.Equal(0, problem.Line);
        Assert.Contains("Missing required file", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisnamedFileIsReportedWithTheNameItShouldHave()
    {
        using var pack = new TestPack();
        File.Move(Path.Combine(pack.Root, "topics.yaml"), Path.Combine(pack.Root, "topic.yaml"));
        var problems = FirmPackLoader.Load(pack.Root).Problems;
        Assert.Contains(problems, p => p is { File: "topics.yaml", Line: 0 });
        Assert.Contains(problems, p => p.File == "topic.yaml" && p.Message.Contains("Did you mean 'topics.yaml'?", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnsupportedOrEmptyKnowledgeFileIsReported()
    {
        using var pack = new TestPack();
        pack.Write("knowledge/price-list.docx", "PK");
        pack.Write("knowledge/price-list.pdf", "%PDF");
        pack.Write("knowledge/answers.csv", "q,a\nWhen?,Now.\n");
        pack.Write("knowledge/empty.md", "  \n");
        var problems = FirmPackLoader.Load(pack.Root).Problems;
        Assert.Contains(problems, p => p.File == "knowledge/price-list.docx" && p.Message.Contains("Unsupported knowledge file type", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "knowledge/price-list.pdf" && p.Message.Contains("PDF could not be read", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "knowledge/answers.csv" && p.Message.Contains("question,answer", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "knowledge/empty.md" && p.Message.Contains("empty", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileThatIsNotUtf8IsReportedAtTheLineOfTheFirstBadByte()
    {
        using var pack = new TestPack();
        File.WriteAllBytes(Path.Combine(pack.Root, "knowledge", "guide.md"), [.. "# Guide\n\nCaf"u8, 0xE9, .. "\n"u8]);
        var problem = Assert.Single(FirmPackLoader.Load(pack.Root).Problems);
        Assert.Equal(("knowledge/guide.md", 3), (problem.File, problem.Line));
        Assert.Contains("not valid UTF-8", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderThatDoesNotExistIsOneProblem()
    {
        var problem = Assert.Single(FirmPackLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-pack-" + Guid.NewGuid().ToString("N"))).Problems);
        Assert.Equal(0, problem.Line);
    }
}
