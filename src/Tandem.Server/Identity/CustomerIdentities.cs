using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Server.Actions;
using Tandem.Server.Actions.Commerce;
using Tandem.Server.Audit;
using Tandem.Server.Conversations;

namespace Tandem.Server.Identity;

/// <summary>The result of an in-chat verification attempt.</summary>
/// <param name="AttemptsLeft">Attempts left before the conversation goes to a person.</param>
internal sealed record VerificationResult(bool Verified, string Message, int AttemptsLeft, bool Exhausted);

/// <summary>
/// The verified customer on a conversation: read from it, set by a token when the conversation starts,
/// or by e-mail address and order number in the chat. Changes are staged on the caller's context and
/// audited, so they commit with whatever caused them.
/// </summary>
internal static class CustomerIdentities
{
    public const string MismatchMessage =
        "I can't find an order with those details. Please check the email address and order number and try again.";

    public static CustomerIdentity? Of(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return conversation.IdentityMethod is null || conversation.VerifiedAt is null
            ? null
            : new CustomerIdentity(conversation.VerifiedCustomerId, conversation.VerifiedEmail, conversation.IdentityMethod, conversation.VerifiedAt.Value,
                Json.Read<List<string>>(conversation.VerifiedRecordsJson));
    }

    public static void SetFromToken(TandemDbContext db, Conversation conversation, string customerId, DateTimeOffset expires, DateTimeOffset now)
    {
        conversation.VerifiedCustomerId = customerId;
        conversation.IdentityMethod = IdentityMethods.Token;
        conversation.VerifiedAt = now;
        conversation.VerifiedRecordsJson = "[]";
        db.AuditEvents.Add(AuditLog.Event("customer.verified", "customer", now,
            new { method = IdentityMethods.Token, customerId, tokenExpires = expires }, conversation.FirmId, conversation.Id));
    }

    /// <summary>
    /// E-mail address and order number must match the same order. The answer never says which half was
    /// wrong, nor whether the e-mail address is known (support policy section 6). A token-verified
    /// conversation already covers the customer's orders and is left as it is.
    /// </summary>
    public static async Task<VerificationResult> VerifyInChatAsync(TandemDbContext db, Conversation conversation, string email, string orderNumber,
        int maxAttempts, string actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(conversation);
        var number = CommerceConnector.Normalise(orderNumber);
        var normalisedEmail = email.Trim().ToLowerInvariant();
        var order = await db.CommerceOrders.AsNoTracking()
            .Where(o => o.FirmId == conversation.FirmId && o.OrderNumber == number)
            .Select(o => new { o.CustomerId, o.Email })
            .FirstOrDefaultAsync(ct);
        var left = Math.Max(0, maxAttempts - conversation.VerificationFailures);
        if (left == 0)
        {
            return new VerificationResult(false, MismatchMessage, 0, true);
        }
        if (order is null || order.Email != normalisedEmail)
        {
            conversation.VerificationFailures++;
            left = Math.Max(0, maxAttempts - conversation.VerificationFailures);
            // The attempt is audited without the e-mail address or order number that were typed.
            db.AuditEvents.Add(AuditLog.Event("customer.verification_failed", actor, now,
                new { method = IdentityMethods.Chat, failures = conversation.VerificationFailures, attemptsLeft = left }, conversation.FirmId, conversation.Id));
            return new VerificationResult(false, MismatchMessage, left, left == 0);
        }
        if (conversation.IdentityMethod == IdentityMethods.Token)
        {
            return new VerificationResult(true, $"Thanks, you're already signed in, so I can look at order {number}.", left, false);
        }
        var records = Json.Read<List<string>>(conversation.VerifiedRecordsJson);
        if (!records.Contains(number, StringComparer.Ordinal))
        {
            records.Add(number);
        }
        conversation.IdentityMethod = IdentityMethods.Chat;
        conversation.VerifiedCustomerId = order.CustomerId;
        conversation.VerifiedEmail = normalisedEmail;
        conversation.VerifiedAt = now;
        conversation.VerifiedRecordsJson = Json.Write(records);
        db.AuditEvents.Add(AuditLog.Event("customer.verified", actor, now,
            new { method = IdentityMethods.Chat, customerId = order.CustomerId, records }, conversation.FirmId, conversation.Id));
        return new VerificationResult(true, $"Thanks, those details match, so I can now help with order {number}.", left, false);
    }
}
