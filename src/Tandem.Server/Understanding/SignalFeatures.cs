using System.Text;

namespace Tandem.Server.Understanding;

/// <summary>
/// What a signal head reads: the message's standardised sentence vector, then its words and word
/// pairs hashed into a fixed number of buckets. The vector carries the meaning; the words carry the
/// cues a sentence vector blurs ("passed", "chemo", "ombudsman") and the negations it ignores
/// ("not complaining"). The hash is FNV-1a over the UTF-8 bytes, fixed across runs and machines
/// (string.GetHashCode is randomised per process), so trained weights stay valid.
/// </summary>
internal static class SignalFeatures
{
    public static float[] Build(ReadOnlySpan<float> vector, string text, float[] mean, float[] scale, int buckets)
    {
        ArgumentNullException.ThrowIfNull(text);
        var features = new float[vector.Length + buckets];
        SignalHeads.Standardise(vector, mean, scale, features.AsSpan(0, vector.Length));
        if (buckets > 0)
        {
            string? previous = null;
            foreach (var word in Words(text))
            {
                features[vector.Length + Bucket(word, buckets)] = 1;
                if (previous is not null)
                {
                    features[vector.Length + Bucket(previous + " " + word, buckets)] = 1;
                }
                previous = word;
            }
        }
        return features;
    }

    /// <summary>Lower-case words of letters, digits and apostrophes; the curly apostrophe phones type is the straight one.</summary>
    internal static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var raw in text)
        {
            var c = raw == '’' ? '\'' : char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString().Trim('\'');
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            yield return word.ToString().Trim('\'');
        }
    }

    private static int Bucket(string token, int buckets)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(token))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash % (uint)buckets);
    }
}
