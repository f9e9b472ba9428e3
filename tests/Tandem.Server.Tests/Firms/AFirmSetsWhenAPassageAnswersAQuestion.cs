using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class AFirmSetsWhenAPassageAnswersAQuestion
{
    [Fact]
    public void WithoutTheSettingsThePolicyHasTheMeasuredDefaults()
    {
        using var pack = new TestPack();

        var policy = Load(pack).Policy;

        Assert.Equal(FirmPolicyDefinition.DefaultAnswerCoverage, policy.AnswerCoverage);
        Assert.Equal(FirmPolicyDefinition.DefaultAnswerSimilarity, policy.AnswerSimilarity);
    }

    [Fact]
    public void PoliciesYamlSetsBothThresholds()
    {
        using var pack = new TestPack();
        pack.Replace("policies.yaml", "evidenceThreshold: 0.2", "evidenceThreshold: 0.2\nanswerCoverage: 0.5\nanswerSimilarity: 0.45");

        var policy = Load(pack).Policy;

        Assert.Equal((0.5, 0.45), (policy.AnswerCoverage, policy.AnswerSimilarity));
    }

    [Fact]
    public void TheThresholdsAreInThePolicySnapshotSoAChangeIsAudited()
    {
        using var pack = new TestPack();
        var before = PolicySnapshot.Of(Load(pack).Policy);
        pack.Replace("policies.yaml", "evidenceThreshold: 0.2", "evidenceThreshold: 0.2\nanswerCoverage: 0");

        var change = PolicySnapshot.Change(before, PolicySnapshot.Of(Load(pack).Policy), "hash");

        Assert.Equal(["answerCoverage"], change["changed"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private static FirmPack Load(TestPack pack)
    {
        var result = FirmPackLoader.Load(pack.Root);
        Assert.True(result.Ok, string.Join('\n', result.Problems));
        return result.Pack!;
    }
}
