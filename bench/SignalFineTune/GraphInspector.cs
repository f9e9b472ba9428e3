using Onnx;

namespace SignalFineTune;

internal static class GraphInspector
{
    public static void Print()
    {
        var model = ModelProto.Parser.ParseFrom(ModelFile.Bytes());
        var graph = model.Graph;
        Console.WriteLine($"opset {string.Join(",", model.OpsetImport.Select(o => o.Domain + ":" + o.Version))} inputs {string.Join(",", graph.Input.Select(i => i.Name))} outputs {string.Join(",", graph.Output.Select(i => i.Name))}");
        var inits = graph.Initializer.ToDictionary(i => i.Name);
        foreach (var node in graph.Node)
        {
            var ins = string.Join(", ", node.Input.Select(i => inits.TryGetValue(i, out var t) ? $"{i}[{string.Join("x", t.Dims)}]" : i));
            var attrs = string.Join(" ", node.Attribute.Select(a => $"{a.Name}={(a.Type == AttributeProto.Types.AttributeType.Float ? a.F.ToString(System.Globalization.CultureInfo.InvariantCulture) : a.Type == AttributeProto.Types.AttributeType.Int ? a.I.ToString(System.Globalization.CultureInfo.InvariantCulture) : a.Type.ToString())}"));
            Console.WriteLine($"{node.OpType} {node.Name}: {ins} -> {string.Join(", ", node.Output)} {attrs}");
        }
    }
}
