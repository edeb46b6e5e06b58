using System.Text.Json;
using Splade.Core;

namespace Splade.Cli.Input;

/// <summary>Writes <c>{"id": "...", "indices": [...], "values": [...]}</c> lines.</summary>
internal sealed class VectorLineWriter(Stream output) : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Utf8JsonWriter _writer = new(output, new JsonWriterOptions { SkipValidation = true });

    public void Write(string id, SparseVector vector)
    {
        _writer.WriteStartObject();
        _writer.WriteString("id", id);
        SparseVectorJsonConverter.WriteBody(_writer, vector);
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        output.Write(NewLine);
    }

    public void Dispose()
    {
        _writer.Dispose();
        output.Flush();
    }
}
