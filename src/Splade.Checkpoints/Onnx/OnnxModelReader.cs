
namespace Splade.Checkpoints.Onnx;

/// <summary>Reads the nodes and initializers of an ONNX file (enough to recover a model's weights or inspect a generated graph).</summary>
internal static class OnnxModelReader
{
    public static OnnxGraph Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Read(bytes);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"{path} is not a readable ONNX file: {exception.Message}", exception);
        }
    }

    public static OnnxGraph Read(ReadOnlySpan<byte> bytes)
    {
        var model = new ProtoReader(bytes);
        var graph = new OnnxGraph("graph");
        graph.Opsets.Clear();
        while (model.Next())
        {
            if (model.Field == 7 && model.WireType == 2)
            {
                ReadGraph(model.Bytes, graph);
            }
            else if (model.Field == 8 && model.WireType == 2)
            {
                var opset = new ProtoReader(model.Bytes);
                var domain = "";
                long version = 0;
                while (opset.Next())
                {
                    if (opset.Field == 1)
                    {
                        domain = System.Text.Encoding.UTF8.GetString(opset.Bytes);
                    }
                    else if (opset.Field == 2)
                    {
                        version = (long)opset.Number;
                    }
                }

                graph.Opsets[domain] = version;
            }
        }

        return graph;
    }

    private static void ReadGraph(ReadOnlySpan<byte> bytes, OnnxGraph graph)
    {
        var reader = new ProtoReader(bytes);
        while (reader.Next())
        {
            if (reader.WireType != 2)
            {
                continue;
            }

            switch (reader.Field)
            {
                case 1:
                    graph.Nodes.Add(ReadNode(reader.Bytes));
                    break;
                case 5:
                    graph.Initializers.Add(ReadTensor(reader.Bytes));
                    break;
                default:
                    break;
            }
        }
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        List<string> inputs = [];
        List<string> outputs = [];
        List<OnnxAttribute> attributes = [];
        string name = "", op = "", domain = "";
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: inputs.Add(System.Text.Encoding.UTF8.GetString(reader.Bytes)); break;
                case 2: outputs.Add(System.Text.Encoding.UTF8.GetString(reader.Bytes)); break;
                case 3: name = System.Text.Encoding.UTF8.GetString(reader.Bytes); break;
                case 4: op = System.Text.Encoding.UTF8.GetString(reader.Bytes); break;
                case 5: attributes.Add(ReadAttribute(reader.Bytes)); break;
                case 7: domain = System.Text.Encoding.UTF8.GetString(reader.Bytes); break;
                default: break;
            }
        }

        return new OnnxNode(name, op, domain, [.. inputs], [.. outputs], [.. attributes]);
    }

    private static OnnxAttribute ReadAttribute(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var name = "";
        long? integer = null;
        float? single = null;
        OnnxTensor? tensor = null;
        List<long> ints = [];
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: name = System.Text.Encoding.UTF8.GetString(reader.Bytes); break;
                case 2: single = BitConverter.Int32BitsToSingle((int)reader.Number); break;
                case 3: integer = (long)reader.Number; break;
                case 5: tensor = ReadTensor(reader.Bytes); break;
                case 8: ints.Add((long)reader.Number); break;
                default: break;
            }
        }

        return new OnnxAttribute(name, integer, single, null, ints.Count > 0 ? [.. ints] : null, tensor);
    }

    private static OnnxTensor ReadTensor(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        List<long> dims = [];
        var type = OnnxDataType.Undefined;
        var name = "";
        byte[]? raw = null;
        List<float> floats = [];
        List<long> longs = [];
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case 1: dims.Add((long)reader.Number); break;
                case 2: type = (OnnxDataType)reader.Number; break;
                case 4 when reader.WireType == 2:
                    floats.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(reader.Bytes).ToArray());
                    break;
                case 4: floats.Add(BitConverter.Int32BitsToSingle((int)reader.Number)); break;
                case 7 when reader.WireType == 2: longs.AddRange(ReadPackedVarints(reader.Bytes)); break;
                case 7: longs.Add((long)reader.Number); break;
                case 8: name = System.Text.Encoding.UTF8.GetString(reader.Bytes); break;
                case 9: raw = reader.Bytes.ToArray(); break;
                case 13: throw new FormatException($"tensor {name} keeps its data in an external file, which this reader does not follow");
                default: break;
            }
        }

        raw ??= floats.Count > 0
            ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.ToArray().AsSpan()).ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.AsBytes(longs.ToArray().AsSpan()).ToArray();
        return new OnnxTensor(name, type, [.. dims], raw);
    }

    private static List<long> ReadPackedVarints(ReadOnlySpan<byte> bytes)
    {
        List<long> values = [];
        long value = 0;
        var shift = 0;
        foreach (var b in bytes)
        {
            value |= (long)(b & 0x7f) << shift;
            shift += 7;
            if (b < 0x80)
            {
                values.Add(value);
                value = 0;
                shift = 0;
            }
        }

        return values;
    }
}
