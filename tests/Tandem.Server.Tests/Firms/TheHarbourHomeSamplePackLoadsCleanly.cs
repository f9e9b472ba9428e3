using System.Security.Cryptography;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class TheHarbourHomeSamplePackLoadsCleanly
{
    private static readonly FirmPackLoadResult Result = FirmPackLoader.Load(Repository.SamplePack("harbour-home"));

    private static FirmPack Pack => Result.Pack ?? throw new InvalidOperationException(string.Join('\n', Result.Problems));

    [Fact]
    public void ItLoadsWithNoProblems()
    {
        Assert.Empty(Result.Problems);
        Assert.True(Result.Ok);
        Assert.Equal("harbour-home", Pack.Id);
        Assert.Equal("Harbour Home Ltd", Pack.Name);
    }

    [Theory]
    [InlineData("delivery", TopicMode.Autonomous)]
    [InlineData("tracking_info", TopicMode.Autonomous)]
    [InlineData("returns_policy", TopicMode.Autonomous)]
    [InlineData("payment_methods", TopicMode.Autonomous)]
    [InlineData("contact", TopicMode.Autonomous)]
    [InlineData("reviews", TopicMode.Autonomous)]
    [InlineData("newsletter", TopicMode.Autonomous)]
    [InlineData("account_help", TopicMode.Autonomous)]
    [InlineData("invoices_info", TopicMode.Autonomous)]
    [InlineData("order_status", TopicMode.Copilot)]
    [InlineData("cancellation", TopicMode.Copilot)]
    [InlineData("order_change", TopicMode.Copilot)]
    [InlineData("start_return", TopicMode.Copilot)]
    [InlineData("refunds", TopicMode.Copilot)]
    [InlineData("damaged_missing", TopicMode.Copilot)]
    [InlineData("payment_problem", TopicMode.Copilot)]
    [InlineData("invoice_correction", TopicMode.Copilot)]
    [InlineData("account_change", TopicMode.Copilot)]
    [InlineData("complaint", TopicMode.Human)]
    [InlineData("pay_in_3_credit", TopicMode.Human)]
    [InlineData("data_rights", TopicMode.Human)]
    [InlineData("legal_threat", TopicMode.Human)]
    [InlineData("vulnerable_customer", TopicMode.Human)]
    [InlineData("self_harm", TopicMode.Human)]
    [InlineData("abuse", TopicMode.Human)]
    public void EachRequestTypeOfTheSupportPolicyIsATopicInItsDayOneMode(string id, TopicMode mode)
    {
        var topic = Pack.FindTopic(id);
        Assert.NotNull(topic);
        Assert.Equal(mode, topic.Mode);
        Assert.True(topic.Examples.Count >= 3);
    }

    [Fact]
    public void ThereIsOneTopicPerRequestTypeAndNoMore()
    {
        Assert.Equal(25, Pack.Topics.Count);
        Assert.Equal(9, Pack.Topics.Count(t => t.Mode == TopicMode.Autonomous));
        Assert.Equal(9, Pack.Topics.Count(t => t.Mode == TopicMode.Copilot));
        Assert.Equal(7, Pack.Topics.Count(t => t.Mode == TopicMode.Human));
    }

    [Fact]
    public void EveryHumanOnlyTopicIsNeverAutonomous()
    {
        var human = Pack.Topics.Where(t => t.Mode == TopicMode.Human).Select(t => t.Id).Order(StringComparer.Ordinal);
        Assert.Equal(human, Pack.Policy.NeverAutonomousTopics.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryHistoricalTicketLabelMapsToExactlyOneTopic()
    {
        string[] labels =
        [
            "track_order", "get_refund", "damaged_item", "track_refund", "delivery_period", "cancel_order",
            "check_refund_policy", "delivery_options", "payment_issue", "change_shipping_address", "change_order",
            "recover_password", "get_invoice", "place_order", "pay_in_3", "check_payment_methods", "complaint",
            "newsletter_subscription", "check_cancellation_fee", "edit_account", "contact_human_agent",
            "check_invoice", "registration_problems", "create_account", "delete_account", "review", "switch_account",
        ];
        foreach (var label in labels)
        {
            Assert.Single(Pack.Topics, t => t.HistoryLabels.Contains(label));
        }
        Assert.Equal(labels.Order(StringComparer.Ordinal), Pack.Topics.SelectMany(t => t.HistoryLabels).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheHandoffSignalsAndMoneyLimitsFollowThePolicy()
    {
        SignalKind[] expected =
        [
            SignalKind.Vulnerability, SignalKind.SelfHarm, SignalKind.LegalThreat, SignalKind.HumanRequest,
            SignalKind.Complaint, SignalKind.Hardship, SignalKind.Abuse,
        ];
        Assert.Equal(expected.Order(), Pack.Policy.AlwaysHandoffSignals.Order());
        var refund = Assert.Single(Pack.Policy.ActionLimits, a => a.Action == "refund");
        Assert.Equal(50m, refund.MaxAutonomousAmount);
        Assert.Contains("return_received", refund.Conditions);
        Assert.Contains("original_payment_method", refund.Conditions);
        Assert.Contains("not_pay_in_3", refund.Conditions);
        Assert.Equal(0m, Assert.Single(Pack.Policy.ActionLimits, a => a.Action == "goodwill_gesture").MaxAutonomousAmount);
        Assert.Equal(2, Pack.Policy.MaxFailedAttempts);
    }

    [Fact]
    public void TheProfileCarriesHoursHolidaysAndTheFirmsOwnWording()
    {
        var profile = Pack.Profile;
        Assert.Equal("Europe/London", profile.TimeZone);
        Assert.Equal(6, profile.OpeningHours.Count);
        Assert.Contains(profile.OpeningHours, w => w.Day == DayOfWeek.Saturday && w.Opens == new TimeOnly(10, 0) && w.Closes == new TimeOnly(14, 0));
        Assert.DoesNotContain(profile.OpeningHours, w => w.Day == DayOfWeek.Sunday);
        Assert.Equal(16, profile.BankHolidays.Count);
        Assert.Contains(new DateOnly(2026, 12, 28), profile.BankHolidays);
        Assert.Contains(new DateOnly(2027, 3, 26), profile.BankHolidays);
        Assert.StartsWith("Hello, I'm Harbour Home's AI assistant. I'm a computer program, not a person.", profile.AiDisclosure, StringComparison.Ordinal);
        Assert.Contains("{next_opening}", profile.OutOfHoursMessage, StringComparison.Ordinal);
        Assert.Contains("116 123", profile.UrgentMessage, StringComparison.Ordinal);
        Assert.Contains("{next_opening}", profile.UrgentOutOfHoursMessage, StringComparison.Ordinal);
        Assert.Matches(profile.OrderNumberPattern!, "HH-2026-004512");
        Assert.Equal(15, profile.ReviewTargetMinutes);
        Assert.Contains("Complaints are always handled by a member of our team", Pack.FindTopic("complaint")!.HandoffMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOld2022ReturnsPageIsSupersededByTheCurrentOne()
    {
        Assert.Equal(18, Pack.Knowledge.Count);
        var old = Assert.Single(Pack.Knowledge, d => d.FileName == "returns-policy-2022.md");
        Assert.Equal("returns-policy.md", old.SupersededBy);
        var current = Assert.Single(Pack.Knowledge, d => d.FileName == "returns-policy.md");
        Assert.Null(current.SupersededBy);
        Assert.Equal("Returns: our 30-day returns policy", current.Title);
        Assert.Equal("markdown", current.Format);
        var bytes = File.ReadAllBytes(Path.Combine(Pack.RootPath, "knowledge", "returns-policy.md"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), current.Hash);
    }

    [Fact]
    public void TheFaqAndSeedDataAreRead()
    {
        Assert.Equal(70, Pack.Faq.Count);
        Assert.Equal(2, Pack.Faq[0].Line);
        Assert.Equal("Can I cancel my order?", Pack.Faq[0].Question);
        Assert.Equal("cancelling-an-order.md", Pack.Faq[0].Article);
        Assert.All(Pack.Faq, f => Assert.Contains(Pack.Knowledge, d => d.FileName == f.Article));
        Assert.True(File.Exists(Pack.Seed.CustomersPath));
        Assert.True(File.Exists(Pack.Seed.OrdersPath));
        Assert.True(File.Exists(Pack.Seed.ProductsPath));
        Assert.True(Path.IsPathFullyQualified(Pack.Seed.OrdersPath!));
        Assert.Matches("^[0-9a-f]{64}$", Pack.Hash);
    }
}
