using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Cli;

[Collection(ConsoleOutput.Name)]
public sealed class EvalAnswerableReportsAnsweredAndWronglyAnsweredShares
{
    private static async Task<(string Answerable, string Unanswerable)> WriteSetsAsync(string name)
    {
        var dir = TestPaths.NewTempDir(name);
        var answerable = Path.Combine(dir, "answerable.csv");
        await File.WriteAllTextAsync(answerable, """
            question,expected_source
            how long have i got to send a lamp back if i dont like it,returns-policy.md
            how much is next day delivery,delivery-options-and-costs.md
            I forgot my password and can't get in,your-account.md
            """);
        var unanswerable = Path.Combine(dir, "unanswerable.csv");
        await File.WriteAllTextAsync(unanswerable, """
            question,why
            do you sell gift cards?,"the payments page says gift cards aren't accepted; nothing says whether they are sold"
            whats your companies house number,"invoices give the VAT number only"
            """);
        return (answerable, unanswerable);
    }

    [Fact]
    public async Task TheLastLineHoldsTheSharesAndTheThresholds()
    {
        var (answerable, unanswerable) = await WriteSetsAsync("tandem-eval-answerable");

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "answerable", "--firm", TestPaths.ReferenceFirm,
            "--questions", answerable, "--unanswerable", unanswerable, "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        Assert.Equal(3, json.GetProperty("answerable").GetInt32());
        Assert.Equal(2, json.GetProperty("unanswerable").GetInt32());
        var answered = json.GetProperty("answered_rate").GetDouble();
        Assert.InRange(json.GetProperty("answered_correct_rate").GetDouble(), 0, answered);
        Assert.Equal(1.0, answered);
        Assert.Equal(0.0, json.GetProperty("unanswerable_answered_rate").GetDouble());
        Assert.Equal(0.2, json.GetProperty("evidence_threshold").GetDouble());
        Assert.InRange(json.GetProperty("answer_coverage").GetDouble(), 0.01, 1);
        Assert.InRange(json.GetProperty("answer_similarity").GetDouble(), 0.01, 1);
    }

    [Fact]
    public async Task WithTheCheckOffEveryQuestionWithEvidenceIsAnswered()
    {
        var (answerable, unanswerable) = await WriteSetsAsync("tandem-eval-answerable-off");

        var (exit, output) = await ConsoleOutput.RunAsync("eval", "answerable", "--firm", TestPaths.ReferenceFirm,
            "--questions", answerable, "--unanswerable", unanswerable, "--answer-coverage", "0", "--json");

        Assert.Equal(0, exit);
        var json = ConsoleOutput.LastLineAsJson(output);
        // The reported defect: before the check, both were drafted from a passage that does not answer them.
        Assert.Equal(1.0, json.GetProperty("unanswerable_answered_rate").GetDouble());
        Assert.Equal(0.0, json.GetProperty("answer_coverage").GetDouble());
    }

    [Fact]
    public async Task AnUnanswerableFileWithoutItsWhyIsRefused()
    {
        var (answerable, _) = await WriteSetsAsync("tandem-eval-answerable-bad");
        var bad = Path.Combine(Path.GetDirectoryName(answerable)!, "bad.csv");
        await File.WriteAllTextAsync(bad, "question\ndo you sell gift cards?\n");

        var (exit, _) = await ConsoleOutput.RunAsync("eval", "answerable", "--firm", TestPaths.ReferenceFirm,
            "--questions", answerable, "--unanswerable", bad, "--json");

        Assert.Equal(2, exit);
    }
}
