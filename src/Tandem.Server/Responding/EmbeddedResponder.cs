using Tandem.Rules.Routing;
using Tandem.Server.Knowledge;
using Tandem.Server.Understanding;

namespace Tandem.Server.Responding;

internal sealed record Citation(string Source, string Title, string PassageId, string SourceHash, string Url);

internal sealed record DraftResult(string? Text, IReadOnlyList<Citation> Citations, IReadOnlyList<Passage> Grounds, string Method);

/// <summary>
/// The responder that needs no network: it answers only with the firm's own words, the matching
/// FAQ answer or the best passage, with its citation. It cannot hallucinate because it never
/// writes anything the firm did not.
/// </summary>
internal static class EmbeddedResponder
{
    /// <summary>An FAQ answer is preferred when it scores at least this share of the best passage's score.</summary>
    private const double FaqPreference = 0.8;

    public static DraftResult Draft(string firmId, Understanding.Understanding understanding, IReadOnlyList<RetrievedPassage> retrieved, TopicMode mode, double evidenceThreshold)
    {
        ArgumentNullException.ThrowIfNull(understanding);
        ArgumentNullException.ThrowIfNull(retrieved);
        if (mode == TopicMode.Human)
        {
            return new DraftResult(null, [], [], "none: topic is human only");
        }
        if (retrieved.Count == 0 || retrieved[0].Score < evidenceThreshold)
        {
            return new DraftResult(null, [], [], "none: no passage above the evidence threshold");
        }
        var best = retrieved[0];
        var faq = retrieved.FirstOrDefault(r => r.Passage.IsFaq && r.Score >= best.Score * FaqPreference);
        var chosen = faq ?? best;
        var text = chosen.Passage.IsFaq ? chosen.Passage.Text : Excerpt(chosen.Passage.Text);
        var citation = new Citation(chosen.Passage.Source, chosen.Passage.Title, chosen.Passage.Id, chosen.Passage.SourceHash,
            $"/kb/{Uri.EscapeDataString(firmId)}/{Uri.EscapeDataString(chosen.Passage.Source)}");
        return new DraftResult(text, [citation], [chosen.Passage], chosen.Passage.IsFaq ? "faq" : "passage");
    }

    /// <summary>A passage trimmed to whole paragraphs, so a long section stays readable in a chat bubble.</summary>
    private static string Excerpt(string text, int limit = 900)
    {
        if (text.Length <= limit)
        {
            return text;
        }
        var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var result = new System.Text.StringBuilder();
        foreach (var p in paragraphs)
        {
            if (result.Length > 0 && result.Length + p.Length > limit)
            {
                break;
            }
            if (result.Length > 0)
            {
                result.Append("\n\n");
            }
            result.Append(p.Trim());
        }
        return result.ToString();
    }
}
