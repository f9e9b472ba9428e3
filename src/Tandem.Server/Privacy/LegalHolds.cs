using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Actions;

namespace Tandem.Server.Privacy;

/// <summary>Where a held record lives: a whole conversation, or one row of a table.</summary>
internal static class HeldStore
{
    public const string Conversation = "conversation";
    public const string ActionCall = "action_calls";
}

/// <summary>Why a record is kept.</summary>
internal static class HoldBasis
{
    public const string Complaint = "complaint";
    public const string Tax = "tax";
    public const string Explicit = "explicit";
}

/// <summary>A record a firm must keep, which erasure and retention leave in place, with the reason.</summary>
internal sealed record HeldItem(string Store, string RecordId, Guid? ConversationId, string Basis, string Reason);

/// <summary>
/// The one place that says what a firm must keep. Erasure (and retention) ask it before removing
/// anything; a new kind of hold — a complaints table, say — is added here and nowhere else.
/// </summary>
internal static class LegalHolds
{
    public const string ComplaintReason =
        "A complaint record: the firm keeps complaint records for at least three years (FCA DISP 1.9), so the conversation that carried it is kept.";

    public const string ComplaintRecordReason = "complaint record (FCA DISP 1.9.1: keep 3 years)";

    public const string TaxReason =
        "A payment or refund: HMRC requires business records of sales and refunds for six years; the amounts and order number are kept, free text is removed.";

    public static Task<IReadOnlyList<HeldItem>> FindAsync(TandemDbContext db, string firmId, IReadOnlyCollection<Guid> conversationIds, CancellationToken ct) =>
        FindAsync(db, firmId, conversationIds, [], ct);

    /// <param name="now">When a complaint record's three-year hold is judged; null (erasure) holds every complaint record's conversations whatever their age.</param>
    public static Task<IReadOnlyList<HeldItem>> FindAsync(TandemDbContext db, string firmId, IReadOnlyCollection<Guid> conversationIds, DateTimeOffset? now, CancellationToken ct) =>
        FindAsync(db, firmId, conversationIds, [], ct, now);

    /// <param name="customerKeys">The person's customer ids and e-mail addresses: a hold placed on the person covers all their conversations.</param>
    public static async Task<IReadOnlyList<HeldItem>> FindAsync(TandemDbContext db, string firmId, IReadOnlyCollection<Guid> conversationIds,
        IReadOnlyCollection<string> customerKeys, CancellationToken ct, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = conversationIds.Distinct().ToList();
        var keys = customerKeys.Select(k => k.Trim().ToLowerInvariant()).Distinct().ToList();
        var held = new List<HeldItem>();

        // Explicit holds an admin placed, on a conversation or on the person.
        var explicitHolds = await db.LegalHolds.AsNoTracking()
            .Where(h => h.FirmId == firmId && h.LiftedAt == null
                && ((h.ConversationId != null && ids.Contains(h.ConversationId.Value)) || (h.CustomerKey != null && keys.Contains(h.CustomerKey))))
            .ToListAsync(ct);
        foreach (var hold in explicitHolds)
        {
            var covered = hold.ConversationId is { } one ? [one] : ids;
            foreach (var id in covered)
            {
                held.Add(new(HeldStore.Conversation, id.ToString(), id, HoldBasis.Explicit,
                    $"Legal hold placed by {hold.PlacedBy} on {hold.PlacedAt:yyyy-MM-dd}: {hold.Reason}"));
            }
        }

        // Complaint records (docs/privacy-governance.md): held while open and for three years from
        // receipt (always, for erasure). Every conversation the record links is held.
        var recorded = await ComplaintRecordHolds.HeldConversationsAsync(db, firmId, now, ct);
        foreach (var id in ids.Where(recorded.Contains))
        {
            held.Add(new(HeldStore.Conversation, id.ToString(), id, HoldBasis.Complaint, ComplaintRecordReason));
        }

        // Complaints from before complaint records existed: a turn of the conversation carried the complaint signal.
        var complaints = await db.Turns.AsNoTracking()
            .Where(t => t.FirmId == firmId && ids.Contains(t.ConversationId) && t.SignalsJson.Contains("\"complaint\""))
            .Select(t => t.ConversationId).Distinct().ToListAsync(ct);
        var withRecord = await db.Complaints.AsNoTracking().Where(c => c.FirmId == firmId && ids.Contains(c.ConversationId)).Select(c => c.ConversationId).ToListAsync(ct);
        foreach (var id in complaints.Where(c => !withRecord.Contains(c) && !recorded.Contains(c)))
        {
            held.Add(new(HeldStore.Conversation, id.ToString(), id, HoldBasis.Complaint, ComplaintReason));
        }

        // Tax: executed calls that moved money (their result names an amount).
        var executed = await db.ActionCalls.AsNoTracking()
            .Where(a => a.FirmId == firmId && ids.Contains(a.ConversationId) && a.Status == ActionCallStatus.Executed && a.ResultJson != null)
            .Select(a => new { a.Id, a.ConversationId, a.ResultJson })
            .ToListAsync(ct);
        foreach (var call in executed.Where(c => MovesMoney(c.ResultJson!)))
        {
            held.Add(new(HeldStore.ActionCall, call.Id.ToString(), call.ConversationId, HoldBasis.Tax, TaxReason));
        }
        return held;
    }

    /// <summary>A result that carries a sum of money: a property named for an amount or a currency (refundGbp, amount, fee_gbp) with a non-zero number.</summary>
    internal static bool MovesMoney(string resultJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(resultJson);
            return HasMoney(doc.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasMoney(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Any(p =>
            (p.Value.ValueKind == JsonValueKind.Number && IsMoneyName(p.Name) && p.Value.GetDouble() != 0) || HasMoney(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HasMoney),
        _ => false,
    };

    private static bool IsMoneyName(string name) =>
        name.Contains("gbp", StringComparison.OrdinalIgnoreCase) || name.Contains("amount", StringComparison.OrdinalIgnoreCase);
}
