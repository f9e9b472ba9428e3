using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class EverySamplePackLoads
{
    public static TheoryData<string> Packs => [.. Directory.GetDirectories(Path.Combine(Repository.Root, "samples", "firms")).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Packs))]
    public void ASamplePackHasNoProblemsAndItsIdIsItsFolderName(string folder)
    {
        var result = FirmPackLoader.Load(Repository.SamplePack(folder));
        Assert.True(result.Ok, string.Join('\n', result.Problems));
        Assert.Equal(folder, result.Pack!.Id);
    }
}
