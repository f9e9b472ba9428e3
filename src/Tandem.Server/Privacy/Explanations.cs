using System.Text;
using Microsoft.EntityFrameworkCore;
using Tandem.Data;
using Tandem.Data.Conversations;
using Tandem.Rules.Routing;
using Tandem.Server.Conversations;
using Tandem.Server.Firms;

namespace Tandem.Server.Privacy;

/// <summary>The answer to "why did you say that?", built from what was recorded about the previous answer.</summary>
internal sealed record Explanation(string Text, Guid? ExplainedTurnId, IReadOnlyList<CitationDto> Citations);

/// <summary>
/// Explains the assistant's previous answer from its stored turn: the passages it cited, the
/// topic's mode and the rule that let it be sent (or the person who approved it). Nothing is
/// generated: the customer is told what the record says.
/// </summary>
internal static class Explanations
{
    public static async Task<Explanation> ForPreviousAnswerAsync(TandemDbContext db, LoadedFirm firm, Guid conversationId, DateTimeOffset before,
        IReadOnlyDictionary<string, TopicMode> modes, CancellationToken ct)
    {
        var answer = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Author == Authors.Ai && m.TurnId != null && m.CreatedAt <= before)
            .OrderByDescending(m => m.CreatedAt).FirstOrDefaultAsync(ct);
        if (answer is null)
        {
            return new Explanation(
                "I haven't answered a question in this conversation yet, so there's nothing to explain. When I do, you can ask me where the answer came from.",
                null, []);
        }
        var turn = await db.Turns.AsNoTracking().FirstAsync(t => t.Id == answer.TurnId, ct);
        var citations = Json.Read<List<CitationDto>>(answer.CitationsJson);
        var review = await db.Reviews.AsNoTracking()
            .Join(db.Drafts.AsNoTracking().Where(d => d.TurnId == turn.Id), r => r.DraftId, d => d.Id, (r, d) => r)
            .FirstOrDefaultAsync(ct);

        var text = new StringBuilder();
        if (citations.Count > 0)
        {
            text.Append("My last answer came from ");
            text.Append(string.Join(", ", citations.Select(c => $"our help-centre article \"{c.Title}\"").Distinct(StringComparer.Ordinal)));
            text.Append(". ");
        }
        else
        {
            text.Append("My last answer didn't quote a help-centre article: it came from the steps and records of your request. ");
        }
        var topic = turn.Topic is { } id ? firm.Pack.FindTopic(id) : null;
        var mode = topic is not null && modes.TryGetValue(topic.Id, out var m) ? m : TopicMode.Copilot;
        if (topic is not null)
        {
            text.Append("Your question was about ").Append(topic.Name.ToLowerInvariant()).Append(", ");
            text.Append(mode == TopicMode.Autonomous
                ? "which " + firm.Pack.Name + " lets me answer on my own when the answer is in its published information. "
                : "where a member of our team checks my replies. ");
        }
        text.Append(review is not null
            ? "A member of our team checked that reply and approved it before it was sent. "
            : "It was sent without a person checking it because it matched our published information closely and nothing in your message needed a person. ");
        text.Append("If you'd like a person to look at it, just say \"speak to a person\".");
        return new Explanation(text.ToString(), turn.Id, citations);
    }
}
