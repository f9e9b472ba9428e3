using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Rules.Readiness;

namespace Tandem.Rules.Tests.Readiness;

public sealed class AWorseComplaintRateSendsATopicBack
{
    [Fact]
    public void NoComplaintsNeverDemote()
    {
        Assert.Null(Demotion.CheckComplaints(aiConversations: 200, aiComplaints: 0, humanConversations: 0, humanComplaints: 0));
    }

    [Fact]
    public void AnyComplaintDemotesWhenPeopleHadNoneToCompareWith()
    {
        var reason = Demotion.CheckComplaints(aiConversations: 120, aiComplaints: 1, humanConversations: 0, humanComplaints: 0);

        Assert.NotNull(reason);
        Assert.Equal("complaint_rate_regressed", reason.Code);
        Assert.Contains("1 complaints in 120 conversations", reason.Sentence, StringComparison.Ordinal);
        Assert.Contains("baseline of no complaints", reason.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ARateWithinTheNoiseOfThePeoplesRateIsTolerated()
    {
        // 3 % against people's 5 %; and 7 % (3 in 43) against 5 %, whose lower bound is 2.4 %.
        Assert.Null(Demotion.CheckComplaints(100, 3, 40, 2));
        Assert.Null(Demotion.CheckComplaints(43, 3, 40, 2));
    }

    [Fact]
    public void AClearlyWorseRateDemotesWithBothRatesInTheSentence()
    {
        // 12 in 60 (20 %, lower bound 11.8 %) against people's 2 in 40 (5 %).
        var reason = Demotion.CheckComplaints(60, 12, 40, 2);

        Assert.NotNull(reason);
        Assert.Contains("20.0%", reason.Sentence, StringComparison.Ordinal);
        Assert.Contains("5.0% (2 in 40)", reason.Sentence, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public Property ItDemotesExactlyWhenTheLowerBoundIsAboveThePeoplesRate() =>
        Prop.ForAll(Counts(), Counts(), (ai, human) =>
        {
            var reason = Demotion.CheckComplaints(ai.Trials, ai.Events, human.Trials, human.Events);

            var humanRate = human.Trials == 0 ? 0 : (double)human.Events / human.Trials;
            var expected = ai.Events > 0 && Wilson.Interval(ai.Events, ai.Trials).Lower > humanRate;
            Assert.Equal(expected, reason is not null);
        });

    [Property(MaxTest = 300)]
    public Property MoreComplaintsOnTheSameConversationsNeverUndoADemotion() =>
        Prop.ForAll(Counts(), Counts(), (ai, human) =>
        {
            var before = Demotion.CheckComplaints(ai.Trials, ai.Events, human.Trials, human.Events);
            var worse = Demotion.CheckComplaints(ai.Trials, Math.Min(ai.Trials, ai.Events + 1), human.Trials, human.Events);

            Assert.True(before is null || worse is not null);
        });

    private static Arbitrary<(int Trials, int Events)> Counts() =>
        (from trials in Gen.Choose(0, 400)
         from events in Gen.Choose(0, trials)
         select (trials, events)).ToArbitrary();
}
