using System.Globalization;
using Tandem.Rules.Routing;
using Tandem.Server.Firms;
using Tandem.Server.Knowledge;

namespace Tandem.Server.Responding;

internal sealed record Citation(string Source, string Title, string PassageId, string SourceHash, string Url);

internal sealed record DraftResult(string? Text, IReadOnlyList<Citation> Citations, IReadOnlyList<Passage> Grounds, string Method);

/// <summary>
/// When a retrieved passage answers the question rather than merely being about the same kind of thing.
/// A passage about gifts is not an answer to "do you sell gift cards?": without an answer the turn goes
/// to an agent, who can say what the knowledge does not, instead of sending an unrelated excerpt.
/// </summary>
/// <param name="Coverage">Least share of the question's words that the firm's knowledge uses which the passage must contain (0: no check).</param>
/// <param name="Similarity">Dense cosine at which the passage answers whatever its words: customers paraphrase.</param>
internal sealed record AnswerRule(double Coverage, double Similarity)
{
    /// <summary>No check beyond the evidence threshold, as before the rule.</summary>
    public static AnswerRule Off { get; } = new(0, 0);

    public static AnswerRule Of(FirmPolicyDefinition policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new AnswerRule(policy.AnswerCoverage, policy.AnswerSimilarity);
    }

    /// <summary>Null when the passage answers; otherwise why not, for the draft's method and the turn's audit.</summary>
    public string? Refuses(RetrievedPassage chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        // Written as "at least" so that a NaN share or cosine fails closed.
        if (chosen.Coverage.Share >= Coverage || chosen.Dense >= Similarity)
        {
            return null;
        }
        var lacks = chosen.Coverage.Missing.Count > 0
            ? $"does not cover '{string.Join(' ', chosen.Coverage.Missing.Take(3))}'"
            : $"shares no word the knowledge uses with the question ('{string.Join(' ', chosen.Coverage.Unfamiliar.Take(3))}' appear nowhere in it)";
        return string.Create(CultureInfo.InvariantCulture,
            $"none: the best passage ({chosen.Passage.Id}) {lacks} (coverage {chosen.Coverage.Share:0.###} < {Coverage:0.###}; similarity {chosen.Dense:0.###} < {Similarity:0.###})");
    }
}

/// <summary>
/// The responder that needs no network: it answers only with the firm's own words, the matching
/// FAQ answer or the best passage, with its citation. It cannot hallucinate because it never
/// writes anything the firm did not.
/// </summary>
internal static class EmbeddedResponder
{
    /// <summary>An FAQ answer is preferred when it scores at least this share of the best passage's score.</summary>
    private const double FaqPreference = 0.8;

    /// <param name="evidenceThreshold">The least hybrid score the best passage needs (the pack's evidenceThreshold).</param>
    /// <param name="answer">When the chosen passage counts as an answer to the question (the pack's answerCoverage and answerSimilarity).</param>
    public static DraftResult Draft(string firmId, IReadOnlyList<RetrievedPassage> retrieved, TopicMode mode, double evidenceThreshold, AnswerRule answer)
    {
        ArgumentNullException.ThrowIfNull(retrieved);
        ArgumentNullException.ThrowIfNull(answer);
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
        if (answer.Refuses(chosen) is { } reason)
        {
            return new DraftResult(null, [], [], reason);
        }
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
