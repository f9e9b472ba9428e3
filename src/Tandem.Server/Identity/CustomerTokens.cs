using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tandem.Server.Identity;

/// <summary>Why a customer token was not accepted.</summary>
internal enum TokenProblem
{
    None,
    Malformed,
    BadSignature,
    WrongFirm,
    Expired,
}

internal sealed record TokenCheck(TokenProblem Problem, string? CustomerId, DateTimeOffset? Expires)
{
    public bool Valid => Problem == TokenProblem.None;
}

/// <summary>
/// Signed customer tokens from a firm's website (docs/identity.md):
/// <c>base64url(payload) "." base64url(HMAC-SHA256(secret, base64url(payload)))</c>, where payload is
/// the UTF-8 JSON <c>{"sub":"&lt;customer id&gt;","exp":&lt;unix seconds&gt;,"firm":"&lt;firm id&gt;"}</c>.
/// The MAC covers the encoded payload exactly as sent, so no JSON canonicalisation is needed on either side.
/// </summary>
internal static class CustomerTokens
{
    /// <summary>Clocks on the firm's web server and here may disagree by this much.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public static string Create(string secret, string customerId, string firm, DateTimeOffset expires)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(customerId, expires.ToUnixTimeSeconds(), firm));
        var encoded = Base64Url.EncodeToString(payload);
        return encoded + "." + Base64Url.EncodeToString(Mac(secret, encoded));
    }

    public static TokenCheck Check(string token, string secret, string firm, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Trim().Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return new TokenCheck(TokenProblem.Malformed, null, null);
        }
        byte[] signature;
        byte[] payloadBytes;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[1]);
            payloadBytes = Base64Url.DecodeFromChars(parts[0]);
        }
        catch (FormatException)
        {
            return new TokenCheck(TokenProblem.Malformed, null, null);
        }
        // Constant time, so the time taken does not reveal how much of a forged signature was right.
        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(secret, parts[0])))
        {
            return new TokenCheck(TokenProblem.BadSignature, null, null);
        }
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(payloadBytes);
        }
        catch (JsonException)
        {
            return new TokenCheck(TokenProblem.Malformed, null, null);
        }
        if (payload is null || string.IsNullOrWhiteSpace(payload.sub) || payload.exp <= 0)
        {
            return new TokenCheck(TokenProblem.Malformed, null, null);
        }
        if (!string.Equals(payload.firm, firm, StringComparison.Ordinal))
        {
            return new TokenCheck(TokenProblem.WrongFirm, payload.sub, null);
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.exp);
        return now > expires + ClockSkew
            ? new TokenCheck(TokenProblem.Expired, payload.sub, expires)
            : new TokenCheck(TokenProblem.None, payload.sub.Trim(), expires);
    }

    private static byte[] Mac(string secret, string encodedPayload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(encodedPayload));

#pragma warning disable IDE1006, CA1812 // The wire names are lower case; instantiated by the serializer.
    private sealed record Payload(string? sub, long exp, string? firm);
#pragma warning restore IDE1006, CA1812
}
