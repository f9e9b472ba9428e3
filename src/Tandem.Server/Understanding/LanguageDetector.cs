namespace Tandem.Server.Understanding;

/// <summary>
/// Function-word language identification: counts very common words of each language. Good enough to
/// tell that a message is not English (the router can then hand off); short messages default to English.
/// </summary>
internal static class LanguageDetector
{
    private static readonly Dictionary<string, HashSet<string>> Words = new(StringComparer.Ordinal)
    {
        ["en"] = ["the", "is", "my", "i", "you", "and", "to", "it", "a", "of", "have", "what", "how", "can", "where", "when", "order", "please", "hi", "not", "was", "do", "for", "with", "this"],
        ["fr"] = ["le", "la", "les", "est", "je", "vous", "et", "pas", "une", "un", "mon", "ma", "commande", "bonjour", "merci", "pour", "avec", "où", "quand", "des", "du", "ne", "c'est", "suis"],
        ["de"] = ["der", "die", "das", "ist", "ich", "sie", "und", "nicht", "ein", "eine", "mein", "meine", "bestellung", "hallo", "danke", "für", "mit", "wo", "wann", "wie", "bitte", "habe"],
        ["es"] = ["el", "la", "los", "es", "yo", "usted", "y", "no", "un", "una", "mi", "pedido", "hola", "gracias", "para", "con", "dónde", "cuándo", "qué", "por", "está", "tengo"],
        ["it"] = ["il", "lo", "gli", "è", "io", "lei", "e", "non", "un", "una", "mio", "mia", "ordine", "ciao", "grazie", "per", "con", "dove", "quando", "che", "sono", "ho"],
        ["pt"] = ["o", "os", "é", "eu", "você", "e", "não", "um", "uma", "meu", "minha", "pedido", "olá", "obrigado", "obrigada", "para", "com", "onde", "quando", "que", "está", "tenho"],
        ["nl"] = ["de", "het", "is", "ik", "u", "en", "niet", "een", "mijn", "bestelling", "hallo", "bedankt", "voor", "met", "waar", "wanneer", "wat", "hoe", "alstublieft", "heb"],
        ["pl"] = ["jest", "ja", "pan", "i", "nie", "mój", "moje", "zamówienie", "dzień", "dobry", "dziękuję", "dla", "gdzie", "kiedy", "co", "jak", "proszę", "mam", "się", "to", "na", "w", "z", "czy", "moja", "moją", "paczka", "paczkę"],
    };

    public static string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = text.ToLowerInvariant()
            .Split([' ', '\t', '\n', '\r', ',', '.', '!', '?', '¿', '¡', ';', ':', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 3)
        {
            return "en";
        }
        var scores = Words.ToDictionary(kv => kv.Key, kv => tokens.Count(kv.Value.Contains));
        var best = scores.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key == "en" ? 0 : 1).First();
        // Ties and weak evidence go to English, the firm's working language.
        return best.Value >= 2 && best.Value > scores["en"] ? best.Key : "en";
    }
}
