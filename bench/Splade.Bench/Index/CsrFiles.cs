using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index;
using Splade.Cli.Synthetic;

namespace Splade.Bench.Index;

/// <summary>Raw CSR arrays on disk (name.indptr int64, name.indices int32, name.data float32): the SciPy peer's input, and the file
/// the index bench bulk-loads from, so that no run holds the whole collection in memory.</summary>
internal static class CsrFiles
{
    private const int GenerationBatch = 1 << 16;

    /// <summary>Writes the vectors and returns their total number of non-zeros.</summary>
    public static long Write(string prefix, IEnumerable<SparseVector> vectors)
    {
        using var indptr = new BinaryWriter(File.Create(prefix + ".indptr"));
        using var indices = new BufferedStream(File.Create(prefix + ".indices"), 1 << 20);
        using var data = new BufferedStream(File.Create(prefix + ".data"), 1 << 20);
        long offset = 0;
        indptr.Write(offset);
        foreach (var vector in vectors)
        {
            indices.Write(MemoryMarshal.AsBytes(vector.Indices));
            data.Write(MemoryMarshal.AsBytes(vector.Values));
            offset += vector.Count;
            indptr.Write(offset);
        }

        return offset;
    }

    /// <summary>The corpus's first <paramref name="count"/> document vectors, generated in parallel a batch at a time, in order.</summary>
    public static IEnumerable<SparseVector> Generate(SyntheticSpladeCorpus corpus, int count)
    {
        var batch = new SparseVector[Math.Min(count, GenerationBatch)];
        for (var first = 0; first < count; first += batch.Length)
        {
            var size = Math.Min(batch.Length, count - first);
            Parallel.For(0, size, i => batch[i] = corpus.DocumentVector(first + i));
            for (var i = 0; i < size; i++)
            {
                yield return batch[i];
            }
        }
    }

    /// <summary>Streams the documents written by <see cref="Write"/> back, with the corpus's ids (<c>d0</c>, <c>d1</c>, ...).</summary>
    /// <summary>The documents of the CSR files; with <paramref name="buckets"/> above 0, document d has the metadata
    /// <c>{"bucket": d mod buckets}</c> (what the filtered search case filters on).</summary>
    public static IEnumerable<IndexDocument> ReadDocuments(string prefix, int buckets = 0)
    {
        using var indptr = new BinaryReader(new BufferedStream(File.OpenRead(prefix + ".indptr"), 1 << 20));
        using var indices = new BufferedStream(File.OpenRead(prefix + ".indices"), 1 << 20);
        using var data = new BufferedStream(File.OpenRead(prefix + ".data"), 1 << 20);
        var documents = (indptr.BaseStream.Length / sizeof(long)) - 1;
        var start = indptr.ReadInt64();
        for (long d = 0; d < documents; d++)
        {
            var end = indptr.ReadInt64();
            var terms = new uint[end - start];
            var weights = new float[end - start];
            indices.ReadExactly(MemoryMarshal.AsBytes(terms.AsSpan()));
            data.ReadExactly(MemoryMarshal.AsBytes(weights.AsSpan()));
            start = end;
            yield return new IndexDocument(SyntheticSpladeCorpus.DocumentId(d), SparseVector.Wrap(terms, weights))
            {
                Metadata = buckets > 0 ? new JsonObject { ["bucket"] = d % buckets } : null,
            };
        }
    }
}
