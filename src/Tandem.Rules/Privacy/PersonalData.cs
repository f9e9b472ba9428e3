using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tandem.Rules.Privacy;

/// <summary>The kinds of personal data <see cref="PersonalData.Redact"/> can replace with placeholders.</summary>
[Flags]
public enum PersonalDataKinds
{
    None = 0,
    Names = 1,
    Emails = 2,
    Phones = 4,
    Postcodes = 8,
    Cards = 16,
    Ibans = 32,
    SortCodes = 64,
    AccountNumbers = 128,
    NationalInsuranceNumbers = 256,
    OrderNumbers = 512,
    All = Names | Emails | Phones | Postcodes | Cards | Ibans | SortCodes | AccountNumbers | NationalInsuranceNumbers | OrderNumbers,
}

/// <summary>What to redact for one firm and one customer.</summary>
public sealed record RedactionOptions
{
    /// <summary>The customer's names from the verified identity record (first and last names); matched whole-word, case-insensitively.</summary>
    public IReadOnlyList<string> KnownNames { get; init; } = [];

    /// <summary>The firm's order-number format (a regular expression), set only when the firm treats order numbers as personal data.</summary>
    public string? OrderNumberPattern { get; init; }

    public PersonalDataKinds Kinds { get; init; } = PersonalDataKinds.All;
}

/// <summary>One value replaced in a text.</summary>
public sealed record RedactedValue(PersonalDataKinds Kind, string Placeholder, string Original, int Start, int Length);

/// <summary>
/// A text with its personal data replaced by placeholders, and the map that puts it back. The map is
/// cumulative: pass this redaction to the next <see cref="PersonalData.Redact"/> of the same conversation
/// and the same value keeps the same placeholder.
/// </summary>
public sealed partial class Redaction
{
    private readonly Dictionary<string, string> _originals;

    internal Redaction(string text, IReadOnlyList<RedactedValue> found, Dictionary<string, string> originals)
    {
        Text = text;
        Found = found;
        _originals = originals;
    }

    /// <summary>The text with placeholders such as [EMAIL_1] and [NAME_2]: what may leave the machine.</summary>
    public string Text { get; }

    /// <summary>The values replaced in this text, in order.</summary>
    public IReadOnlyList<RedactedValue> Found { get; }

    /// <summary>Every placeholder known in the conversation so far, with the value it stands for.</summary>
    public IReadOnlyDictionary<string, string> Placeholders => _originals;

    /// <summary>
    /// Puts the originals back into a reply. A placeholder this conversation never issued (the model
    /// invented [CARD_9]) is left exactly as written, so a reviewer can see it rather than a silent gap.
    /// </summary>
    public string Restore(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (_originals.Count == 0)
        {
            return reply;
        }
        return PlaceholderPattern().Replace(reply, m =>
            _originals.TryGetValue(m.Value.ToUpperInvariant(), out var original) ? original : m.Value);
    }

