using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

/// <summary>procedures.yaml problems name their line, and the pack with them does not load.</summary>
public sealed class BadProceduresAreReportedWithFileAndLine
{
    // Line numbers below count from 1 at "procedures:". The test pack has data/orders.json, so the
    // built-in commerce connector's tools are the ones known.
    private const string Good = """
        procedures:
          - id: cancel
            name: Cancel an order
            topics: [delivery]
            verify: true
            slots:
              - name: order_number
                kind: order_number
                ask: Which order?
            lookup:
              tool: get_order
              arguments: { order_number: "{order_number}" }
              as: order
            eligibility:
              - require: order.status in [processing]
                refuse: Order {order_number} is {order.status}.
            confirm: Shall I cancel {order_number}?
            action:
              tool: cancel_order
              arguments: { order_number: "{order_number}" }
            messages:
              done: Cancelled {order_number}.

        """;

    private static IReadOnlyList<PackProblem> Load(string procedures, bool toolsOnTopic = true)
    {
        using var pack = new TestPack();
        if (toolsOnTopic)
        {
            pack.Replace("topics.yaml", "    articles: [guide.md]\n", "    articles: [guide.md]\n    tools: [get_order, cancel_order]\n");
        }
        pack.Write("procedures.yaml", procedures);
        var result = FirmPackLoader.Load(pack.Root);
        return result.Problems;
    }

    [Fact]
    public void AGoodProcedureLoads()
    {
        using var pack = new TestPack();
        pack.Replace("topics.yaml", "    articles: [guide.md]\n", "    articles: [guide.md]\n    tools: [get_order, cancel_order]\n");
        pack.Write("procedures.yaml", Good);

        var result = FirmPackLoader.Load(pack.Root);

        Assert.Empty(result.Problems);
        var procedure = Assert.Single(result.Pack!.Procedures);
        Assert.Equal(("cancel", "get_order", "cancel_order"), (procedure.Id, procedure.Lookup!.Tool, procedure.Action!.Tool));
        Assert.Same(procedure, result.Pack.ProcedureFor("delivery", "anything"));
    }

    public static TheoryData<string, string, int, string> Cases => new()
    {
        { "topics: [delivery]", "topics: [delivry]", 4, "starts on the topic 'delivry', which is not in topics.yaml. Did you mean 'delivery'?" },
        { "tool: cancel_order", "tool: cancel_ordr", 19, "uses the tool 'cancel_ordr', which no connector offers" },
        { "tool: get_order", "tool: cancel_order", 11, "looks up with 'cancel_order', which changes the customer's records" },
        { "    confirm: Shall I cancel {order_number}?\n", "", 2, "changes the customer's records ('action') without asking first" },
        { "Order {order_number} is {order.status}.", "Order {order_nuber} is {order.status}.", 16, "uses {order_nuber}, which is not a slot or a result known here" },
        { "done: Cancelled {order_number}.", "done: Cancelled {order_number} for {customer.name}.", 22, "uses {customer}" },
        { "require: order.status in [processing]", "require: order.status in [processing", 15, "is not a valid expression: the expression ends where ']' was expected" },
        { "require: order.status in [processing]", "require: upper(order.status) == 'X'", 15, "unknown function 'upper'" },
        { "require: order.status in [processing]", "require: ordr.status in [processing]", 15, "reads 'ordr', which is not a slot or a result known here" },
        { "kind: order_number", "kind: ordernumber", 8, "Unknown slot kind 'ordernumber'" },
        { "verify: true", "verify: maybe", 5, "'verify' in procedure 'cancel' must be true or false" },
        { "verify: true", "verify: false", 11, "returns account data, but says 'verify: false'" },
        { "arguments: { order_number: \"{order_number}\" }\n      as: order", "arguments: { order_number: \"{number}\" }\n      as: order", 12, "uses 'number', but 'number' is not a slot" },
        { "    confirm:", "    confrim: x\n    confirm:", 17, "Unknown key 'confrim' in procedure 'cancel'. Did you mean 'confirm'?" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ABrokenProcedureNamesItsLine(string find, string replacement, int line, string words)
    {
        var problems = Load(Good.Replace(find, replacement, StringComparison.Ordinal));

        Assert.Contains(problems, p => p.File == "procedures.yaml" && p.Line == line && p.Message.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public void AToolTheTopicDoesNotListIsReported()
    {
        var problems = Load(Good, toolsOnTopic: false);

        Assert.Contains(problems, p => p.File == "procedures.yaml" && p.Line == 11 && p.Message.Contains("which the topic 'delivery' does not list under 'tools'", StringComparison.Ordinal));
    }

    [Fact]
    public void AReportOnlyProcedureMustSayWhatItFound()
    {
        var problems = Load("""
            procedures:
              - id: status
                name: Order status
                topics: [delivery]
                slots:
                  - { name: order_number, kind: order_number, ask: Which order? }
                lookup: { tool: get_order, arguments: { order_number: "{order_number}" }, as: order }
                messages:
                  failed: Sorry.
            """);

        Assert.Contains(problems, p => p.Line == 8 && p.Message.Contains("must say what it found: add messages.report", StringComparison.Ordinal));
    }
}
