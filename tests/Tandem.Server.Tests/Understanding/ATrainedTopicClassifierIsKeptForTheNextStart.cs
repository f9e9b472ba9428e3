using Tandem.Server.Tests.Infrastructure;
using Tandem.Server.Tests.Stages;
using Tandem.Server.Understanding.Classification;

namespace Tandem.Server.Tests.Understanding;

/// <summary>
/// The firm's topic classifier is saved in the data directory's cache when it is trained and read back at the
/// next start: the same version gives the same answers, and a file that cannot be trusted is never read.
/// </summary>
public sealed class ATrainedTopicClassifierIsKeptForTheNextStart
{
    private static readonly string[] Messages =
    [
        "hiya do you deliver to the isle of wight, how much for a sofa",
        "my refund still hasn't shown on my card after 10 days",
        "can i pay for the wardrobe in 3 instalments",
        "what's the weather like in Lowestoft tomorrow",
    ];

    [Fact]
    public void AClassifierReadFromTheCacheAnswersExactlyAsTheOneThatWasTrained()
    {
        var cache = TestPaths.NewTempDir("tandem-topics-cache");
        var examples = Examples();

        var trained = FirmTopicClassifier.Train(SharedEmbedder.Instance.ModelId, examples, cache);
        var read = FirmTopicClassifier.Load(cache, trained.Version);

        Assert.Null(trained.LoadTime);
        Assert.NotNull(read);
        Assert.NotNull(read.LoadTime);
        Assert.Equal(trained.Version, read.Version);
        Assert.Equal(trained.Temperature, read.Temperature);
        Assert.Equal(trained.OutOfScopeThreshold, read.OutOfScopeThreshold);
        Assert.Equal(trained.SimilarityThreshold, read.SimilarityThreshold);
        Assert.Equal(trained.ModeMargin, read.ModeMargin);
        Assert.Equal(trained.HeldOutAccuracy, read.HeldOutAccuracy);
        Assert.Equal(trained.Examples, read.Examples);
        // Kept in milliseconds; a TimeSpan made from them again may differ by a tick (100 ns).
        Assert.Equal(trained.TrainingTime.TotalMilliseconds, read.TrainingTime.TotalMilliseconds, tolerance: 0.001);
        foreach (var message in Messages)
        {
            var vector = SharedEmbedder.Instance.Embed(message);
            Assert.Equal(trained.Classify(message, vector), read.Classify(message, vector));
        }
    }

    [Fact]
    public void ADamagedOrForeignFileIsNotReadAndTheClassifierIsTrainedAgain()
    {
        var cache = TestPaths.NewTempDir("tandem-topics-cache-damaged");
        var trained = FirmTopicClassifier.Train(SharedEmbedder.Instance.ModelId, Examples(), cache);
        var model = Assert.Single(Directory.GetFiles(cache, "topics-*.mlnet.zip"));
        var settings = Assert.Single(Directory.GetFiles(cache, "topics-*.json"));

        // Another version's file (the pack changed) is not this version's.
        Assert.Null(FirmTopicClassifier.Load(cache, "linear@0000000000000000"));

        // A model file changed after it was saved (a disk error, a hand edit) no longer matches its recorded hash.
        var bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(model, bytes);
        Assert.Null(FirmTopicClassifier.Load(cache, trained.Version));

        // Unreadable settings cost a retraining, not a start.
        File.WriteAllText(settings, "{ not json");
        Assert.Null(FirmTopicClassifier.Load(cache, trained.Version));
    }

    /// <summary>
    /// The sample firm's anchors (without its 600 tickets, to keep the fit short) and one example no other test has,
    /// so this version is trained here rather than found among the classifiers other tests trained in this process.
    /// </summary>
    private static List<TopicExample> Examples()
    {
        var pack = SamplePack.Pack;
        var texts = pack.Topics
            .SelectMany(t => t.Examples.Append($"{t.Name}: {t.Description}").Select(text => (Topic: t.Id, Text: text)))
            .Append((Topic: pack.Topics[0].Id, Text: $"{pack.Topics[0].Examples[0]} (ref {Guid.NewGuid():N})"))
            .ToList();
        var vectors = SharedEmbedder.Instance.EmbedBatch([.. texts.Select(t => t.Text)]);
        return [.. texts.Select((t, i) => new TopicExample(t.Text, t.Topic, vectors[i]))];
    }
}
