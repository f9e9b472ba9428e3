namespace Tandem.Rules.Access;

/// <summary>
/// The password rule for staff accounts, after NCSC and NIST SP 800-63B: length matters, composition
/// rules do not. A passphrase of three or four ordinary words passes; "Password1!" does not. No expiry.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    // The passwords breach lists show first, at or over the minimum length; the rest of the rule catches
    // variations of the e-mail address and keyboard runs.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "password12345", "password123456", "passwordpassword", "123456789012", "1234567890123",
        "qwertyuiop12", "qwertyuiop123", "qwertyuiopasdf", "iloveyou1234", "letmein12345", "welcome12345",
        "administrator", "changeme1234", "football1234", "monkey123456", "abc123456789", "aaaaaaaaaaaa",
        "p@ssw0rd1234", "passw0rd1234", "qwerty123456", "1q2w3e4r5t6y", "trustno11234", "harbourhome1",
    };

    /// <summary>Why the password is refused, in a sentence for the person choosing it; null if it is acceptable.</summary>
    public static string? Problem(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Choose a password.";
        }
        if (password.Length < MinimumLength)
        {
            return $"Use at least {MinimumLength} characters; three or four ordinary words make a good passphrase.";
        }
        if (password.Length > MaximumLength)
        {
            return $"Use at most {MaximumLength} characters.";
        }
        if (Common.Contains(password) || password.Distinct().Count() <= 3)
        {
            return "That password is one of the first an attacker tries; choose another.";
        }
        var local = email?.Split('@')[0];
        if (!string.IsNullOrEmpty(local) && local.Length >= 4 && password.Contains(local, StringComparison.OrdinalIgnoreCase))
        {
            return "Don't build the password from your e-mail address.";
        }
        return null;
    }
}
