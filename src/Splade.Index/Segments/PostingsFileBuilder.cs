using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>Inverts a segment's forward index into its Postings file: terms, per-chunk posting starts, weight bounds, 16-bit document
/// numbers within each chunk and 8-bit weight codes.</summary>
/// <remarks>
/// Documents are grouped in chunks of <see cref="ChunkSize"/> ordinals. Within a chunk a posting stores its ordinal minus the chunk's
/// first as a u16, and term-at-a-time search accumulates one chunk at a time into an array that stays in the processor's cache.
/// </remarks>
internal static class PostingsFileBuilder
{
    public const int ChunkBits = 16;
    public const int ChunkSize = 1 << ChunkBits;
    private const uint DenseTermTableLimit = 1 << 24;

    /// <summary>The number of chunks of a segment with <paramref name="documentCount"/> documents (at least one).</summary>
    public static int ChunkCount(int documentCount) => Math.Max(1, (documentCount + ChunkSize - 1) >> ChunkBits);

    /// <summary>The number of documents in chunk <paramref name="chunk"/> of a segment with <paramref name="documentCount"/> documents.</summary>
    public static int ChunkLength(int documentCount, int chunk) => Math.Min(ChunkSize, documentCount - (chunk << ChunkBits));

    /// <summary>Builds the Postings file, already wrapped with header and footer.</summary>
    /// <param name="forwardStarts">Entries of document d are positions [starts[d], starts[d+1]) of the index and value spans.</param>
    /// <param name="indices">Every document's term indices, ascending within each document.</param>
    /// <param name="values">The float32 weight of each entry.</param>
    /// <param name="maxTerm">The largest term index present (0 when there is none).</param>
    public static byte[] Build(ReadOnlySpan<long> forwardStarts, ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, uint maxTerm)
    {
        var documentCount = forwardStarts.Length - 1;
        var chunks = ChunkCount(documentCount);
        var slots = TermSlots.Create(indices, maxTerm, DenseTermTableLimit);
        var termCount = slots.Terms.Length;
        var postings = indices.Length;
        var writer = FileSectionWriter.Create(
            FileSectionWriter.SectionLength<long>(2)
            + FileSectionWriter.SectionLength<uint>(termCount)
            + FileSectionWriter.SectionLength<long>(((long)termCount * chunks) + 1)
            + (2 * FileSectionWriter.SectionLength<float>(termCount))
            + FileSectionWriter.SectionLength<ushort>(postings)
            + FileSectionWriter.SectionLength<byte>(postings));
        writer.Write<long>([documentCount, termCount]);
        writer.Write<uint>(slots.Terms);
        var starts = writer.Reserve<long>(checked((termCount * chunks) + 1));
        var maxWeights = writer.Reserve<float>(termCount);
        var minWeights = writer.Reserve<float>(termCount);
        maxWeights.Fill(float.NegativeInfinity);
        minWeights.Fill(float.PositiveInfinity);
        for (var doc = 0; doc < documentCount; doc++)
        {
            var chunk = doc >> ChunkBits;
            for (var p = (int)forwardStarts[doc]; p < (int)forwardStarts[doc + 1]; p++)
            {
                var slot = slots.SlotOf(indices[p]);
                starts[(slot * chunks) + chunk + 1]++;
                maxWeights[slot] = Math.Max(maxWeights[slot], values[p]);
                minWeights[slot] = Math.Min(minWeights[slot], values[p]);
            }
        }

        for (var i = 1; i < starts.Length; i++)
        {
            starts[i] += starts[i - 1];
        }

        var steps = new float[termCount];
        for (var slot = 0; slot < termCount; slot++)
        {
            steps[slot] = PostingImpacts.Step(minWeights[slot], maxWeights[slot]);
        }

        // Postings are scattered straight into the file's sections, in ascending document order within each (term, chunk).
        var next = starts[..^1].ToArray();
        var lows = writer.Reserve<ushort>(postings);
        var codes = writer.Reserve<byte>(postings);
        for (var doc = 0; doc < documentCount; doc++)
        {
            var chunk = doc >> ChunkBits;
            var low = (ushort)(doc & (ChunkSize - 1));
            for (var p = (int)forwardStarts[doc]; p < (int)forwardStarts[doc + 1]; p++)
            {
                var slot = slots.SlotOf(indices[p]);
                var at = (int)next[(slot * chunks) + chunk]++;
                lows[at] = low;
                codes[at] = PostingImpacts.Encode(values[p], minWeights[slot], steps[slot]);
            }
        }

        return writer.Seal(IndexFileKind.Postings);
    }
}
