namespace Splade.Checkpoints.Onnx;

/// <summary>Serialises an <see cref="OnnxGraph"/> as an ONNX <c>ModelProto</c>, streaming the initializers' data.</summary>
internal static class OnnxModelWriter
{
    // ModelProto fields.
    private const int ModelIrVersion = 1;
    private const int ModelProducerName = 2;
    private const int ModelProducerVersion = 3;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;
    private const int ModelMetadata = 14;

    // GraphProto fields.
    private const int GraphNode = 1;
    private const int GraphName = 2;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;

    // TensorProto fields.
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;

    /// <summary>IR version 8 goes with opset 17, which every supported ONNX Runtime reads.</summary>
    private const long IrVersion = 8;

    /// <summary>An ONNX file is one protobuf message, which protobuf readers cap at 2 GiB.</summary>
    private const long MaxModelBytes = int.MaxValue;

    public static void Write(OnnxGraph graph, Stream stream, string producerVersion)
    {
        var writer = new ProtoWriter(stream);
        writer.Varint(ModelIrVersion, IrVersion);
        writer.String(ModelProducerName, "Splade.NET");
        writer.String(ModelProducerVersion, producerVersion);
        foreach (var (domain, version) in graph.Opsets)
        {
            writer.Message(ModelOpsetImport, opset =>
            {
                opset.String(1, domain);
                opset.Varint(2, version);
            });
        }

        using var small = new MemoryStream();
        var smallWriter = new ProtoWriter(small);
        foreach (var node in graph.Nodes)
        {
            smallWriter.Message(GraphNode, message => WriteNode(message, node));
        }

        smallWriter.String(GraphName, graph.Name);
        foreach (var input in graph.Inputs)
        {
            smallWriter.Message(GraphInput, message => WriteValueInfo(message, input));
        }

        foreach (var output in graph.Outputs)
        {
            smallWriter.Message(GraphOutput, message => WriteValueInfo(message, output));
        }

        var graphLength = small.Length;
        var headers = new List<byte[]>(graph.Initializers.Count);
        foreach (var tensor in graph.Initializers)
        {
            var header = TensorHeader(tensor);
            headers.Add(header);
            graphLength += ProtoWriter.FieldSize(GraphInitializer, header.Length + ProtoWriter.FieldSize(TensorRawData, tensor.Raw.Length));
        }

        if (graphLength > MaxModelBytes)
        {
            throw new NotSupportedException(
                $"The graph would take {graphLength / (1 << 20)} MiB, beyond the 2 GiB an ONNX file can hold without external data.");
        }

        writer.LengthPrefix(ModelGraph, graphLength);
        writer.Raw(small.GetBuffer().AsSpan(0, (int)small.Length));
        for (var i = 0; i < graph.Initializers.Count; i++)
        {
            var tensor = graph.Initializers[i];
            writer.LengthPrefix(GraphInitializer, headers[i].Length + ProtoWriter.FieldSize(TensorRawData, tensor.Raw.Length));
            writer.Raw(headers[i]);
            writer.LengthPrefix(TensorRawData, tensor.Raw.Length);
            writer.Raw(tensor.Raw);
        }

        foreach (var (key, value) in graph.Metadata)
        {
            writer.Message(ModelMetadata, entry =>
            {
                entry.String(1, key);
                entry.String(2, value);
            });
        }
    }

    /// <summary>The tensor's fields other than its data.</summary>
    private static byte[] TensorHeader(OnnxTensor tensor)
    {
        using var buffer = new MemoryStream();
        var writer = new ProtoWriter(buffer);
        foreach (var dim in tensor.Dims)
        {
            writer.Varint(TensorDims, dim);
        }

        writer.Varint(TensorDataType, (long)tensor.DataType);
        writer.String(TensorName, tensor.Name);
        return buffer.ToArray();
    }

    private static void WriteTensor(ProtoWriter writer, OnnxTensor tensor)
    {
        writer.Raw(TensorHeader(tensor));
        writer.Bytes(TensorRawData, tensor.Raw);
    }

    private static void WriteNode(ProtoWriter writer, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            writer.String(1, input);
        }

        foreach (var output in node.Outputs)
        {
            writer.String(2, output);
        }

        writer.String(3, node.Name);
        writer.String(4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            writer.Message(5, message => WriteAttribute(message, attribute));
        }

        if (node.Domain.Length > 0)
        {
            writer.String(7, node.Domain);
        }
    }

    private static void WriteAttribute(ProtoWriter writer, OnnxAttribute attribute)
    {
        writer.String(1, attribute.Name);
        if (attribute.Float is { } f)
        {
            writer.Float(2, f);
        }
        else if (attribute.Int is { } i)
        {
            writer.Varint(3, i);
        }
        else if (attribute.Text is { } s)
        {
            writer.String(4, s);
        }
        else if (attribute.Tensor is { } t)
        {
            writer.Message(5, message => WriteTensor(message, t));
        }
        else
        {
            foreach (var value in attribute.Ints ?? [])
            {
                writer.Varint(8, value);
            }
        }

        writer.Varint(20, attribute.TypeCode);
    }

    private static void WriteValueInfo(ProtoWriter writer, OnnxValueInfo info)
    {
        writer.String(1, info.Name);
        writer.Message(2, type => type.Message(1, tensorType =>
        {
            tensorType.Varint(1, (long)info.ElementType);
            tensorType.Message(2, shape =>
            {
                foreach (var dim in info.Shape)
                {
                    shape.Message(1, dimension =>
                    {
                        if (dim is string symbol)
                        {
                            dimension.String(2, symbol);
                        }
                        else
                        {
                            dimension.Varint(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                        }
                    });
                }
            });
        }));
    }
}
