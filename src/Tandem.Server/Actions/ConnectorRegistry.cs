namespace Tandem.Server.Actions;

/// <summary>A tool and the connector that runs it for a firm.</summary>
internal sealed record ToolBinding(ToolDefinition Tool, IConnector Connector);

/// <summary>
/// Which connector runs which tool for which firm, from every <see cref="IConnector"/> in DI. When two
/// connectors offer a tool of the same name to a firm, the one registered last wins, so a firm (or a
/// test) can replace a built-in tool by registering its own connector after the built-in ones.
/// </summary>
internal sealed class ConnectorRegistry(IEnumerable<IConnector> connectors)
{
    private readonly IReadOnlyList<IConnector> _connectors = [.. connectors];

    public ToolBinding? Find(string firmId, string tool)
    {
        ToolBinding? found = null;
        foreach (var connector in _connectors)
        {
            if (connector.ToolsFor(firmId).FirstOrDefault(t => t.Name == tool) is { } definition)
            {
                found = new ToolBinding(definition, connector);
            }
        }
        return found;
    }

    /// <summary>Every tool the firm's connectors offer, one per name (the last registered wins).</summary>
    public IReadOnlyList<ToolBinding> ToolsFor(string firmId)
    {
        var byName = new Dictionary<string, ToolBinding>(StringComparer.Ordinal);
        foreach (var connector in _connectors)
        {
            foreach (var tool in connector.ToolsFor(firmId))
            {
                byName[tool.Name] = new ToolBinding(tool, connector);
            }
        }
        return [.. byName.Values.OrderBy(b => b.Tool.Name, StringComparer.Ordinal)];
    }
}
