using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Data.Procedures;
using Tandem.Rules.Guard;
using Tandem.Rules.Procedures;
using Tandem.Rules.Routing;
using Tandem.Server.Actions;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Identity;

namespace Tandem.Server.Procedures;

/// <summary>What the runner needs to know about the turn.</summary>
internal sealed record ProcedureTurnInput(
    LoadedFirm Firm,
    Conversation Conversation,
    Turn Turn,
    Message Message,
    Understanding.Understanding Understanding,
    IReadOnlyDictionary<string, TopicMode> Modes,
    bool WithHuman,
    DateTimeOffset Now);

/// <summary>
/// Runs a conversation's procedure for one turn: starts one when the message's topic has one, resumes
/// the active one, or leaves it when the customer has moved on. The machine (Tandem.Rules) decides;
/// this class makes the calls it asks for — in-chat verification, and lookups and actions through the
/// <see cref="ActionGateway"/> — and stages the run's new state on the turn's context, so it commits
/// with the turn. Gateway calls commit on their own; an action is keyed by the customer's message, so
/// a turn processed again after a crash gets the first outcome back rather than acting twice.
/// </summary>
internal sealed class ProcedureRunner(ActionGateway gateway, IOptions<ActionsOptions> actionOptions)
{
    /// <summary>
    /// A message this sure of another topic, that gives the procedure nothing it asked for, leaves the
    /// procedure: the customer has changed the subject and is answered on it. (The understander's
    /// out-of-scope line is 0.30; a short answer like "yes" scores well below this.)
    /// </summary>
    public const double ChangeOfSubjectConfidence = 0.5;

    // Enough for verify, lookup, act and reply, with room for a lookup that runs again after a yes.
    private const int MaxMovesPerTurn = 8;

