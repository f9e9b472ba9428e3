using System.Text;
using Tandem.Server.Understanding;

namespace Tandem.Server.Tests.Stages;

/// <summary>
/// Round 5's heads blend their probability with a vote of the nearest training messages, whose vectors travel in
/// the weights file at half precision; a file this server cannot read is refused at start-up with its format named.
/// </summary>
public sealed class TheNeighbourVoteBlendsTheNearestTrainingMessages
{
    [Fact]
    public void TheNearestMessagesDecideTheVote()
    {
        // Rows 0 and 1 are close and positive, row 2 is far and negative: with k = 2 the far one never votes.
        float[] similarities = [0.91f, 0.88f, 0.20f];

        var vote = SignalNeighbours.Vote(similarities, [0, 1, 2], row => row < 2, k: 2, tau: 0.05);

        Assert.Equal(1.0, vote, 6);
    }

    [Fact]
    public void ACloserNeighbourWeighsMoreThanAFartherOne()
    {
        float[] similarities = [0.90f, 0.80f];

        var positiveNearest = SignalNeighbours.Vote(similarities, [0, 1], row => row == 0, k: 2, tau: 0.05);
        var negativeNearest = SignalNeighbours.Vote(similarities, [0, 1], row => row == 1, k: 2, tau: 0.05);

        Assert.True(positiveNearest > 0.8);
        Assert.True(negativeNearest < 0.2);
        Assert.Equal(1.0, positiveNearest + negativeNearest, 6);
    }

    [Fact]
    public void VectorsSurviveTheFileAtHalfPrecision()
    {
        float[][] rows = [[0.125f, -0.0625f, 0.3f], [0.01f, 0.99f, -0.5f]];
        var file = new SignalNeighboursFile { K = 1, Tau = 0.05f, Weight = 0.3f, Dimensions = 3, Vectors = SignalNeighboursFile.Encode(rows) };

        var matrix = file.Decode();

        Assert.Equal(6, matrix.Length);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(rows[i / 3][i % 3], matrix[i], 1e-3f);
        }
    }

    [Fact]
    public void AHeadsRowsScoreAsTheyDoWhenEveryRowIsScored()
    {
        // Round 21: a turn scores only the rows of the heads it asks; those rows must score as in the full pass.
        float[][] rows = [[0.6f, 0.8f, 0f], [0f, 0.6f, 0.8f], [0.8f, 0f, 0.6f], [1f, 0f, 0f]];
        var neighbours = new SignalNeighbours(new SignalNeighboursFile { K = 2, Tau = 0.05f, Weight = 0.3f, Dimensions = 3, Vectors = SignalNeighboursFile.Encode(rows) });
        float[] message = [0.48f, 0.6f, 0.64f];

        var all = neighbours.Similarities(message);
        var some = neighbours.Similarities(message, [1, 3]);

        Assert.Equal(all[1], some[1]);
        Assert.Equal(all[3], some[3]);
        Assert.Equal(0f, some[0]);
        Assert.Equal(neighbours.Vote(all, [1, 3], "10"), neighbours.Vote(some, [1, 3], "10"));
    }

    [Fact]
    public void AFileInAFormatThisServerCannotReadIsRefusedWithItsFormatNamed()
    {
        const string json = """{"format":"signal-heads/9","model":"m","trainedOn":"t","mean":[0],"scale":[1],"ngramBuckets":0,"heads":{}}""";

        var refused = Assert.Throws<InvalidDataException>(() => SignalHeads.FromJson(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("signal-heads/9", refused.Message, StringComparison.Ordinal);
        Assert.Contains("signal-heads/2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("signal-heads/3", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithNeighboursButAHeadWithoutItsRowsIsRefused()
    {
        var vectors = SignalNeighboursFile.Encode([[1f]]);
        const string head = """{"lambda":0.1,"threshold":0.5,"bias":0,"weights":[1],"positives":1,"negatives":1}""";
        var json = "{\"format\":\"signal-heads/2\",\"model\":\"m\",\"trainedOn\":\"t\",\"mean\":[0],\"scale\":[1],\"ngramBuckets\":0,"
            + "\"neighbours\":{\"k\":1,\"tau\":0.05,\"weight\":0.3,\"dimensions\":1,\"vectors\":\"" + vectors + "\"},"
            + "\"heads\":{\"complaint\":" + head + "}}";

        Assert.Throws<InvalidDataException>(() => SignalHeads.FromJson(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void TheShippedHeadsAreAFormatThisServerReads()
    {
        var heads = SignalHeads.Shipped;

        Assert.NotNull(heads);
        // The heads' file, then the fine-tuned encoder's that decides the four targeted signals (round 8).
        Assert.Matches(@"^signal-heads/[123]\+sha256:[0-9a-f]{12}\+signal-encoder/1\+sha256:[0-9a-f]{12}$", heads.Version);
    }

    [Fact]
    public void AFileOfAnOlderFormatWithClauseHeadsIsRefused()
    {
        // Clause heads were trained for the highest of the clauses' scores; read as whole-message heads they would
        // keep thresholds chosen for another score, so only format 3 may carry them.
        const string json = """{"format":"signal-heads/2","model":"m","trainedOn":"t","mean":[0],"scale":[1],"ngramBuckets":0,"heads":{"complaint":{"lambda":0.1,"threshold":0.5,"bias":0,"weights":[1],"positives":1,"negatives":1,"clauses":true}}}""";

        var refused = Assert.Throws<InvalidDataException>(() => SignalHeads.FromJson(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("signal-heads/3", refused.Message, StringComparison.Ordinal);
    }
}
