using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Splade.Encoding.Dense;

namespace Splade.Retrieval.Hybrid;

/// <summary>Document embeddings kept on disk, so that re-running an evaluation does not re-encode a collection.</summary>
/// <remarks>
/// <para>Encoding tens of thousands of documents with a transformer takes minutes on a laptop CPU. The cache stores one
/// file per (model, token limit, pooling, document prefix, documents) in a folder of the caller's choice: the file name carries the
/// model name and an XxHash64 of the encoder settings and every document id and text, so any change to the corpus or
/// the model settings selects a new file.</para>
/// <para>File layout, little-endian: the 8 ASCII bytes <c>SPLDENS1</c>, int32 document count, int32 dimension, then the
/// vectors row by row as float32. A file whose header disagrees with the request is ignored and rewritten; files are
/// written to a temporary name and moved into place, so a crash never leaves a half-written cache entry.</para>
/// <para>Thread safety: every member may be called from any thread at the same time; a file is written under a temporary name and moved into place, so
/// readers (other processes too) never see half of one.</para>
/// </remarks>
public sealed class DenseEmbeddingCache
{
    private static readonly byte[] Magic = "SPLDENS1"u8.ToArray();
    private readonly string _folder;

    /// <summary>Creates a cache in <paramref name="folder"/> (created on first write).</summary>
    /// <param name="folder">Where the cache files live.</param>
    public DenseEmbeddingCache(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = folder;
    }

    /// <summary>Returns the embeddings of <paramref name="texts"/> as one row-major matrix, encoding them only when no cache file matches.</summary>
    /// <param name="encoder">The encoder; its name and settings are part of the cache key.</param>
    /// <param name="ids">The document ids, part of the cache key.</param>
    /// <param name="texts">The texts to encode, one per id.</param>
    /// <param name="progress">Receives the number of documents encoded so far; may be null.</param>
    /// <returns><c>texts.Count * encoder.Dimension</c> floats.</returns>
    public float[] GetOrEncode(DenseEncoder encoder, IReadOnlyList<string> ids, IReadOnlyList<string> texts, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(texts);
        if (ids.Count != texts.Count)
        {
            throw new ArgumentException($"Got {ids.Count} ids for {texts.Count} texts.", nameof(texts));
        }

        var path = Path.Combine(_folder, $"{Sanitize(encoder.ModelName)}-{Key(encoder, ids, texts):x16}.bin");
        if (TryRead(path, texts.Count, encoder.Dimension) is { } cached)
        {
            progress?.Report(texts.Count);
            return cached;
        }

        var matrix = Encode(encoder, texts, progress);
        Write(path, texts.Count, encoder.Dimension, matrix);
        return matrix;
    }

    private static float[] Encode(DenseEncoder encoder, IReadOnlyList<string> texts, IProgress<int>? progress)
    {
        const int chunk = 256;
        var matrix = new float[texts.Count * encoder.Dimension];
        var slice = new List<string>(chunk);
        for (var start = 0; start < texts.Count; start += chunk)
        {
            slice.Clear();
            for (var i = start; i < Math.Min(start + chunk, texts.Count); i++)
            {
                slice.Add(texts[i]);
            }

            var vectors = encoder.Encode(slice);
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i].CopyTo(matrix.AsSpan((start + i) * encoder.Dimension));
            }

            progress?.Report(start + slice.Count);
        }

        return matrix;
    }

    private static ulong Key(DenseEncoder encoder, IReadOnlyList<string> ids, IReadOnlyList<string> texts)
    {
        var hash = new XxHash64();
        hash.Append(System.Text.Encoding.UTF8.GetBytes($"{encoder.ModelName}\n{encoder.Dimension}\n{encoder.MaxLength}\n{encoder.Pooling}\n"));
        if (encoder.DocumentPrefix.Length > 0)
        {
            // Only when set, so that the keys of models without a document prefix stay those of earlier releases.
            hash.Append(System.Text.Encoding.UTF8.GetBytes($"document prefix: {encoder.DocumentPrefix}\n"));
        }

        Span<byte> separator = [0];
        for (var i = 0; i < texts.Count; i++)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes(ids[i]));
            hash.Append(separator);
            hash.Append(System.Text.Encoding.UTF8.GetBytes(texts[i]));
            hash.Append(separator);
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private static float[]? TryRead(string path, int count, int dimension)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        var header = Magic.Length + 8;
        if (bytes.Length != header + ((long)count * dimension * sizeof(float))
            || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length)) != count
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length + 4)) != dimension)
        {
            return null;
        }

        var matrix = new float[count * dimension];
        var source = bytes.AsSpan(header);
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = BinaryPrimitives.ReadSingleLittleEndian(source.Slice(i * sizeof(float)));
        }

        return matrix;
    }

    private void Write(string path, int count, int dimension, float[] matrix)
    {
        Directory.CreateDirectory(_folder);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            stream.Write(Magic);
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(header, count);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], dimension);
            stream.Write(header);
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(matrix.AsSpan()));
            }
            else
            {
                Span<byte> value = stackalloc byte[sizeof(float)];
                foreach (var x in matrix)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(value, x);
                    stream.Write(value);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString();
    }
}
