using Tandem.Rules.Insights;
using Tandem.Rules.Readiness;
using Tandem.Server.Insights;

namespace Tandem.Server.Tests.Insights;

/// <summary>The dashboard's maths on hand-built conversations: no server, every definition of docs/metrics.md pinned.</summary>
public sealed class TheDashboardFiguresFollowTheDefinitions
{
    private static readonly FirmCalendar London = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
    private static readonly DateOnly From = new(2026, 6, 1);
    private static readonly DateOnly To = new(2026, 6, 3);
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 9, 0, 0, TimeSpan.Zero);

    private static ConversationFacts Facts(DateTimeOffset at, string? topic = "delivery", bool aiFirst = true, bool handedToPerson = false,
        bool complaint = false, bool vulnerable = false, bool confirmed = false, bool assumed = false, bool agentWrote = false,
        bool reviewed = false, bool customerLast = false, TimeSpan? firstResponse = null, TimeSpan? resolution = null, int? csat = null,
        string channel = "web") => new()
        {
            Id = Guid.NewGuid(),
            Channel = channel,
            CustomerId = null,
            CreatedAt = at,
            Topic = topic,
            AiFirst = aiFirst,
            HandedToPerson = handedToPerson,
            Complaint = complaint,
            Vulnerable = vulnerable,
            ResolvedConfirmed = confirmed,
            ResolvedAssumed = assumed,
            FirstResponse = firstResponse,
            Resolution = resolution,
            AgentWrote = agentWrote,
            DraftReviewed = reviewed,
            CustomerHadLastWord = customerLast,
            LastActivity = at,
            CsatScore = csat,
        };

    private static ReviewRow Review(DateTimeOffset at, string topic, string outcome) =>
        new(topic, "web", false, at, new ReviewFacts(outcome, "Delivery is £49 within 20 miles.", outcome == "approved" ? "Delivery is £49 within 20 miles." : null, 0, false));

    private static InsightsDashboard Compute(IReadOnlyList<ConversationFacts> conversations, IReadOnlyList<ReviewRow>? reviews = null)
    {
        var (start, end) = London.Window(From, To);
        return Dashboard.Compute("harbour-home", new InsightsWindow(From, To, start, end, "Europe/London"), London,
            new InsightsData(conversations, reviews ?? []), Now, 0.2);
    }

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 6, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void ReviewsAreBucketedByTheFirmsDayAndEveryDayOfTheRangeIsListed()
    {
        // 23:30 UTC on 1 June is 00:30 on 2 June in London.
        var dashboard = Compute([], [
            Review(Utc(1, 10), "delivery", "approved"),
            Review(Utc(1, 23, 30), "delivery", "rejected"),
            Review(Utc(2, 9), "delivery", "approved"),
            Review(Utc(2, 11), "returns", "taken_over"),
        ]);

        Assert.Equal(["delivery", "returns"], dashboard.ReviewedTopics);
        var delivery = dashboard.OverrideByDay.Where(p => p.Topic == "delivery").ToList();
        Assert.Equal([From, From.AddDays(1), To], delivery.Select(p => p.Day));
        Assert.Equal((1, 0, 0.0), (delivery[0].Reviewed, delivery[0].Overrides, delivery[0].OverrideRate!.Value));
        Assert.Equal((2, 1, 0.5), (delivery[1].Reviewed, delivery[1].Overrides, delivery[1].OverrideRate!.Value));
        Assert.Null(delivery[2].OverrideRate);
        Assert.Equal(1, dashboard.OverrideByDay.Single(p => p.Topic == "returns" && p.Day == From.AddDays(1)).OverrideRate);
    }

    [Fact]
    public void ConversationsOutsideTheWindowAreNotCounted()
    {
        // 23:30 UTC on 3 June is already 4 June in London: outside 1-3 June.
        var dashboard = Compute([Facts(Utc(1, 8)), Facts(Utc(3, 23, 30)), Facts(Utc(5, 0))]);
        Assert.Equal(1, dashboard.Conversations);
        Assert.Equal([1, 0, 0], dashboard.ByDay.Select(d => d.Conversations));
    }

    [Fact]
    public void EscalationIsTheAssistantsAndComplaintsAreComparedWithPeoplesOwn()
    {
        var dashboard = Compute([
            Facts(Utc(1, 9)), Facts(Utc(1, 10), handedToPerson: true), Facts(Utc(1, 11), handedToPerson: true, complaint: true), Facts(Utc(2, 9)),
            Facts(Utc(2, 10), aiFirst: false), Facts(Utc(2, 11), aiFirst: false, complaint: true),
        ]);

        var ai = dashboard.Handling.Single(h => h.HandledBy == "assistant");
        Assert.Equal((4, 2, 0.5, 1, 0.25), (ai.Conversations, ai.Escalated!.Value, ai.EscalationRate!.Value, ai.Complaints, ai.ComplaintRate!.Value));
        var person = dashboard.Handling.Single(h => h.HandledBy == "person");
        Assert.Null(person.Escalated);
        Assert.Equal((2, 1, 0.5), (person.Conversations, person.Complaints, person.ComplaintRate!.Value));
    }

    [Fact]
    public void TheLedgerCreditsTheMostHumanHandThatTouchedAResolvedConversation()
    {
        var asOf = Utc(3, 12);
        Assert.Equal(Dashboard.Outcomes.ResolvedByAi, Dashboard.LedgerOutcome(Facts(Utc(1, 9), assumed: true), asOf));
        Assert.Equal(Dashboard.Outcomes.ResolvedByAiWithReview, Dashboard.LedgerOutcome(Facts(Utc(1, 9), confirmed: true, reviewed: true), asOf));
        Assert.Equal(Dashboard.Outcomes.ResolvedByPerson, Dashboard.LedgerOutcome(Facts(Utc(1, 9), confirmed: true, reviewed: true, agentWrote: true), asOf));
        Assert.Equal(Dashboard.Outcomes.ResolvedByPerson, Dashboard.LedgerOutcome(Facts(Utc(1, 9), assumed: true, handedToPerson: true), asOf));
        // The customer wrote last a day and more ago and nobody answered: left waiting.
        Assert.Equal(Dashboard.Outcomes.Abandoned, Dashboard.LedgerOutcome(Facts(Utc(2, 11), customerLast: true), asOf));
        Assert.Equal(Dashboard.Outcomes.Open, Dashboard.LedgerOutcome(Facts(Utc(2, 13), customerLast: true), asOf));
        Assert.Equal(Dashboard.Outcomes.Open, Dashboard.LedgerOutcome(Facts(Utc(1, 9)), asOf));
    }

    [Fact]
    public void TheLedgerSharesAddUpToEveryConversation()
    {
        var dashboard = Compute([Facts(Utc(1, 9), assumed: true), Facts(Utc(1, 10), assumed: true), Facts(Utc(1, 11), confirmed: true, reviewed: true), Facts(Utc(2, 9), customerLast: true)]);
        Assert.Equal([2, 1, 0, 1, 0], dashboard.Ledger.Select(l => l.Conversations));
        Assert.Equal(0.5, dashboard.Ledger[0].Share);
        Assert.Equal(dashboard.Conversations, dashboard.Ledger.Sum(l => l.Conversations));
    }

    [Fact]
    public void TimesAreGivenAsMedianAndNinetiethPercentileOverTheConversationsWhereTheyHappened()
    {
        var waits = new[] { 20, 40, 60, 80, 100, 120, 140, 160, 180, 900 };
        var dashboard = Compute([
            .. waits.Select((w, i) => Facts(Utc(1, 8) + TimeSpan.FromMinutes(i), firstResponse: TimeSpan.FromSeconds(w))),
            Facts(Utc(2, 9), aiFirst: false),
        ]);
        var first = dashboard.Times.Single(t => t.Measure == "first_response");
        Assert.Equal((10, 110.0, 180.0), (first.Count, first.MedianSeconds!.Value, first.P90Seconds!.Value));
        Assert.Equal(0, dashboard.Times.Single(t => t.Measure == "first_response_person_first").Count);
        Assert.Null(dashboard.Times.Single(t => t.Measure == "resolution").MedianSeconds);
    }

    [Fact]
    public void CsatIsTheMeanOfTheRatingsGivenWithTheirSpread()
    {
        var dashboard = Compute([Facts(Utc(1, 9), csat: 5), Facts(Utc(1, 10), csat: 4), Facts(Utc(1, 11), csat: 2), Facts(Utc(2, 9))]);
        Assert.Equal(3, dashboard.CsatResponses);
        Assert.Equal(3.667, dashboard.CsatMean);
        Assert.Equal([0, 1, 0, 1, 1], dashboard.Csat.Select(c => c.Responses));
    }

    [Fact]
    public void VolumesAreByTopicAndChannelBusiestFirst()
    {
        var dashboard = Compute([
            Facts(Utc(1, 9), topic: "returns"), Facts(Utc(1, 10), topic: "delivery"), Facts(Utc(1, 11), topic: "delivery", channel: "email"),
            Facts(Utc(2, 9), topic: null),
        ]);
        Assert.Equal([("delivery", 2), ("(no topic)", 1), ("returns", 1)], dashboard.ByTopic.Select(v => (v.Name, v.Conversations)));
        Assert.Equal([("web", 3), ("email", 1)], dashboard.ByChannel.Select(v => (v.Name, v.Conversations)));
    }

    [Fact]
    public void VulnerableCustomersAreMeasuredBesideEveryoneElse()
    {
        var dashboard = Compute([
            Facts(Utc(1, 9), vulnerable: true, aiFirst: false, confirmed: true, agentWrote: true),
            Facts(Utc(1, 10), vulnerable: true, handedToPerson: true),
            Facts(Utc(1, 11), assumed: true), Facts(Utc(2, 9), assumed: true), Facts(Utc(2, 10), customerLast: true),
        ]);
        CohortRow Row(string measure) => dashboard.Cohorts.Single(c => c.Measure == measure);
        Assert.Equal((2.0, 3.0), (Row("conversations").Vulnerable!.Value, Row("conversations").Others!.Value));
        Assert.Equal((1.0, 0.0), (Row("escalation_rate").Vulnerable!.Value, Row("escalation_rate").Others!.Value));
        Assert.Equal((0.5, 0.666667), (Row("resolved_share").Vulnerable!.Value, Row("resolved_share").Others!.Value));
        Assert.Equal((0.0, 0.333333), (Row("abandoned_share").Vulnerable!.Value, Row("abandoned_share").Others!.Value));
    }
}
