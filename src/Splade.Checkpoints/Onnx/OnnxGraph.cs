namespace Splade.Checkpoints.Onnx;

/// <summary>An ONNX model in memory: nodes in topological order, initializers, inputs, outputs and the opsets it imports.</summary>
internal sealed class OnnxGraph
{
    public const string MicrosoftDomain = "com.microsoft";

    private int _nextId;

    public OnnxGraph(string name) => Name = name;

    public string Name { get; }

    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxTensor> Initializers { get; } = [];

    public List<OnnxValueInfo> Inputs { get; } = [];

    public List<OnnxValueInfo> Outputs { get; } = [];

    /// <summary>Imported opsets by domain (the empty string is the default ONNX domain).</summary>
    public Dictionary<string, long> Opsets { get; } = new(StringComparer.Ordinal) { [""] = 17, [MicrosoftDomain] = 1 };

    /// <summary>Free-form metadata stored in the model (converter version, source weights' hash).</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds an initializer and returns its name.</summary>
    public string Add(OnnxTensor tensor)
    {
        Initializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a float32 constant under a fresh name.</summary>
    public string Constant(float value) => Add(OnnxTensor.Floats(FreshName("const"), [value]));

    /// <summary>Adds an int64 constant vector under a fresh name.</summary>
    public string Constant(params long[] values) => Add(OnnxTensor.Int64s(FreshName("const"), values, values.Length));

    /// <summary>Adds a node with one output, named after the node, and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes) => NodeIn("", opType, inputs, attributes);

    /// <summary>Adds a node of <paramref name="domain"/> with one output and returns the output's name.</summary>
    public string NodeIn(string domain, string opType, string[] inputs, params OnnxAttribute[] attributes)
    {
        var name = FreshName(opType);
        Nodes.Add(new OnnxNode(name, opType, domain, inputs, [name + "_out"], attributes));
        return name + "_out";
    }

    /// <summary>Renames the output of the last node (so that a graph output gets its public name).</summary>
    public string RenameLastOutput(string newName)
    {
        var last = Nodes[^1];
        Nodes[^1] = last with { Outputs = [newName] };
        return newName;
    }

    public string FreshName(string stem) => $"{stem}_{_nextId++}";

    public OnnxTensor? FindInitializer(string name) => Initializers.Find(tensor => tensor.Name == name);
}
