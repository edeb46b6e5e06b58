using System.Buffers;
using System.Text;
using System.Text.Json;
using Splade.Core;
using Splade.Index;
using Splade.Cli.Synthetic;

namespace Splade.Bench.Serve;

/// <summary>The documents and requests of the <c>serve</c> benchmark, the same for the server and the in-process peer:
/// synthetic SPLADE-like sparse vectors (<see cref="SyntheticSpladeCorpus"/>), a small dense vector per document, and query
/// texts made of English words for the text kind.</summary>
internal sealed class ServeWorkload(int documents, int denseSize)
{
    private static readonly string[] Words =
    [
        "blood", "pressure", "heart", "disease", "cancer", "cell", "growth", "treatment", "patients", "effect", "protein", "liver",
        "kidney", "children", "infection", "virus", "lung", "brain", "glucose", "insulin", "diabetes", "therapy", "tumor", "acid",
        "hormone", "levels", "pregnancy", "fetal", "drug", "dose", "response", "immune", "antibody", "bone", "muscle", "skin",
    ];

    private readonly SyntheticSpladeCorpus _corpus = new(new SyntheticCorpusOptions { Seed = 7 });

    public int Documents => documents;

    public int DenseSize => denseSize;

    public SparseVector Sparse(long index) => _corpus.DocumentVector(index);

    public SparseVector QueryVector(long index) => _corpus.Query(index, documents).Vector;

    /// <summary>A unit dense vector, the same for the same index.</summary>
    public float[] Dense(long index)
    {
        var random = new Random((int)(index * 7919 % int.MaxValue));
        var vector = new float[denseSize];
        var norm = 0f;
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
            norm += vector[i] * vector[i];
        }

        var scale = 1f / MathF.Sqrt(norm);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    public IndexDocument Document(long index)
        => new(index.ToString(System.Globalization.CultureInfo.InvariantCulture), Sparse(index)) { Dense = Dense(index) };

    public static string QueryText(long index)
    {
        var random = new Random((int)(index % int.MaxValue));
        var count = 3 + random.Next(6);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(Words[random.Next(Words.Length)]);
        }

        return text.ToString();
    }

    /// <summary>The body of an upsert of points <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
    public byte[] UpsertBody(long first, int count)
    {
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("points");
            for (var id = first; id < first + count; id++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", id);
                writer.WriteStartObject("vector");
                WriteSparse(writer, "s", Sparse(id));
                writer.WriteStartArray("d");
                foreach (var x in Dense(id))
                {
                    writer.WriteNumberValue(x);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public byte[] SparseQueryBody(long index) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteSparse(writer, "query", QueryVector(index));
        writer.WriteString("using", "s");
        writer.WriteNumber("limit", 10);
        writer.WriteEndObject();
    });

    public static byte[] TextQueryBody(long index) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("query");
        writer.WriteString("text", QueryText(index));
        writer.WriteString("model", "splade");
        writer.WriteEndObject();
        writer.WriteString("using", "s");
        writer.WriteNumber("limit", 10);
        writer.WriteEndObject();
    });

    /// <summary>Hybrid: the sparse query and a dense query (a document's vector) fused by RRF, as applications send it.</summary>
    public byte[] HybridQueryBody(long index, int depth) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("prefetch");
        writer.WriteStartObject();
        WriteSparse(writer, "query", QueryVector(index));
        writer.WriteString("using", "s");
        writer.WriteNumber("limit", depth);
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteStartArray("query");
        foreach (var x in Dense(index))
        {
            writer.WriteNumberValue(x);
        }

        writer.WriteEndArray();
        writer.WriteString("using", "d");
        writer.WriteNumber("limit", depth);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("query");
        writer.WriteString("fusion", "rrf");
        writer.WriteEndObject();
        writer.WriteNumber("limit", 10);
        writer.WriteEndObject();
    });

    private static void WriteSparse(Utf8JsonWriter writer, string name, SparseVector vector)
    {
        writer.WriteStartObject(name);
        writer.WriteStartArray("indices");
        foreach (var index in vector.Indices)
        {
            writer.WriteNumberValue(index);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("values");
        foreach (var value in vector.Values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