    public async Task<ProcedureTurn?> RunAsync(TandemDbContext db, ProcedureTurnInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var pack = input.Firm.Pack;
        var u = input.Understanding;
        var conversationId = input.Conversation.Id;
        var run = await db.ProcedureRuns.FirstOrDefaultAsync(r => r.ConversationId == conversationId && r.Active, ct);
        if (input.WithHuman || u.Signals.Any(s => pack.Policy.AlwaysHandoffSignals.Contains(s.Kind)))
        {
            // A person has the conversation, or is about to: the router hands it over, and the procedure stops here.
            if (run is not null)
            {
                Close(db, run, "handed_off", input);
            }
            return null;
        }

        var message = new ProcedureMessage(input.Message.Text, [.. u.Entities.Select(e => (e.Kind, e.Value))]);
        ProcedureDefinition? definition = null;
        ProcedureState? state = null;
        string? invalid = null;
        string? left = null;
        if (run is not null)
        {
            definition = pack.Procedures.FirstOrDefault(p => p.Id == run.ProcedureId);
            if (definition is null)
            {
                // The firm's pack no longer has it (edited and reloaded): nothing to resume.
                Close(db, run, "left", input);
                run = null;
            }
            else
            {
                var saved = JsonSerializer.Deserialize<ProcedureState>(run.StateJson, AuditLog.Json)!;
                var (absorbed, progress, why) = ProcedureMachine.Absorb(definition, saved, message);
                var elsewhere = !u.OutOfScope && u.Topic is { } topic && !definition.Topics.Contains(topic)
                    && u.TopicConfidence >= ChangeOfSubjectConfidence;
                if (!progress && elsewhere)
                {
                    Close(db, run, "left", input);
                    left = definition.Id;
                    definition = null;
                    run = null;
                }
                else
                {
                    state = absorbed;
                    invalid = why;
                }
            }
        }
        string? startedTopic = null;
        if (definition is null)
        {
            definition = pack.ProcedureFor(u.OutOfScope ? null : u.Topic, input.Message.Text);
            if (definition is null)
            {
                return null;
            }
            startedTopic = u.Topic!;
            (state, _, invalid) = ProcedureMachine.Absorb(definition, ProcedureState.Start(definition.Id), message);
        }
        var procedureTopic = run?.Topic ?? startedTopic!;
        var mode = input.Modes.TryGetValue(procedureTopic, out var m) ? m : TopicMode.Copilot;

        var identity = CustomerIdentities.Of(input.Conversation);
        var facts = new ProcedureFacts { Verified = Covers(identity, definition, state!) };
        var actions = new List<ProposedAction>();
        var evidence = new List<Evidence>();
        var proposes = false;
        VerificationResult? verification = null;
        for (var i = 0; i < MaxMovesPerTurn; i++)
        {
            var move = ProcedureMachine.Next(definition, state!, facts, input.Now, invalid);
            state = move.State;
            switch (move)
            {
                case VerifyMove verify:
                    var result = await CustomerIdentities.VerifyInChatAsync(db, input.Conversation, verify.Email, verify.OrderNumber,
                        actionOptions.Value.MaxVerificationAttempts, "customer", input.Now, ct);
                    verification = result;
                    facts = facts with { VerificationMatched = result.Verified, Verified = result.Verified };
                    actions.Add(new ProposedAction("verify_customer", result.Verified ? "verified" : "not_verified", new { method = IdentityMethods.Chat }, null, ChangesState: false));
                    continue;
                case LookupMove lookup:
                    var found = await CallAsync(input, procedureTopic, mode, lookup.Step.Tool, lookup.Arguments, key: null, ct);
                    actions.Add(Record(lookup.Step.Tool, lookup.Arguments, found));
                    if (found.Status == ActionStatus.Executed)
                    {
                        var data = found.Result is { } r ? JsonNode.Parse(r.GetRawText()) : null;
                        facts = facts with { LookupRan = true, Lookup = data };
                        evidence.Add(new Evidence($"tool:{lookup.Step.Tool}", Flatten(data)));
                    }
                    else if (found.Reason is "verification_required")
                    {
                        facts = facts with { Verified = false };
                    }
                    else if (found.Reason is "record_not_found")
                    {
                        // Not found and not theirs read the same, and both ask the customer to check the details.
                        facts = facts with { Verified = false, VerificationMatched = false };
                    }
                    else
                    {
                        facts = facts with { LookupRan = true, LookupError = found.Reason };
                    }
                    continue;
                case ActMove act:
                    var json = JsonSerializer.SerializeToElement(act.Arguments, AuditLog.Json);
                    var done = await CallAsync(input, procedureTopic, mode, act.Step.Tool, act.Arguments,
                        ActionKeys.ForTurn(input.Message.Id, act.Step.Tool, json), ct);
                    actions.Add(Record(act.Step.Tool, act.Arguments, done, changesState: true));
                    proposes = done.Status == ActionStatus.Proposed;
                    var acted = done.Status switch
                    {
                        ActionStatus.Executed => ActedStatus.Done,
                        ActionStatus.Proposed => ActedStatus.Proposed,
                        ActionStatus.Refused => ActedStatus.Refused,
                        _ => ActedStatus.Failed,
                    };
                    var actedData = done.Result is { } ar ? JsonNode.Parse(ar.GetRawText()) : null;
                    if (actedData is not null)
                    {
                        evidence.Add(new Evidence($"tool:{act.Step.Tool}", Flatten(actedData)));
                    }
                    facts = facts with { Acted = new ProcedureActed(acted, actedData, done.CustomerMessage) };
                    continue;
                case ReplyMove reply:
                    Save(db, run, definition, procedureTopic, reply.State, input);
                    // The reply is the firm's own wording from procedures.yaml filled with its systems' data:
                    // that is what it rests on. The guard still sees it (forbidden phrases, stray figures).
                    evidence.Insert(0, new Evidence($"procedure:{definition.Id}", reply.Text));
                    return new ProcedureTurn(definition.Id, procedureTopic, reply.Kind, reply.Text, reply.Kind == ReplyKind.OfferPerson,
                        evidence, actions, proposes, reply.State, left) { Verification = verification };
            }
        }
        throw new InvalidOperationException($"Procedure '{definition.Id}' made more than {MaxMovesPerTurn} moves in one turn.");
    }

    /// <summary>After the router: a turn handed to a person ends the procedure, so the person starts from a clean slate.</summary>
    public static async Task SettleAsync(TandemDbContext db, Guid conversationId, Decision decision, DateTimeOffset now, Guid turnId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (decision != Decision.Handoff)
        {
            return;
        }
        var run = db.ProcedureRuns.Local.FirstOrDefault(r => r.ConversationId == conversationId && r.Active)
            ?? await db.ProcedureRuns.FirstOrDefaultAsync(r => r.ConversationId == conversationId && r.Active, ct);
        if (run is not null)
        {
            run.Active = false;
            run.Outcome = "handed_off";
            run.Step = "done";
            run.UpdatedAt = now;
            run.LastTurnId = turnId;
            run.Version++;
        }
    }

