using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splade.Cli.Output;

/// <summary>Writes input records back out as JSON lines with fields added: the id first (as a string, when there is one), then every other field of the
/// record as it came, then the new fields, which replace any of the same name. This is how <c>encode</c> and <c>encode-dense</c>
/// carry each record's metadata, text and other fields through.</summary>
internal sealed class RecordWriter(Stream output) : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Utf8JsonWriter _writer = new(output, new JsonWriterOptions { SkipValidation = true });

    /// <summary>Writes <paramref name="record"/> with id <paramref name="id"/> (none when null), leaving out <paramref name="replaced"/>
    /// fields, then lets <paramref name="writeAdded"/> write the new ones.</summary>
    public void Write(string? id, JsonObject record, IReadOnlyCollection<string> replaced, Action<Utf8JsonWriter> writeAdded)
    {
        _writer.WriteStartObject();
        if (id is not null)
        {
            _writer.WriteString("id", id);
        }

        foreach (var (name, value) in record)
        {
            if (name == "id" || replaced.Contains(name))
            {
                continue;
            }

            _writer.WritePropertyName(name);
            if (value is null)
            {
                _writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(_writer);
            }
        }

        writeAdded(_writer);
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