    /// <summary>A redaction of nothing, to start a conversation from a map kept elsewhere.</summary>
    public static Redaction FromPlaceholders(IReadOnlyDictionary<string, string> placeholders)
    {
        ArgumentNullException.ThrowIfNull(placeholders);
        return new Redaction("", [], new Dictionary<string, string>(placeholders, StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\[(?:NAME|EMAIL|PHONE|POSTCODE|CARD|IBAN|SORT_CODE|ACCOUNT_NUMBER|NI_NUMBER|ORDER_NUMBER)_\d{1,6}\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex PlaceholderPattern();
}

/// <summary>
/// Finds personal data in text and replaces it with stable placeholders before the text leaves for a
/// language-model provider. Pattern and checksum rules only: a candidate must also pass its validity
/// check (Luhn for cards, mod-97 for IBANs, HMRC's prefix rules for National Insurance numbers, the
/// list of Royal Mail postcode areas), so dates, prices and order numbers stay readable to the model.
/// </summary>
public static partial class PersonalData
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    // A firm has one order format and a server a handful of firms: parse each pattern once, not per call.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> OrderPatterns = new(StringComparer.Ordinal);

    // Order matters only for ties: when two kinds claim exactly the same characters, the earlier wins.
    private static readonly PersonalDataKinds[] Precedence =
    [
        PersonalDataKinds.Emails, PersonalDataKinds.Ibans, PersonalDataKinds.Cards, PersonalDataKinds.NationalInsuranceNumbers,
        PersonalDataKinds.OrderNumbers, PersonalDataKinds.Phones, PersonalDataKinds.SortCodes, PersonalDataKinds.AccountNumbers,
        PersonalDataKinds.Postcodes, PersonalDataKinds.Names,
    ];

    public static Redaction Redact(string text, RedactionOptions options, Redaction? previous = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);

        var candidates = new List<Candidate>();
        var kinds = options.Kinds;
        if (kinds.HasFlag(PersonalDataKinds.Emails))
        {
            AddMatches(candidates, Email(), text, PersonalDataKinds.Emails);
        }
        if (kinds.HasFlag(PersonalDataKinds.Phones))
        {
            FindPhones(text, candidates);
        }
        if (kinds.HasFlag(PersonalDataKinds.Postcodes))
        {
            FindPostcodes(text, candidates);
        }
        if (kinds.HasFlag(PersonalDataKinds.Cards))
        {
            FindCards(text, candidates);
        }
        if (kinds.HasFlag(PersonalDataKinds.Ibans))
        {
            FindIbans(text, candidates);
        }
        if (kinds.HasFlag(PersonalDataKinds.SortCodes))
        {
            FindSortCodes(text, candidates);
        }
        if (kinds.HasFlag(PersonalDataKinds.AccountNumbers))
        {
            FindAccountNumbers(text, candidates);
        }
        if (kinds.HasFlag(PersonalDataKinds.NationalInsuranceNumbers))
        {
            FindNationalInsuranceNumbers(text, candidates);
        }
        if (kinds.HasFlag(PersonalDataKinds.OrderNumbers) && !string.IsNullOrWhiteSpace(options.OrderNumberPattern))
        {
            var pattern = OrderPatterns.GetOrAdd(options.OrderNumberPattern,
                p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout));
            Scan(pattern, text, candidates, m => m.Length > 0 && WordEdges(text, m.Index, m.Length)
                ? new Candidate(PersonalDataKinds.OrderNumbers, m.Index, m.Length)
                : null);
        }
        if (kinds.HasFlag(PersonalDataKinds.Names))
        {
            FindNames(text, options.KnownNames, candidates);
        }

        return Replace(text, Choose(candidates), previous);
    }

    private sealed record Candidate(PersonalDataKinds Kind, int Start, int Length)
    {
        public int End => Start + Length;
    }

    /// <summary>Longest first, so an IBAN is not cut into a sort code and an account number, and a name inside an e-mail address stays inside it.</summary>
    private static List<Candidate> Choose(List<Candidate> candidates)
    {
        var chosen = new List<Candidate>();
        foreach (var c in candidates
                     .OrderByDescending(c => c.Length)
                     .ThenBy(c => Array.IndexOf(Precedence, c.Kind))
                     .ThenBy(c => c.Start))
        {
            if (!chosen.Exists(o => c.Start < o.End && o.Start < c.End))
            {
                chosen.Add(c);
            }
        }
        chosen.Sort((a, b) => a.Start.CompareTo(b.Start));
        return chosen;
    }

    private static Redaction Replace(string text, List<Candidate> chosen, Redaction? previous)
    {
        var originals = previous is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(previous.Placeholders, StringComparer.Ordinal);
        // The same value (after normalising how it is written) keeps its placeholder across the conversation.
        var byValue = new Dictionary<(PersonalDataKinds, string), string>();
        var next = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (placeholder, original) in originals)
        {
            var (prefix, number) = SplitPlaceholder(placeholder);
            if (KindOf(prefix) is { } kind)
            {
                byValue.TryAdd((kind, Key(kind, original)), placeholder);
            }
            next[prefix] = Math.Max(next.GetValueOrDefault(prefix), number);
        }
        // A placeholder-shaped string the customer typed must not be confused with one we issue.
        var literal = Redaction.PlaceholderPattern().Matches(text).Select(m => m.Value.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

        var output = new StringBuilder(text.Length);
        var found = new List<RedactedValue>(chosen.Count);
        var at = 0;
        foreach (var c in chosen)
        {
            output.Append(text, at, c.Start - at);
            var original = text.Substring(c.Start, c.Length);
            var key = (c.Kind, Key(c.Kind, original));
            if (!byValue.TryGetValue(key, out var placeholder))
            {
                var prefix = Prefix(c.Kind);
                var number = next.GetValueOrDefault(prefix);
                do
                {
                    number++;
                    placeholder = $"[{prefix}_{number.ToString(CultureInfo.InvariantCulture)}]";
                }
                while (literal.Contains(placeholder) || originals.ContainsKey(placeholder));
                next[prefix] = number;
                byValue[key] = placeholder;
                originals[placeholder] = original;
            }
            found.Add(new RedactedValue(c.Kind, placeholder, original, c.Start, c.Length));
            output.Append(placeholder);
            at = c.End;
        }
        output.Append(text, at, text.Length - at);
        return new Redaction(output.ToString(), found, originals);
    }

    private static (string Prefix, int Number) SplitPlaceholder(string placeholder)
    {
        var inner = placeholder.Trim('[', ']');
        var underscore = inner.LastIndexOf('_');
        return underscore > 0 && int.TryParse(inner.AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (inner[..underscore], n)
            : (inner, 0);
    }

    private static string Prefix(PersonalDataKinds kind) => kind switch
    {
        PersonalDataKinds.Names => "NAME",
        PersonalDataKinds.Emails => "EMAIL",
        PersonalDataKinds.Phones => "PHONE",
        PersonalDataKinds.Postcodes => "POSTCODE",
        PersonalDataKinds.Cards => "CARD",
        PersonalDataKinds.Ibans => "IBAN",
        PersonalDataKinds.SortCodes => "SORT_CODE",
        PersonalDataKinds.AccountNumbers => "ACCOUNT_NUMBER",
        PersonalDataKinds.NationalInsuranceNumbers => "NI_NUMBER",
        PersonalDataKinds.OrderNumbers => "ORDER_NUMBER",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "one kind at a time"),
    };

    private static PersonalDataKinds? KindOf(string prefix)
    {
        foreach (var kind in Precedence)
        {
            if (Prefix(kind) == prefix)
            {
                return kind;
            }
        }
        return null;
    }

    /// <summary>How a value is compared: "07700 900123" and "+44 7700 900123" are one phone, "SARAH" and "Sarah" one name.</summary>
    private static string Key(PersonalDataKinds kind, string value)
    {
        var alphanumeric = string.Concat(value.Where(char.IsLetterOrDigit)).ToUpperInvariant();
        return kind switch
        {
            PersonalDataKinds.Emails or PersonalDataKinds.Names => value.ToUpperInvariant(),
            PersonalDataKinds.Phones => UkPhoneKey(value, alphanumeric),
            _ => alphanumeric,
        };
    }

    /// <summary>+44 and 0044 become the trunk 0; "+44 (0)117 496 0000" drops the bracketed 0 so it matches "0117 496 0000".</summary>
    private static string UkPhoneKey(string value, string digits)
    {
        var trimmed = value.TrimStart();
        var national = trimmed.StartsWith("+44", StringComparison.Ordinal) ? digits[2..]
            : trimmed.StartsWith("0044", StringComparison.Ordinal) ? digits[4..]
            : null;
        if (national is null)
        {
            return trimmed.StartsWith('+') ? "+" + digits : digits;
        }
        return "0" + (national.Length == 11 && national[0] == '0' ? national[1..] : national);
    }

    /// <summary>
    /// Every match the check accepts. Unlike Regex.Matches, a match does not hide the ones that start
    /// inside it: "+44 117 496 0000 4111 1111 1111 1111" first matches as one 26-digit run, which
    /// is no card, and the card after the phone must still be found.
    /// </summary>
    private static void Scan(Regex regex, string text, List<Candidate> candidates, Func<Match, Candidate?> accept)
    {
        var at = 0;
        while (at <= text.Length)
        {
            var m = regex.Match(text, at);
            if (!m.Success)
            {
                return;
            }
            // Overlapping candidates are all kept: a false card inside an IBAN must not hide the real
            // card after it. Choose keeps the longest.
            if (accept(m) is { } candidate)
            {
                candidates.Add(candidate);
            }
            at = m.Index + 1;
        }
    }

    private static void AddMatches(List<Candidate> candidates, Regex regex, string text, PersonalDataKinds kind)
    {
        foreach (Match m in regex.Matches(text))
        {
            candidates.Add(new Candidate(kind, m.Index, m.Length));
        }
    }

    private static bool WordEdges(string text, int start, int length) =>
        (start == 0 || !char.IsLetterOrDigit(text[start - 1]))
        && (start + length == text.Length || !char.IsLetterOrDigit(text[start + length]));

    // ---- Phones -------------------------------------------------------------------------------

    private static void FindPhones(string text, List<Candidate> candidates)
    {
        foreach (var regex in new[] { UkPhone(), InternationalPhone() })
        {
            // "Order no. 07700900123" is the firm's reference, not a number to ring.
            Scan(regex, text, candidates, m => ReferenceBefore().IsMatch(text.AsSpan(0, m.Index))
                ? null
                : new Candidate(PersonalDataKinds.Phones, m.Index, m.Length));
        }
    }

    // 0 and nine or ten digits (01xxx numbers can be nine), or +44 / 0044 and the same without the 0,
    // spaced, hyphenated or bracketed as people write them: 07700 900123, 020 7946 0958, (0117) 496 0000.
    // Never 00 after the trunk 0 (that is an international prefix), and never straight after "word-" (HH-2026-004512).
    [GeneratedRegex(@"(?<![\d+\w]|\w-)(?:(?:\+|00)44\s?(?:\(0\)\s?)?|\(?0(?!0))(?:[\s)-]{0,2}\d){9,10}(?![\d\w])")]
    private static partial Regex UkPhone();

    // +CC or 00CC (not 44) and 6–13 more digits: +33 6 12 34 56 78, 00353 87 123 4567, +1 (415) 555-0132.
    [GeneratedRegex(@"(?<![\d+\w]|\w-)(?:\+|00)(?!44)[1-9]\d{0,2}(?:[\s().-]{0,2}\d){6,13}(?![\d\w])")]
    private static partial Regex InternationalPhone();

    [GeneratedRegex(@"\b(?:order|invoice|ref|reference|tracking|parcel|item|sku)\s*(?:number|no\.?|num|#|id)?\s*[:#]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceBefore();

    // ---- Postcodes ----------------------------------------------------------------------------

    // Royal Mail's 121 postcode areas (plus BFPO-free crown dependencies): "A1 2nd" or "XY1 2AB" are not postcodes.
    private static readonly HashSet<string> PostcodeAreas = new(
        ("AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY "
        + "HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR "
        + "RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE")
        .Split(' '), StringComparer.Ordinal);

    private static void FindPostcodes(string text, List<Candidate> candidates)
    {
        Scan(Postcode(), text, candidates, m =>
        {
            var area = m.Groups["area"].Value.ToUpperInvariant();
            var inward = m.Groups["inward"].Value;
            // "the 2nd", "3rd" written in lower case after a road number are ordinals, not inward codes.
            var ordinal = inward[1..] is "st" or "nd" or "rd" or "th";
            return PostcodeAreas.Contains(area) && !ordinal ? new Candidate(PersonalDataKinds.Postcodes, m.Index, m.Length) : null;
        });
    }

    // Outward code (area letters, district digit, optional digit or letter), optional space, inward code
    // (a digit and two letters that are never C, I, K, M, O or V).
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<area>[A-Za-z]{1,2})\d[A-Za-z\d]?[ ]?(?<inward>\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex Postcode();

    // ---- Cards --------------------------------------------------------------------------------

    private static void FindCards(string text, List<Candidate> candidates)
    {
        Scan(CardNumber(), text, candidates, m =>
        {
            // Card schemes start 2–6 (Mastercard 2/5, Amex 3, Visa 4, Maestro/Discover 6); order numbers
            // and Luhn-invalid numbers are left alone. A run of groups may hold a card followed by more
            // digits ("4111 1111 1111 1111 0207"), so every group boundary is a possible end, longest first.
            if (m.Value[0] is < '2' or > '6')
            {
                return null;
            }
            for (var length = m.Length; length > 0; length--)
            {
                if (length < m.Length && char.IsAsciiDigit(m.Value[length]))
                {
                    continue;
                }
                var digits = Digits(m.Value[..length]);
                if (digits.Length < 13)
                {
                    break;
                }
                if (digits.Length <= 19 && char.IsAsciiDigit(m.Value[length - 1]) && Luhn(digits))
                {
                    return new Candidate(PersonalDataKinds.Cards, m.Index, length);
                }
            }
            return null;
        });
    }

    // 13 or more digits, optionally in groups separated by one space or dash (the check cuts it to 13–19).
    [GeneratedRegex(@"(?<![\d\w+-])\d(?:[ -]?\d){12,30}(?![\d\w])")]
    private static partial Regex CardNumber();

    internal static bool Luhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static string Digits(string value) => string.Concat(value.Where(char.IsAsciiDigit));

    // ---- IBANs --------------------------------------------------------------------------------

    // ISO 13616 lengths for the countries a UK firm's customers bank with most; others are accepted at 15–34.
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["GB"] = 22, ["IE"] = 22, ["DE"] = 22, ["FR"] = 27, ["ES"] = 24, ["IT"] = 27, ["NL"] = 18, ["BE"] = 16,
        ["PT"] = 25, ["PL"] = 28, ["CH"] = 21, ["AT"] = 20, ["DK"] = 18, ["SE"] = 24, ["NO"] = 15, ["FI"] = 18,
        ["LU"] = 20, ["GR"] = 27, ["CZ"] = 24, ["RO"] = 24, ["HU"] = 28, ["LT"] = 20, ["GI"] = 23, ["JE"] = 22,
        ["GG"] = 22, ["IM"] = 22, ["MT"] = 31, ["CY"] = 28,
    };

    private static void FindIbans(string text, List<Candidate> candidates)
    {
        Scan(IbanStart(), text, candidates, m =>
        {
            // The pattern runs on into the next words ("... 19 please"); take the longest prefix whose
            // characters pass the country length and mod-97 check and which ends at a word edge.
            var positions = new List<int>();
            for (var i = m.Index; i < m.Index + m.Length; i++)
            {
                if (char.IsAsciiLetterOrDigit(text[i]))
                {
                    positions.Add(i);
                }
            }
            var country = text.Substring(m.Index, 2).ToUpperInvariant();
            for (var n = Math.Min(positions.Count, 34); n >= 15; n--)
            {
                var end = positions[n - 1] + 1;
                if (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
                {
                    continue;
                }
                if (IbanLengths.TryGetValue(country, out var length) && length != n)
                {
                    continue;
                }
                var compact = string.Concat(positions.Take(n).Select(p => char.ToUpperInvariant(text[p])));
                if (Mod97(compact))
                {
                    return new Candidate(PersonalDataKinds.Ibans, m.Index, end - m.Index);
                }
            }
            return null;
        });
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,40}", RegexOptions.CultureInvariant)]
    private static partial Regex IbanStart();

    /// <summary>ISO 7064 mod 97-10: move the first four characters to the end, letters become 10–35, the number mod 97 is 1.</summary>
    internal static bool Mod97(string iban)
    {
        if (iban.Length < 5 || !iban.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return false;
        }
        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : char.ToUpperInvariant(c) - 'A' + 10;
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }

    // ---- Sort codes and account numbers ------------------------------------------------------

    private static void FindSortCodes(string text, List<Candidate> candidates)
    {
        Scan(SortCode(), text, candidates, m =>
        {
            var context = BankWordsNear(text, m.Index, m.Length, SortCodeWord());
            var dashed = m.Value.Contains('-', StringComparison.Ordinal);
            // 12-03-24 is also a date; without "sort code" near it, only a dashed triple that cannot be
            // a day-month-year date is taken as a sort code.
            return context || (dashed && !CouldBeDate(m.Value)) ? new Candidate(PersonalDataKinds.SortCodes, m.Index, m.Length) : null;
        });
    }

    // 20-00-00, or 20 00 00 and 200000 when "sort code" is near.
    [GeneratedRegex(@"(?<![\d\w./-])\d{2}(?:-\d{2}-|\s\d{2}\s|\d{2})\d{2}(?![\d\w]|[./-]\d)")]
    private static partial Regex SortCode();

    [GeneratedRegex(@"\bsort\s?codes?\b|\bs/c\b|\bsc\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SortCodeWord();

    private static bool CouldBeDate(string value)
    {
        var parts = value.Split('-');
        return int.Parse(parts[0], CultureInfo.InvariantCulture) is >= 1 and <= 31
            && int.Parse(parts[1], CultureInfo.InvariantCulture) is >= 1 and <= 12;
    }

    private static void FindAccountNumbers(string text, List<Candidate> candidates)
    {
        Scan(AccountNumber(), text, candidates, m => BankWordsNear(text, m.Index, m.Length, AccountWord())
            ? new Candidate(PersonalDataKinds.AccountNumbers, m.Index, m.Length)
            : null);
    }

    // Eight digits, or four and four: "12345678", "1234 5678".
    [GeneratedRegex(@"(?<![\d\w.,£$€-])\d{4}[ ]?\d{4}(?![\d\w]|[.,]\d)")]
    private static partial Regex AccountNumber();

    [GeneratedRegex(@"\baccount\b|\bacc(?:t)?\.?\s*(?:no|number)\b|\ba/c\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccountWord();

    [GeneratedRegex(@"\b(?:order|invoice|ref|reference|tracking|parcel)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherReferenceWord();

    /// <summary>
    /// The bank word is within 40 characters before the number (and no other kind of reference sits
    /// between them: "my account shows order 12345678" is an order), or within 25 characters after it.
    /// </summary>
    private static bool BankWordsNear(string text, int start, int length, Regex word)
    {
        var beforeStart = Math.Max(0, start - 40);
        var before = text[beforeStart..start];
        var last = word.Matches(before).LastOrDefault();
        if (last is not null && !OtherReferenceWord().IsMatch(before[(last.Index + last.Length)..]))
        {
            return true;
        }
        var afterEnd = Math.Min(text.Length, start + length + 25);
        var after = text[(start + length)..afterEnd];
        var next = word.Match(after);
        return next.Success && !OtherReferenceWord().IsMatch(after[..next.Index]);
    }

    // ---- National Insurance numbers ----------------------------------------------------------

    // HMRC: the first letter is never D, F, I, Q, U or V; the second never D, F, I, O, Q, U or V; and
    // BG, GB, KN, NK, NT, TN and ZZ are never issued (so the QQ 12 34 56 C in HMRC's leaflets is not one).
    private static readonly HashSet<string> UnissuedPrefixes = new(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"], StringComparer.Ordinal);

    private static void FindNationalInsuranceNumbers(string text, List<Candidate> candidates)
    {
        Scan(NationalInsurance(), text, candidates, m =>
        {
            var prefix = m.Groups["prefix"].Value.ToUpperInvariant();
            var valid = !"DFIQUV".Contains(prefix[0], StringComparison.Ordinal)
                && !"DFIOQUV".Contains(prefix[1], StringComparison.Ordinal)
                && !UnissuedPrefixes.Contains(prefix);
            // Without the suffix letter, two letters and six digits could be many references; take it
            // only when the message says it is an NI number.
            var suffixed = m.Groups["suffix"].Success;
            return valid && (suffixed || NationalInsuranceWord().IsMatch(text[Math.Max(0, m.Index - 40)..m.Index]))
                ? new Candidate(PersonalDataKinds.NationalInsuranceNumbers, m.Index, m.Length)
                : null;
        });
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<prefix>[A-Za-z]{2})[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}(?:[ ]?(?<suffix>[A-Da-d]))?(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex NationalInsurance();

    [GeneratedRegex(@"\bnational\s+insurance\b|\bni\s*(?:no|number|num)?\b|\bnino\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NationalInsuranceWord();

    // ---- Names --------------------------------------------------------------------------------

    // Names that are also everyday words: in lower case ("I will", "the green sofa", "in may") they are
    // the word, so only a capitalised occurrence is taken as the name.
    private static readonly HashSet<string> EverydayWords = new(
        ("will may mark bill rose june april august grace hope joy faith sue pat jack frank art dawn ivy holly "
        + "amber ruby pearl violet hazel jade summer autumn robin victor green brown white black grey gray young "
        + "hall wood king wright hill moore baker cook bell rich long short field fox stone page hunter mason "
        + "price lamb rice mills wells hunt nash best bird cross sharp law dean chase")
        .Split(' '), StringComparer.OrdinalIgnoreCase);

    private static void FindNames(string text, IReadOnlyList<string> names, List<Candidate> candidates)
    {
        // A plain case-insensitive search with word edges checked by hand: names differ per customer, so
        // a regex per name would be parsed on every call for nothing.
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length >= 2).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var everyday = EverydayWords.Contains(name);
            for (var at = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = at + 1 < text.Length ? text.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase) : -1)
            {
                var end = at + name.Length;
                var whole = (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end]));
                if (whole && !(everyday && !char.IsUpper(text[at])))
                {
                    candidates.Add(new Candidate(PersonalDataKinds.Names, at, name.Length));
                }
            }
        }
    }

    // ---- E-mail -------------------------------------------------------------------------------

    // An apostrophe may sit inside the local part (o'neill@...), never at its edges.
    [GeneratedRegex(@"(?<![\w.%+-])[A-Za-z0-9._%+-]+(?:'[A-Za-z0-9._%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")]
    private static partial Regex Email();
}
