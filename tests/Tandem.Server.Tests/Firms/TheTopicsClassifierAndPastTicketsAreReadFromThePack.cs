using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class TheTopicsClassifierAndPastTicketsAreReadFromThePack
{
    [Fact]
    public void APackThatSaysNothingUsesTheDefaultClassifier()
    {
        using var pack = new TestPack();

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Equal(TopicsClassifierSetting.Default, Assert.IsType<FirmPack>(result.Pack).Profile.TopicsClassifier);
    }

    [Fact]
    public void TheNearestExampleCanBeChosenInFirmYaml()
    {
        using var pack = new TestPack();
        pack.Write("firm.yaml", TestPack.FirmYaml + "topics_classifier: nearest\n");

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Equal(TopicsClassifier.Nearest, Assert.IsType<FirmPack>(result.Pack).Profile.TopicsClassifier);
    }

    [Fact]
    public void AnUnknownClassifierIsReportedOnItsLine()
    {
        using var pack = new TestPack();
        pack.Write("firm.yaml", TestPack.FirmYaml + "topics_classifier: neural\n");

        var result = FirmPackLoader.Load(pack.Root);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("firm.yaml", problem.File);
        Assert.Contains("topics_classifier 'neural'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("linear", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PastTicketsAreLabelledWithTheTopicThatClaimsTheirLabel()
    {
        using var pack = new TestPack();
        pack.Write("tickets-history.csv", "ticket_id,topic,customer_message,agent_reply\n"
            + "T-1,complaint,\"Third time the courier has not turned up, I've had enough\",Sorry\n"
            + "T-2,stock_check,\"is the oak bench back in stock?\",Yes\n"
            + "T-3,complaint,\"your driver dented my door,\nwho pays for that\",We will\n");

        var pack1 = Assert.IsType<FirmPack>(FirmPackLoader.Load(pack.Root).Pack);

        // stock_check is no topic's history label, so that ticket is left out.
        Assert.Equal(
            [new LabelledMessage("Third time the courier has not turned up, I've had enough", "complaint"), new LabelledMessage("your driver dented my door,\nwho pays for that", "complaint")],
            pack1.History);
    }

    [Fact]
    public void PastTicketsWithoutAMessageColumnAreReported()
    {
        using var pack = new TestPack();
        pack.Write("tickets-history.csv", "ticket_id,topic,body\nT-1,complaint,hello\n");

        var problem = Assert.Single(FirmPackLoader.Load(pack.Root).Problems);

        Assert.Equal("tickets-history.csv", problem.File);
        Assert.Equal(1, problem.Line);
    }
}
