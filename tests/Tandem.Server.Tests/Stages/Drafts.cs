using Tandem.Server.Knowledge;

namespace Tandem.Server.Tests.Stages;

/// <summary>Hand-made passages for responder tests that must not depend on retrieval.</summary>
internal static class Drafts
{
    public static Passage Section(string text, string id = "refunds.md#2", string source = "refunds.md") =>
        new(id, source, "hash-of-" + source, "Refunds", "Refunds › Where the money goes", text, false, null);

    public static Passage Faq(string answer, string id = "faq#7", string source = "refunds.md") =>
        new(id, source, "hash-of-" + source, "Refunds", "FAQ › Where does my refund go?", answer, true, "Where does my refund go?");

    public static RetrievedPassage Scored(Passage passage, double score) => new(passage, score);
}
