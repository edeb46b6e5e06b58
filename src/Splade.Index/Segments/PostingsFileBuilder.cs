using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>Inverts a segment's forward index into its Postings file: terms, weight tiers, per-chunk posting starts, weight bounds,
/// 16-bit document numbers within each chunk and 8-bit weight codes.</summary>
/// <remarks>
/// <para>
/// Documents are grouped in chunks of <see cref="ChunkSize"/> ordinals. Within a chunk a posting stores its ordinal minus the chunk's
/// first as a u16, and term-at-a-time search accumulates one chunk at a time into an array that stays in the processor's cache.
/// </para>
/// <para>
/// Each term's postings are split by weight code into tiers (<see cref="TierStartCodes"/>), each tier a list of its own, so that
/// search can skip a term's light postings while it still reads its heavy ones. A list is the pair (term, tier), numbered
/// term × tiers + tier.
/// </para>
/// </remarks>
internal static class PostingsFileBuilder
{
    public const int ChunkBits = 16;
    public const int ChunkSize = 1 << ChunkBits;
    private const uint DenseTermTableLimit = 1 << 24;

    /// <summary>
    /// The first code of each tier: the light tier holds codes 0 to 63, the lower quarter of the term's weight range, and the heavy
    /// tier the rest. Measured on 1M synthetic documents without topics (200 queries, skipping under 0.3 of the top-10 score):
    /// skipping whole terms reads 6.3 M postings a query; with the light tiers skippable on their own, a split at code 38, 51 or
    /// 64 reads 4.0, 3.7 and 3.7 M, and a third tier gained little more.
    /// </summary>
    public static ReadOnlySpan<byte> TierStartCodes => [0, 64];

    /// <summary>The tier of a posting with weight code <paramref name="code"/>, given each tier's first code.</summary>
    private static int TierOf(byte code, ReadOnlySpan<byte> tierStarts)
    {
        var tier = tierStarts.Length - 1;
        while (code < tierStarts[tier])
        {
            tier--;
        }

        return tier;
    }

    /// <summary>The number of chunks of a segment with <paramref name="documentCount"/> documents (at least one).</summary>
    public static int ChunkCount(int documentCount) => Math.Max(1, (documentCount + ChunkSize - 1) >> ChunkBits);

    /// <summary>The number of documents in chunk <paramref name="chunk"/> of a segment with <paramref name="documentCount"/> documents.</summary>
    public static int ChunkLength(int documentCount, int chunk) => Math.Min(ChunkSize, documentCount - (chunk << ChunkBits));

    /// <summary>The ordinals [first, end) of chunk <paramref name="chunk"/>'s documents.</summary>
    private static (int First, int End) ChunkDocuments(int documentCount, int chunk)
    {
        var first = chunk << ChunkBits;
        return (first, Math.Min(documentCount, first + ChunkSize));
    }

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
        var tierStarts = TierStartCodes;
        var tiers = tierStarts.Length;
        var postings = indices.Length;
        var writer = FileSectionWriter.Create(
            FileSectionWriter.SectionLength<long>(2)
            + FileSectionWriter.SectionLength<byte>(tiers)
            + FileSectionWriter.SectionLength<uint>(termCount)
            + FileSectionWriter.SectionLength<long>(((long)termCount * tiers * chunks) + 1)
            + (2 * FileSectionWriter.SectionLength<float>(termCount))
            + FileSectionWriter.SectionLength<ushort>(postings)
            + FileSectionWriter.SectionLength<byte>(postings));
        writer.Write<long>([documentCount, termCount]);
        writer.Write(tierStarts);
        writer.Write<uint>(slots.Terms);
        var starts = writer.Reserve<long>(checked((termCount * tiers * chunks) + 1));
        var maxWeights = writer.Reserve<float>(termCount);
        var minWeights = writer.Reserve<float>(termCount);
        maxWeights.Fill(float.NegativeInfinity);
        minWeights.Fill(float.PositiveInfinity);
        for (var p = 0; p < indices.Length; p++)
        {
            var slot = slots.SlotOf(indices[p]);
            maxWeights[slot] = Math.Max(maxWeights[slot], values[p]);
            minWeights[slot] = Math.Min(minWeights[slot], values[p]);
        }

        var steps = new float[termCount];
        for (var slot = 0; slot < termCount; slot++)
        {
            steps[slot] = PostingImpacts.Step(minWeights[slot], maxWeights[slot]);
        }

        // Each chunk's postings are counted, then scattered, through a cursor per list for that chunk alone: a quarter of a
        // megabyte that stays in cache, where indexing the starts of every (list, chunk) directly jumps across megabytes.
        var lists = termCount * tiers;
        var cursors = new int[lists];
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var (first, end) = ChunkDocuments(documentCount, chunk);
            for (var p = (int)forwardStarts[first]; p < (int)forwardStarts[end]; p++)
            {
                var slot = slots.SlotOf(indices[p]);
                cursors[(slot * tiers) + TierOf(PostingImpacts.Encode(values[p], minWeights[slot], steps[slot]), tierStarts)]++;
            }

            for (var list = 0; list < lists; list++)
            {
                starts[(list * chunks) + chunk + 1] = cursors[list];
            }

            Array.Clear(cursors);
        }

        for (var i = 1; i < starts.Length; i++)
        {
            starts[i] += starts[i - 1];
        }

        // Postings are scattered straight into the file's sections, in ascending document order within each (list, chunk).
        var lows = writer.Reserve<ushort>(postings);
        var codes = writer.Reserve<byte>(postings);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            for (var list = 0; list < lists; list++)
            {
                cursors[list] = (int)starts[(list * chunks) + chunk];
            }

            var (first, end) = ChunkDocuments(documentCount, chunk);
            for (var doc = first; doc < end; doc++)
            {
                var low = (ushort)(doc & (ChunkSize - 1));
                for (var p = (int)forwardStarts[doc]; p < (int)forwardStarts[doc + 1]; p++)
                {
                    var slot = slots.SlotOf(indices[p]);
                    var code = PostingImpacts.Encode(values[p], minWeights[slot], steps[slot]);
                    var at = cursors[(slot * tiers) + TierOf(code, tierStarts)]++;
                    lows[at] = low;
                    codes[at] = code;
                }
            }
        }

        return writer.Seal(IndexFileKind.Postings);
    }
}
