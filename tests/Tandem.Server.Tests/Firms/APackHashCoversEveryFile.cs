using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class APackHashCoversEveryFile
{
    [Fact]
    public void LoadingTheSamePackTwiceGivesTheSameHash()
    {
        using var pack = new TestPack();
        Assert.Equal(Load(pack).Hash, Load(pack).Hash);
    }

    [Fact]
    public void ChangingOneByteOfAnArticleChangesThePackHashAndThatArticlesHash()
    {
        using var pack = new TestPack();
        var before = Load(pack);
        pack.Replace("knowledge/guide.md", "3 to 5", "3 to 6");
        var after = Load(pack);
        Assert.NotEqual(before.Hash, after.Hash);
        Assert.NotEqual(before.Knowledge.Single(d => d.FileName == "guide.md").Hash, after.Knowledge.Single(d => d.FileName == "guide.md").Hash);
        Assert.Equal(before.Knowledge.Single(d => d.FileName == "old.md").Hash, after.Knowledge.Single(d => d.FileName == "old.md").Hash);
    }

    [Fact]
    public void AddingAFileOutsideTheKnownOnesChangesThePackHash()
    {
        using var pack = new TestPack();
        var before = Load(pack);
        pack.Write("README.md", "# Test firm\n");
        Assert.NotEqual(before.Hash, Load(pack).Hash);
    }

    [Fact]
    public void HiddenFilesAreNotPartOfThePack()
    {
        using var pack = new TestPack();
        var before = Load(pack);
        pack.Write(".DS_Store", "junk");
        pack.Write("knowledge/.guide.md.swp", "junk");
        Assert.Equal(before.Hash, Load(pack).Hash);
    }

    private static FirmPack Load(TestPack pack)
    {
        var result = FirmPackLoader.Load(pack.Root);
        Assert.Empty(result.Problems);
        return result.Pack!;
    }
}