    private static bool Covers(CustomerIdentity? identity, ProcedureDefinition definition, ProcedureState state)
    {
        if (identity is null)
        {
            return false;
        }
        if (identity.CoversAllRecords)
        {
            return true;
        }
        var order = definition.OrderSlot is { } slot ? state.Slots.GetValueOrDefault(slot.Name) : null;
        return order is not null && identity.Records.Contains(order, StringComparer.OrdinalIgnoreCase);
    }

    private async Task<ActionOutcome> CallAsync(ProcedureTurnInput input, string topic, TopicMode mode, string tool, JsonObject arguments, string? key, CancellationToken ct) =>
        await gateway.RunAsync(new ActionRequest
        {
            FirmId = input.Firm.Pack.Id,
            ConversationId = input.Conversation.Id,
            TurnId = input.Turn.Id,
            // Read again: a verification earlier in this turn is staged on the conversation, not yet saved.
            Customer = CustomerIdentities.Of(input.Conversation),
            Topic = topic,
            Mode = mode,
            Tool = tool,
            Arguments = JsonSerializer.SerializeToElement(arguments, AuditLog.Json),
            IdempotencyKey = key,
            Caller = ActionCaller.Procedure,
            Actor = "system",
        }, ct);

    private static ProposedAction Record(string tool, JsonObject arguments, ActionOutcome outcome, bool changesState = false) =>
        new(tool, outcome.Status.ToString().ToLowerInvariant(), arguments, outcome.Result?.GetRawText() ?? outcome.Reason, changesState);

    /// <summary>A tool's result as text for the guard: every value, so figures and dates in the reply can be matched to it.</summary>
    private static string Flatten(JsonNode? node) => node switch
    {
        JsonObject obj => string.Join(". ", obj.Select(p => Flatten(p.Value)).Where(s => s.Length > 0)),
        JsonArray array => string.Join(". ", array.Select(Flatten).Where(s => s.Length > 0)),
        JsonValue value => ProcedureTemplate.Render("{v}", new Dictionary<string, JsonNode?> { ["v"] = value.DeepClone() }) + " " + value.ToString(),
        _ => "",
    };

    private static void Save(TandemDbContext db, ProcedureRun? run, ProcedureDefinition definition, string topic, ProcedureState state, ProcedureTurnInput input)
    {
        var stateJson = JsonSerializer.Serialize(state, AuditLog.Json);
        var step = state.Step.ToString().ToLowerInvariant();
        if (run is null)
        {
            run = new ProcedureRun
            {
                Id = Guid.NewGuid(),
                ConversationId = input.Conversation.Id,
                FirmId = input.Firm.Pack.Id,
                ProcedureId = definition.Id,
                Topic = topic,
                Step = step,
                StateJson = stateJson,
                StartedAt = input.Now,
                UpdatedAt = input.Now,
            };
            db.ProcedureRuns.Add(run);
            db.AuditEvents.Add(AuditLog.Event("procedure.started", "system", input.Now, new { procedure = definition.Id, topic }, input.Firm.Pack.Id, input.Conversation.Id, input.Turn.Id));
        }
        run.Step = step;
        run.StateJson = stateJson;
        run.Outcome = state.Outcome;
        run.Active = state.Step != ProcedureStep.Done;
        run.UpdatedAt = input.Now;
        run.LastTurnId = input.Turn.Id;
        run.Version++;
        db.AuditEvents.Add(AuditLog.Event("procedure.step", "system", input.Now,
            new { procedure = definition.Id, step, outcome = state.Outcome, slots = state.Slots.Keys }, input.Firm.Pack.Id, input.Conversation.Id, input.Turn.Id));
    }

    private static void Close(TandemDbContext db, ProcedureRun run, string outcome, ProcedureTurnInput input)
    {
        run.Active = false;
        run.Outcome = outcome;
        run.Step = "done";
        run.UpdatedAt = input.Now;
        run.LastTurnId = input.Turn.Id;
        run.Version++;
        db.AuditEvents.Add(AuditLog.Event("procedure.ended", "system", input.Now, new { procedure = run.ProcedureId, outcome }, input.Firm.Pack.Id, input.Conversation.Id, input.Turn.Id));
    }
}
