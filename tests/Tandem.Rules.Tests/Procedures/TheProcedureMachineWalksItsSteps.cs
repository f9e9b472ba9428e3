using System.Text.Json.Nodes;
using Tandem.Rules.Procedures;

namespace Tandem.Rules.Tests.Procedures;

public sealed class TheProcedureMachineWalksItsSteps
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static readonly ProcedureDefinition Cancel = new()
    {
        Id = "cancel_order",
        Name = "Cancel an order",
        Topics = ["cancellation"],
        Slots = [new SlotDefinition("order_number", SlotKinds.OrderNumber, "Which order?")],
        RequiresVerification = true,
        Lookup = new ToolStep("get_order", new JsonObject { ["order_number"] = "{order_number}" }, "order"),
        Checks = [new EligibilityCheck(ProcedureExpression.Parse("order.status in [processing]"), "Order {order_number} is {order.status}, so it can't be cancelled.")],
        Confirm = "Shall I cancel order {order_number}?",
        Action = new ToolStep("cancel_order", new JsonObject { ["order_number"] = "{order_number}" }, "result"),
        Messages = new ProcedureMessages { Done = "Order {order_number} is cancelled.", Proposed = "A colleague will cancel {order_number}.", Declined = "Left as it is." },
    };

    private static readonly ProcedureDefinition Address = new()
    {
        Id = "change_address",
        Name = "Change the delivery address",
        Topics = ["order_change"],
        Slots =
        [
            new SlotDefinition("order_number", SlotKinds.OrderNumber, "Which order?"),
            new SlotDefinition("new_address", SlotKinds.Text, "What's the new address?", Pattern: @"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}", Invalid: "Please include the postcode."),
        ],
        RequiresVerification = false,
        Messages = new ProcedureMessages { Report = [new ConditionalMessage(null, "Noted {new_address} for {order_number}.")] },
    };

    private static ProcedureMessage Say(string text, params (string, string)[] entities) => new(text, entities);

    private static JsonObject Order(string status) => new() { ["status"] = status };

    [Fact]
    public void AMissingSlotIsAskedFor()
    {
        var (state, progress, _) = ProcedureMachine.Absorb(Cancel, ProcedureState.Start("cancel_order"), Say("I want to cancel my order"));
        var move = ProcedureMachine.Next(Cancel, state, new ProcedureFacts(), Now);

        Assert.False(progress);
        var reply = Assert.IsType<ReplyMove>(move);
        Assert.Equal(ReplyKind.Question, reply.Kind);
        Assert.Equal("Which order?", reply.Text);
        Assert.Equal("order_number", reply.State.Asking);
        Assert.Equal(ProcedureStep.Collecting, reply.State.Step);
    }

    [Fact]
    public void AnUnverifiedCustomerIsAskedToVerifyAndNothingIsLookedUp()
    {
        var (state, _, _) = ProcedureMachine.Absorb(Cancel, ProcedureState.Start("cancel_order"), Say("cancel HH-2026-000001", ("order_number", "HH-2026-000001")));
        var move = ProcedureMachine.Next(Cancel, state, new ProcedureFacts { Verified = false }, Now);

        var reply = Assert.IsType<ReplyMove>(move);
        Assert.Equal(ReplyKind.Verification, reply.Kind);
        Assert.Equal(ProcedureStep.Verifying, reply.State.Step);
    }

    [Fact]
    public void AnEmailAndOrderNumberAreSentForVerificationThenTheOrderIsLookedUp()
    {
        var (state, _, _) = ProcedureMachine.Absorb(Cancel, ProcedureState.Start("cancel_order"),
            Say("cancel HH-2026-000001, I'm a@example.com", ("order_number", "HH-2026-000001"), ("email", "a@example.com")));

        var verify = Assert.IsType<VerifyMove>(ProcedureMachine.Next(Cancel, state, new ProcedureFacts(), Now));
        Assert.Equal(("a@example.com", "HH-2026-000001"), (verify.Email, verify.OrderNumber));

        var lookup = Assert.IsType<LookupMove>(ProcedureMachine.Next(Cancel, verify.State, new ProcedureFacts { Verified = true, VerificationMatched = true }, Now));
        Assert.Equal("get_order", lookup.Step.Tool);
        Assert.Equal("HH-2026-000001", (string?)lookup.Arguments["order_number"]);
    }

    [Fact]
    public void DetailsThatDontMatchAreAskedForAgainWithoutSayingWhichAndTwiceOffersAPerson()
    {
        var (state, _, _) = ProcedureMachine.Absorb(Cancel, ProcedureState.Start("cancel_order"),
            Say("HH-2026-000001 a@example.com", ("order_number", "HH-2026-000001"), ("email", "a@example.com")));
        var first = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, state, new ProcedureFacts { VerificationMatched = false }, Now));

        Assert.Equal(ReplyKind.Verification, first.Kind);
        Assert.Equal(ProcedureMessages.DefaultNotVerified, first.Text);
        Assert.False(first.State.Slots.ContainsKey("order_number"));
        Assert.Null(first.State.Email);

        var (again, _, _) = ProcedureMachine.Absorb(Cancel, first.State, Say("HH-2026-000002 b@example.com", ("order_number", "HH-2026-000002"), ("email", "b@example.com")));
        Assert.IsType<VerifyMove>(ProcedureMachine.Next(Cancel, again, new ProcedureFacts(), Now));
        var second = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, again, new ProcedureFacts { VerificationMatched = false }, Now));

        Assert.Equal(ReplyKind.OfferPerson, second.Kind);
        Assert.Equal("handed_off", second.State.Outcome);
    }

    [Fact]
    public void AnIneligibleOrderIsRefusedWithTheReason()
    {
        var state = ProcedureState.Start("cancel_order") with { Slots = new Dictionary<string, string> { ["order_number"] = "HH-1" } };
        var move = ProcedureMachine.Next(Cancel, state, new ProcedureFacts { Verified = true, LookupRan = true, Lookup = Order("dispatched") }, Now);

        var reply = Assert.IsType<ReplyMove>(move);
        Assert.Equal(ReplyKind.Refusal, reply.Kind);
        Assert.Equal("Order HH-1 is dispatched, so it can't be cancelled.", reply.Text);
        Assert.Equal(ProcedureStep.Done, reply.State.Step);
        Assert.Equal("refused", reply.State.Outcome);
    }

    [Fact]
    public void AnEligibleOrderIsConfirmedBeforeAnythingChanges()
    {
        var state = ProcedureState.Start("cancel_order") with { Slots = new Dictionary<string, string> { ["order_number"] = "HH-1" } };
        var move = ProcedureMachine.Next(Cancel, state, new ProcedureFacts { Verified = true, LookupRan = true, Lookup = Order("processing") }, Now);

        var reply = Assert.IsType<ReplyMove>(move);
        Assert.Equal(ReplyKind.Confirmation, reply.Kind);
        Assert.Equal("Shall I cancel order HH-1?", reply.Text);
        Assert.Equal(ProcedureStep.Confirming, reply.State.Step);
    }

    [Fact]
    public void AYesLooksTheOrderUpAgainChecksItAndThenActs()
    {
        var confirming = ProcedureState.Start("cancel_order") with { Step = ProcedureStep.Confirming, Slots = new Dictionary<string, string> { ["order_number"] = "HH-1" } };
        var (yes, progress, _) = ProcedureMachine.Absorb(Cancel, confirming, Say("yes please"));
        Assert.True(progress);
        Assert.True(yes.Confirmed);

        Assert.IsType<LookupMove>(ProcedureMachine.Next(Cancel, yes, new ProcedureFacts { Verified = true }, Now));
        var act = Assert.IsType<ActMove>(ProcedureMachine.Next(Cancel, yes, new ProcedureFacts { Verified = true, LookupRan = true, Lookup = Order("processing") }, Now));
        Assert.Equal("cancel_order", act.Step.Tool);

        var done = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, yes, new ProcedureFacts
        {
            Verified = true, LookupRan = true, Lookup = Order("processing"), Acted = new ProcedureActed(ActedStatus.Done, null, null),
        }, Now));
        Assert.Equal(ReplyKind.Done, done.Kind);
        Assert.Equal("Order HH-1 is cancelled.", done.Text);
        Assert.Equal("done", done.State.Outcome);
    }

    [Fact]
    public void AnOrderDispatchedBetweenTheQuestionAndTheYesIsRefusedNotCancelled()
    {
        var confirming = ProcedureState.Start("cancel_order") with { Step = ProcedureStep.Confirming, Slots = new Dictionary<string, string> { ["order_number"] = "HH-1" } };
        var (yes, _, _) = ProcedureMachine.Absorb(Cancel, confirming, Say("yes"));

        var move = ProcedureMachine.Next(Cancel, yes, new ProcedureFacts { Verified = true, LookupRan = true, Lookup = Order("dispatched") }, Now);

        Assert.Equal(ReplyKind.Refusal, Assert.IsType<ReplyMove>(move).Kind);
    }

    [Theory]
    [InlineData(ActedStatus.Proposed, ReplyKind.Proposed, "A colleague will cancel HH-1.", "proposed")]
    [InlineData(ActedStatus.Failed, ReplyKind.Failed, ProcedureMessages.DefaultFailed, "failed")]
    [InlineData(ActedStatus.Refused, ReplyKind.Refusal, "Not allowed, sorry.", "refused")]
    public void WhatTheGatewayDidIsReported(ActedStatus status, ReplyKind kind, string text, string outcome)
    {
        var state = ProcedureState.Start("cancel_order") with { Step = ProcedureStep.Confirming, Confirmed = true, Slots = new Dictionary<string, string> { ["order_number"] = "HH-1" } };

        var reply = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, state, new ProcedureFacts
        {
            Verified = true, LookupRan = true, Lookup = Order("processing"), Acted = new ProcedureActed(status, null, "Not allowed, sorry."),
        }, Now));

        Assert.Equal((kind, text, outcome), (reply.Kind, reply.Text, reply.State.Outcome));
    }

    [Fact]
    public void ANoChangesNothing()
    {
        var confirming = ProcedureState.Start("cancel_order") with { Step = ProcedureStep.Confirming, Slots = new Dictionary<string, string> { ["order_number"] = "HH-1" } };
        var (no, _, _) = ProcedureMachine.Absorb(Cancel, confirming, Say("no thanks"));

        var reply = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, no, new ProcedureFacts { Verified = true }, Now));

        Assert.Equal((ReplyKind.Declined, "Left as it is.", "declined"), (reply.Kind, reply.Text, reply.State.Outcome));
    }

    [Fact]
    public void AnUnclearAnswerIsAskedAgainOnceThenAPersonIsOffered()
    {
        var confirming = ProcedureState.Start("cancel_order") with { Step = ProcedureStep.Confirming, Slots = new Dictionary<string, string> { ["order_number"] = "HH-1" } };
        var (first, _, _) = ProcedureMachine.Absorb(Cancel, confirming, Say("what colour is it"));
        var again = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, first, new ProcedureFacts { Verified = true }, Now));
        Assert.Equal((ReplyKind.Confirmation, "Shall I cancel order HH-1?"), (again.Kind, again.Text));

        var (second, _, _) = ProcedureMachine.Absorb(Cancel, again.State, Say("hmm"));
        var offer = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, second, new ProcedureFacts { Verified = true }, Now));

        Assert.Equal(ReplyKind.OfferPerson, offer.Kind);
    }

    [Fact]
    public void ThreeMessagesInARowThatGiveNothingOfferAPerson()
    {
        var state = ProcedureState.Start("cancel_order");
        ReplyMove? reply = null;
        for (var i = 0; i < 3; i++)
        {
            (state, _, _) = ProcedureMachine.Absorb(Cancel, state, Say("I don't know it"));
            reply = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Cancel, state, new ProcedureFacts(), Now));
            state = reply.State;
        }

        Assert.Equal(ReplyKind.OfferPerson, reply!.Kind);
    }

    [Fact]
    public void AFreeTextSlotTakesTheAnswerToItsOwnQuestionOnly()
    {
        var (state, _, _) = ProcedureMachine.Absorb(Address, ProcedureState.Start("change_address"), Say("change the address on HH-1 please", ("order_number", "HH-1")));
        Assert.False(state.Slots.ContainsKey("new_address"));
        var ask = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Address, state, new ProcedureFacts(), Now));
        Assert.Equal("What's the new address?", ask.Text);

        var (bad, _, invalid) = ProcedureMachine.Absorb(Address, ask.State, Say("12 Quay Street, Bristol"));
        var retry = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Address, bad, new ProcedureFacts(), Now, invalid));
        Assert.Equal("Please include the postcode.", retry.Text);

        var (good, _, _) = ProcedureMachine.Absorb(Address, retry.State, Say("12 Quay Street, Bristol BS1 4AA"));
        var report = Assert.IsType<ReplyMove>(ProcedureMachine.Next(Address, good, new ProcedureFacts(), Now));
        Assert.Equal("Noted 12 Quay Street, Bristol BS1 4AA for HH-1.", report.Text);
    }

    [Fact]
    public void ALaterOrderNumberReplacesAnEarlierOne()
    {
        var (state, _, _) = ProcedureMachine.Absorb(Cancel, ProcedureState.Start("cancel_order"), Say("HH-1", ("order_number", "HH-1")));
        (state, _, _) = ProcedureMachine.Absorb(Cancel, state, Say("sorry, HH-2", ("order_number", "HH-2")));

        Assert.Equal("HH-2", state.Slots["order_number"]);
    }

    [Fact]
    public void ADoneProcedureTakesNothingMore()
    {
        var done = ProcedureState.Start("cancel_order") with { Step = ProcedureStep.Done, Outcome = "done" };

        var (state, progress, _) = ProcedureMachine.Absorb(Cancel, done, Say("yes"));

        Assert.False(progress);
        Assert.Same(done, state);
    }
}
