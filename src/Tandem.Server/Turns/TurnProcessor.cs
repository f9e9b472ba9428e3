using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Rules.Routing;
using Tandem.Rules.Text;
using Tandem.Server.Actions;
using Tandem.Server.Audit;
using Tandem.Server.Complaints;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;
using Tandem.Server.Hosting;
using Tandem.Server.Identity;
using Tandem.Server.Insights;
using Tandem.Server.Intake;
using Tandem.Server.Privacy;
using Tandem.Server.Procedures;
using Tandem.Server.Realtime;

namespace Tandem.Server.Turns;

/// <summary>
/// Processes pending turns. The database is the queue: a turn stays pending until a node claims it
/// with a lease, runs the pipeline and commits the outcome (reply or draft or handoff, turn record
/// and audit events) in one transaction. A crash before that commit leaves the turn pending, and the
/// sweep picks it up again once the lease has lapsed; a crash after it leaves nothing to redo. So an
/// accepted message is never lost and never answered twice.
/// </summary>
internal sealed class TurnProcessor(
    TurnQueue queue,
    IDbContextFactory<TandemDbContext> contexts,
    FirmRegistry firms,
    Handoffs handoffs,
    ActionGateway gateway,
    ProcedureRunner procedures,
    Llm.LlmClients llmClients,
    Llm.LlmResponder llmResponder,
    Llm.LlmBudget llmBudget,
    IOptions<ActionsOptions> actionOptions,
    ConversationEvents events,
    TimeProvider clock,
    IOptions<TandemOptions> options,
    IServiceScopeFactory scopes,
    ILogger<TurnProcessor> logger) : BackgroundService
{
    private static readonly string[] ProcessingFailed = ["processing_failed"];
    private static readonly string[] ExplanationRequested = ["explanation_request"];
    private readonly string _node = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Processing;
        if (settings.Workers <= 0)
        {
            return; // An intake-only node: it accepts and stores messages; other nodes process them.
        }
        var workers = Enumerable.Range(0, settings.Workers).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(SweepAsync(settings.SweepInterval, stoppingToken));
        await Task.WhenAll(workers);
    }

    /// <summary>Finds turns that are pending and unclaimed (or whose lease lapsed) — including those left by a crash.</summary>
    private async Task SweepAsync(TimeSpan interval, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var now = clock.GetUtcNow();
                var due = await db.Turns.AsNoTracking()
                    .Where(t => t.Status == TurnStatus.Pending && (t.LeaseUntil == null || t.LeaseUntil < now))
                    .OrderBy(t => t.CreatedAt)
                    .Select(t => t.Id)
                    .Take(100)
                    .ToListAsync(ct);
                foreach (var id in due)
                {
                    queue.Enqueue(id);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "Sweeping for pending turns failed; trying again shortly");
            }
            try
            {
                await Task.Delay(interval, clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var turnId in queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await ProcessAsync(turnId, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Never let one bad turn stop the worker; the turn stays pending or is failed over to a person.
                    logger.LogError(ex, "Processing turn {Turn} failed", turnId);
                    await FailAsync(turnId, ex, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: pending turns stay in the database for the next start.
        }
    }

    public async Task ProcessAsync(Guid turnId, CancellationToken ct)
    {
        var lease = options.Value.Processing.Lease;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var claimed = await db.Turns
            .Where(t => t.Id == turnId && t.Status == TurnStatus.Pending && (t.LeaseUntil == null || t.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.LeaseOwner, _node)
                .SetProperty(t => t.LeaseUntil, now + lease)
                .SetProperty(t => t.Attempts, t => t.Attempts + 1), ct);
        if (claimed == 0)
        {
            return; // Done already, or another worker or node has it.
        }

        var turn = await db.Turns.FirstAsync(t => t.Id == turnId, ct);
        var message = await db.Messages.FirstAsync(m => m.Id == turn.MessageId, ct);
        var conversation = await db.Conversations.FirstAsync(c => c.Id == turn.ConversationId, ct);
        var firm = firms.Find(turn.FirmId)
            ?? throw new InvalidOperationException($"Firm '{turn.FirmId}' is not loaded on this node.");
        var firmRow = await db.Firms.AsNoTracking().FirstAsync(f => f.Id == turn.FirmId, ct);
        var modes = await db.TopicSettings.AsNoTracking().Where(t => t.FirmId == turn.FirmId).ToListAsync(ct);
        var earlier = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Author == Authors.Customer && m.CreatedAt < message.CreatedAt)
            .OrderBy(m => m.CreatedAt).Select(m => m.Text).ToListAsync(ct);
        var earlierReasons = await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversation.Id && t.Status == TurnStatus.Completed && t.CreatedAt < turn.CreatedAt)
            .OrderByDescending(t => t.CreatedAt).Select(t => t.ReasonsJson).Take(5).ToListAsync(ct);
        var withHuman = conversation.Status == ConversationStatus.HandedOff || conversation.AssignedTo is not null;

        var context = new TurnContext
        {
            Text = message.Text,
            Now = now,
            ConversationWithHuman = withHuman,
            // The firm's switch or its channel's: either puts the conversation with a person from this turn on.
            KillSwitch = firmRow.KillSwitch || Json.Read<List<string>>(firmRow.KillSwitchChannelsJson).Contains(conversation.Channel, StringComparer.OrdinalIgnoreCase),
            Modes = modes.ToDictionary(t => t.TopicId, t => ModeNames.TryParseMode(t.Mode, out var m) ? m : TopicMode.Copilot),
            EarlierCustomerTexts = earlier,
            EarlierReasons = [.. earlierReasons.Select(r => (IReadOnlyList<string>)Json.Read<List<string>>(r))],
        };
        var understood = TurnPipeline.Understand(firm, context);
        // "Why did you say that?" is answered from the record of the previous answer, not by the
        // pipeline. A prompt-injection signal doesn't stop it (no model is prompted: the reply is the
        // record), nor does a complaint (its record still opens); any other signal, such as a request
        // for a person or a vulnerability, goes through the pipeline to a person.
        // The question's form is known (a short message the pattern matches), so its signals are the
        // rules' and anchors' alone: the trained heads never saw such questions and read "why did you
        // say that?" as a complaint and as abuse. Any rule-raised signal still counts.
        if (!context.KillSwitch && !withHuman && ExplanationRequest.IsMatch(message.Text)
            && firm.Understander.SignalsWithoutHeads(message.Text, understood.Vector) is var plain
            && plain.TrueForAll(s => s.Kind is SignalKind.PromptInjection or SignalKind.Complaint))
        {
            await ExplainAsync(db, turn, message, conversation, firm, context, understood.Understanding with { Signals = plain }, ct);
            return;
        }
        // The conversation's procedure, if the message starts or continues one: it calls the gateway
        // (so it can't be part of the pure pipeline) and its reply becomes the turn's draft.
        var procedure = context.KillSwitch ? null : await procedures.RunAsync(db,
            new ProcedureTurnInput(firm, conversation, turn, message, understood.Understanding, context.Modes, withHuman, now), ct);
        var (outcome, llm) = await DraftAsync(db, firm, context, understood, procedure, conversation, turn, message, ct);
        await ProcedureRunner.SettleAsync(db, conversation.Id, outcome.Decision.Decision, now, turn.Id, ct);

        // A procedure verifies the customer itself, as one of its steps. A match is told at once, as
        // below; details that don't match are said in the procedure's reply, so not twice.
        var (verification, verificationMessage) = procedure is null
            ? await VerifyInChatAsync(db, conversation, firm, turn, outcome.Understanding, now, ct)
            : procedure.Verification is { Verified: true } matched ? (matched, Told(db, conversation, turn, matched.Message, now)) : (null, null);
        outcome = await ActAsync(turn, message, conversation, outcome, ct);
        Record(db, turn, outcome, now);
        if (outcome.Understanding.Signals.Any(s => s.Kind == SignalKind.Complaint))
        {
            // A complaint is a record the firm must keep (FCA DISP 1.9.1), opened with the turn that
            // raised it; the customer's own words are its summary until staff write a better one.
            await ComplaintRecords.OpenAsync(db, conversation, firm.Pack, message.Text, "signal", message.CreatedAt, ct);
        }
        var waitingDrafts = await db.Drafts.Where(d => d.ConversationId == conversation.Id && d.Status == DraftStatus.Pending).ToListAsync(ct);
        var toAnnounce = new List<Message>();
        if (verificationMessage is not null)
        {
            toAnnounce.Add(verificationMessage);
        }
        if (verification?.Exhausted == true && !withHuman)
        {
            // Too many details that did not match: a person takes over (support policy section 6).
            toAnnounce.Add(handoffs.Stage(db, conversation, firm, turn.Id, ["verification_failed"], urgent: false, "system", outcome.Understanding.Topic));
        }
        else
        {
            toAnnounce.AddRange(Deliver(db, turn, conversation, firm, outcome, withHuman, waitingDrafts, now));
        }
        conversation.Language ??= outcome.Understanding.Language;
        turn.Status = TurnStatus.Completed;
        turn.CompletedAt = clock.GetUtcNow();
        turn.LeaseOwner = null;
        turn.LeaseUntil = null;
        db.AuditEvents.Add(AuditLog.Event("turn.completed", "system", turn.CompletedAt.Value,
            new { decision = turn.Decision, reasons = outcome.Decision.ReasonWireNames, confidence = turn.Confidence },
            turn.FirmId, conversation.Id, turn.Id));
        await db.SaveChangesAsync(ct);

        // Sentences streamed to the customer that are not now the committed reply are taken back first
        // (docs/adr/0009-streaming-replies.md): the committed messages are the source of truth.
        if (llm is { Released: > 0 } && (llm.Failure is not null || outcome.Decision.Decision != Decision.Send))
        {
            events.Publish(new ConversationEvent("retract", conversation.Id, conversation.FirmId, new { turnId = turn.Id }));
        }
        foreach (var m in toAnnounce)
        {
            events.Publish(new ConversationEvent("message", conversation.Id, conversation.FirmId, MessageDto.From(m)));
        }
        events.Publish(new ConversationEvent("status", conversation.Id, conversation.FirmId, new { status = conversation.Status }));
        events.Publish(new ConversationEvent("inbox", conversation.Id, conversation.FirmId, null));

        // A complaint after the first message counts against the topic the conversation came about
        // (docs/metrics.md); an autonomous topic whose complaints regress goes back to co-pilot now.
        if (earlier.Count > 0 && outcome.Understanding.Signals.Any(s => s.Kind == SignalKind.Complaint))
        {
            await CheckComplaintsAsync(db, conversation, ct);
        }
    }

    /// <summary>Answers an explanation request from the stored previous turn and completes this turn with it.</summary>
    private async Task ExplainAsync(TandemDbContext db, Turn turn, Message message, Conversation conversation, LoadedFirm firm, TurnContext context,
        Understanding.Understanding understanding, CancellationToken ct)
    {
        var now = context.Now;
        turn.Language = understanding.Language;
        turn.SignalsJson = Json.Write(understanding.Signals.Select(s => new SignalDto(s.Kind.ToWire(), s.Evidence)));
        if (understanding.Signals.Any(s => s.Kind == SignalKind.Complaint))
        {
            await ComplaintRecords.OpenAsync(db, conversation, firm.Pack, message.Text, "signal", message.CreatedAt, ct);
        }
        var explanation = await Explanations.ForPreviousAnswerAsync(db, firm, conversation.Id, message.CreatedAt, context.Modes, ct);
        var reply = new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            Author = Authors.Ai,
            Text = explanation.Text,
            CitationsJson = Json.Write(explanation.Citations),
            TurnId = turn.Id,
            CreatedAt = now,
        };
        db.Messages.Add(reply);
        turn.Decision = Decision.Send.ToWire();
        turn.ReasonsJson = Json.Write(ExplanationRequested);
        turn.Explanation = explanation.ExplainedTurnId is { } explained
            ? $"Sent automatically: the customer asked why; answered from the record of turn {explained}."
            : "Sent automatically: the customer asked why, and there was no earlier answer to explain.";
        turn.CitationsJson = reply.CitationsJson;
        turn.Status = TurnStatus.Completed;
        turn.CompletedAt = clock.GetUtcNow();
        turn.LeaseOwner = null;
        turn.LeaseUntil = null;
        conversation.UpdatedAt = now;
        db.AuditEvents.Add(AuditLog.Event("turn.explained", "system", now,
            new { explainedTurn = explanation.ExplainedTurnId, messageId = reply.Id, text = reply.Text }, turn.FirmId, conversation.Id, turn.Id));
        db.AuditEvents.Add(AuditLog.Event("turn.completed", "system", turn.CompletedAt.Value,
            new { decision = turn.Decision, reasons = ExplanationRequested, confidence = turn.Confidence }, turn.FirmId, conversation.Id, turn.Id));
        await db.SaveChangesAsync(ct);
        events.Publish(new ConversationEvent("message", conversation.Id, conversation.FirmId, MessageDto.From(reply)));
    }

    /// <summary>
    /// Stages 5–7. With a language model configured for the firm (and no procedure in charge, no kill
    /// switch, no person on the conversation), the model drafts between the pure halves of the
    /// pipeline; if it fails in any way, the embedded responder drafts instead, so the customer still
    /// gets an answer or a holding message within the turn budget.
    /// </summary>
    private async Task<(TurnOutcome Outcome, Llm.LlmResult? Llm)> DraftAsync(TandemDbContext db, LoadedFirm firm, TurnContext context, Understood understood,
        ProcedureTurn? procedure, Conversation conversation, Turn turn, Message message, CancellationToken ct)
    {
        var provider = procedure is null && !context.KillSwitch && !context.ConversationWithHuman ? llmClients.For(firm) : null;
        if (provider is null)
        {
            return (TurnPipeline.Run(firm, context, understood, procedure), null);
        }
        var prepared = TurnPipeline.Prepare(firm, context, understood, null);
        var draftInput = new { responder = "llm", mode = prepared.Mode.ToWire(), modeFrom = prepared.ModeTopic };
        // What a good draft would get: a handoff needs no draft (and costs nothing); only a reply that
        // would be sent is streamed to the customer.
        var wouldBe = Router.Decide(TurnPipeline.RoutingFor(firm, context, prepared, hasDraft: true, guardPassed: true)).Decision;
        if (prepared.Mode == TopicMode.Human || wouldBe == Decision.Handoff)
        {
            return (Embedded(firm, context, prepared, new { skipped = wouldBe == Decision.Handoff ? "handoff" : "human_topic" }), null);
        }
        // The customer's five seconds run from their message, not from when a worker took the turn.
        var waited = context.Now - message.CreatedAt;
        if (llmClients.Options.ModelTimeAfter(waited) is not { } modelTime)
        {
            return (Embedded(firm, context, prepared, new { skipped = "queue_wait", waitedMs = (long)waited.TotalMilliseconds }), null);
        }
        // The firm's monthly budget (firm.yaml llm_budget): once it is spent, the embedded responder answers.
        var budget = await llmBudget.CheckAsync(db, firm.Pack.Id, context.Now, ct);
        if (budget.State == Llm.BudgetState.Stopped)
        {
            return (Embedded(firm, context, prepared, new { skipped = "budget_stopped", budget = budget.Reason }), null);
        }
        var history = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.CreatedAt < message.CreatedAt && (m.Author == Authors.Customer || m.Author == Authors.Ai || m.Author == Authors.Agent))
            .OrderByDescending(m => m.CreatedAt).Take(6).Select(m => new { m.Author, m.Text }).ToListAsync(ct);
        var result = await llmResponder.RespondAsync(provider, new Llm.LlmTurnInput
        {
            Redaction = new Tandem.Rules.Privacy.RedactionOptions
            {
                KnownNames = Llm.CustomerNames.For(firm, CustomerIdentities.Of(conversation)),
                OrderNumberPattern = firm.Pack.Profile.OrderNumberPattern,
            },
            Firm = firm,
            Conversation = conversation,
            TurnId = turn.Id,
            MessageId = message.Id,
            Text = context.Text,
            Understanding = prepared.Understanding,
            Retrieved = prepared.Retrieved,
            Mode = prepared.Mode,
            Topic = prepared.ModeTopic ?? prepared.Understanding.Topic,
            StreamToCustomer = wouldBe == Decision.Send,
            History = [.. history.AsEnumerable().Reverse().Select(m => (m.Author, m.Text))],
            ModelTime = modelTime,
        }, ct);
        // Every call that answered is charged, whether or not its draft is used; it commits with the turn.
        foreach (var (input, output) in result.Calls)
        {
            llmBudget.Record(db, new Llm.LlmUsageRecord(firm.Pack.Id, conversation.Id, turn.Id, prepared.ModeTopic ?? prepared.Understanding.Topic,
                provider.Settings.Provider, provider.Settings.Model, input, output, context.Now));
        }
        if (result.Failure is not null || result.Draft is null)
        {
            return (Embedded(firm, context, prepared, new { fallback = result.Failure, llm = result.Audit }, result.Actions), result);
        }
        var retrievalScore = prepared.Retrieved.Count > 0 ? prepared.Retrieved[0].Score : 0;
        var outcome = TurnPipeline.Finish(firm, context, prepared, result.Draft, draftInput, result.Audit, result.Guard, result.Grounds,
            evidenceScore: result.CitesToolResult ? Math.Max(retrievalScore, 1.0) : null, extraActions: result.Actions);
        return (outcome, result);

        static TurnOutcome Embedded(LoadedFirm firm, TurnContext context, TurnPrepared prepared, object audit, IReadOnlyList<ProposedAction>? actions = null) =>
            TurnPipeline.Finish(firm, context, prepared,
                Responding.EmbeddedResponder.Draft(firm.Pack.Id, prepared.Retrieved, prepared.Mode, firm.Pack.Policy.EvidenceThreshold, Responding.AnswerRule.Of(firm.Pack.Policy)),
                new { responder = "embedded", mode = prepared.Mode.ToWire(), modeFrom = prepared.ModeTopic }, audit, extraActions: actions);
    }

    /// <summary>
    /// In-chat verification: a message with an e-mail address and an order number is checked against
    /// the commerce connector's orders. The result is staged on the turn's context, so it commits with
    /// the turn, and the customer is told whether the details matched (never which half was wrong).
    /// </summary>
    private async Task<(VerificationResult? Result, Message? Told)> VerifyInChatAsync(TandemDbContext db, Conversation conversation, LoadedFirm firm, Turn turn,
        Understanding.Understanding understanding, DateTimeOffset now, CancellationToken ct)
    {
        var email = understanding.Entities.FirstOrDefault(e => e.Kind == "email")?.Value;
        var order = understanding.Entities.FirstOrDefault(e => e.Kind == "order_number")?.Value;
        if (email is null || order is null || firm.Pack.Seed.OrdersPath is null)
        {
            return (null, null);
        }
        var identity = CustomerIdentities.Of(conversation);
        if (identity is not null && (identity.CoversAllRecords || identity.Records.Contains(order, StringComparer.OrdinalIgnoreCase)))
        {
            return (null, null);
        }
        var result = await CustomerIdentities.VerifyInChatAsync(db, conversation, email, order, actionOptions.Value.MaxVerificationAttempts, "customer", now, ct);
        return (result, Told(db, conversation, turn, result.Message, now));
    }

    private static Message Told(TandemDbContext db, Conversation conversation, Turn turn, string text, DateTimeOffset now)
    {
        var told = new Message
        {
            Id = Guid.NewGuid(),
            ConversationId = conversation.Id,
            Author = Authors.System,
            Text = text,
            TurnId = turn.Id,
            CreatedAt = now,
        };
        db.Messages.Add(told);
        return told;
    }

    /// <summary>
    /// Stage 4's calls: each tool call the pipeline planned goes through the gateway, keyed by this
    /// message, so processing the turn again after a crash returns the first outcome rather than acting twice.
    /// </summary>
    private async Task<TurnOutcome> ActAsync(Turn turn, Message message, Conversation conversation, TurnOutcome outcome, CancellationToken ct)
    {
        if (outcome.Act.Planned.Count == 0)
        {
            return outcome;
        }
        var actions = new List<ProposedAction>(outcome.Act.Actions);
        foreach (var planned in outcome.Act.Planned)
        {
            var topic = planned.Topic ?? outcome.Understanding.Topic;
            var result = await gateway.RunAsync(new ActionRequest
            {
                FirmId = turn.FirmId,
                ConversationId = conversation.Id,
                TurnId = turn.Id,
                Customer = CustomerIdentities.Of(conversation),
                Topic = topic,
                Mode = outcome.Mode,
                Tool = planned.Tool,
                Arguments = planned.Arguments,
                IdempotencyKey = ActionKeys.ForTurn(message.Id, planned.Tool, planned.Arguments),
                Caller = ActionCaller.Procedure,
                Actor = "system",
            }, ct);
            actions.Add(new ProposedAction(planned.Tool, result.Status.ToString().ToLowerInvariant(), planned.Arguments, result.Result?.GetRawText() ?? result.Reason,
                result.Status == ActionStatus.Proposed));
        }
        return outcome with { Act = outcome.Act with { Actions = actions } };
    }

    /// <summary>Stage 9 for the pipeline's stages: the turn row and one audit event per stage.</summary>
    private static void Record(TandemDbContext db, Turn turn, TurnOutcome outcome, DateTimeOffset now)
    {
        var u = outcome.Understanding;
        turn.Language = u.Language;
        turn.Topic = u.Topic;
        turn.TopicConfidence = u.TopicConfidence;
        turn.OutOfScope = u.OutOfScope;
        turn.SignalsJson = Json.Write(u.Signals.Select(s => new SignalDto(s.Kind.ToWire(), s.Evidence)));
        turn.EntitiesJson = Json.Write(u.Entities.Select(e => new EntityDto(e.Kind, e.Value)));
        turn.Confidence = outcome.Confidence;
        turn.Decision = outcome.Decision.Decision.ToWire();
        turn.ReasonsJson = Json.Write(outcome.Decision.ReasonWireNames);
        turn.Explanation = outcome.Decision.Explanation;
        turn.DraftText = outcome.Draft.Text;
        turn.CitationsJson = Json.Write(outcome.Draft.Citations.Select(c => new CitationDto(c.Source, c.Title, c.Url, c.PassageId)));
        turn.ActionsJson = Json.Write(outcome.Act.Actions.Select(a => new { name = a.Name, status = a.Status, arguments = a.Arguments, result = a.Result }));
        turn.GuardJson = outcome.Guard is null ? null : Json.Write(new { passed = outcome.Guard.Passed, problems = outcome.Guard.Problems });
        foreach (var stage in outcome.Stages)
        {
            db.AuditEvents.Add(AuditLog.Event($"turn.{stage.Stage}", "system", now,
                new { input = stage.Input, output = stage.Output }, turn.FirmId, turn.ConversationId, turn.Id));
        }
    }

    /// <summary>Stage 8: the reply to the customer, the draft to the inbox, or the handoff.</summary>
    private List<Message> Deliver(TandemDbContext db, Turn turn, Conversation conversation, LoadedFirm firm, TurnOutcome outcome, bool withHuman,
        List<Draft> waitingDrafts, DateTimeOffset now)
    {
        var announce = new List<Message>();
        var citations = Json.Write(outcome.Draft.Citations.Select(c => new CitationDto(c.Source, c.Title, c.Url, c.PassageId)));
        switch (outcome.Decision.Decision)
        {
            case Decision.Send:
                var reply = new Message
                {
                    Id = Guid.NewGuid(),
                    ConversationId = conversation.Id,
                    Author = Authors.Ai,
                    Text = outcome.Draft.Text!,
                    CitationsJson = citations,
                    TurnId = turn.Id,
                    CreatedAt = now,
                };
                db.Messages.Add(reply);
                announce.Add(reply);
                db.AuditEvents.Add(AuditLog.Event("turn.deliver", "system", now, new { to = "customer", messageId = reply.Id, text = reply.Text }, turn.FirmId, conversation.Id, turn.Id));
                break;
            case Decision.Review:
                // Earlier drafts still waiting are overtaken by the customer's newer message.
                foreach (var stale in waitingDrafts)
                {
                    stale.Status = DraftStatus.Superseded;
                }
                var draft = new Draft
                {
                    Id = Guid.NewGuid(),
                    ConversationId = conversation.Id,
                    TurnId = turn.Id,
                    FirmId = turn.FirmId,
                    Topic = outcome.Understanding.Topic,
                    Text = outcome.Draft.Text ?? "",
                    CitationsJson = citations,
                    Status = DraftStatus.Pending,
                    CreatedAt = now,
                };
                db.Drafts.Add(draft);
                db.AuditEvents.Add(AuditLog.Event("turn.deliver", "system", now, new { to = "inbox", draftId = draft.Id, text = draft.Text }, turn.FirmId, conversation.Id, turn.Id));
                // Support policy: the customer is told a person is checking the reply, and when to expect it.
                var holding = handoffs.Holding(conversation, firm, turn.Id);
                db.Messages.Add(holding);
                announce.Add(holding);
                break;
            case Decision.Handoff:
                if (withHuman)
                {
                    // Already with a person: nothing new to tell the customer; the agent sees the message in the inbox.
                    db.AuditEvents.Add(AuditLog.Event("turn.deliver", "system", now, new { to = "agent", note = "conversation already with a person" }, turn.FirmId, conversation.Id, turn.Id));
                }
                else
                {
                    announce.Add(handoffs.Stage(db, conversation, firm, turn.Id, outcome.Decision.ReasonWireNames, outcome.Decision.Urgent, "system", outcome.Understanding.Topic));
                    db.AuditEvents.Add(AuditLog.Event("turn.deliver", "system", now, new { to = "person", reasons = outcome.Decision.ReasonWireNames }, turn.FirmId, conversation.Id, turn.Id));
                }
                break;
        }
        conversation.UpdatedAt = now;
        return announce;
    }

    /// <summary>
    /// A turn that keeps failing is not dropped: after the last attempt it is marked failed and the
    /// conversation goes to a person with the firm's holding message.
    /// </summary>
    private async Task CheckComplaintsAsync(TandemDbContext db, Conversation conversation, CancellationToken ct)
    {
        try
        {
            var topic = await db.Turns.AsNoTracking()
                .Where(t => t.ConversationId == conversation.Id && t.Status == TurnStatus.Completed)
                .OrderBy(t => t.CreatedAt).Select(t => t.Topic).FirstOrDefaultAsync(ct);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AutoDemotion>().CheckComplaintsAsync(conversation.FirmId, topic, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The turn is committed and answered; a failed check is retried by the next complaint.
            logger.LogError(ex, "Checking complaint-rate demotion for conversation {Conversation} failed", conversation.Id);
        }
    }

    private async Task FailAsync(Guid turnId, Exception error, CancellationToken ct)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var turn = await db.Turns.FirstOrDefaultAsync(t => t.Id == turnId, ct);
            if (turn is null || turn.Status != TurnStatus.Pending)
            {
                return;
            }
            turn.LeaseOwner = null;
            turn.LeaseUntil = null;
            turn.Error = error.Message;
            if (turn.Attempts < options.Value.Processing.MaxAttempts)
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            var now = clock.GetUtcNow();
            turn.Status = TurnStatus.Failed;
            turn.Decision = Decision.Handoff.ToWire();
            turn.ReasonsJson = Json.Write(ProcessingFailed);
            turn.CompletedAt = now;
            db.AuditEvents.Add(AuditLog.Event("turn.failed", "system", now, new { error = error.Message, attempts = turn.Attempts }, turn.FirmId, turn.ConversationId, turn.Id));
            var conversation = await db.Conversations.FirstAsync(c => c.Id == turn.ConversationId, ct);
            Message? told = null;
            if (firms.Find(turn.FirmId) is { } firm && conversation.Status != ConversationStatus.HandedOff)
            {
                told = handoffs.Stage(db, conversation, firm, turn.Id, ProcessingFailed, urgent: false, "system");
            }
            await db.SaveChangesAsync(ct);
            if (told is not null)
            {
                handoffs.Announce(conversation, told);
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            logger.LogError(ex, "Could not record the failure of turn {Turn}; it stays pending and will be retried", turnId);
        }
    }
}
