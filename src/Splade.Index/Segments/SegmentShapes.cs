using System.Runtime.InteropServices;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>Checks that the parts read from a segment's four files (<see cref="SegmentFiles.Required"/> order) agree: within each
/// file, and between files on the number of documents and postings, so that serving them never reads out of range.</summary>
internal static class SegmentShapes
{
    /// <exception cref="IndexCorruptedException">Sections disagree; the message names the file that holds them.</exception>
    public static void Check(IndexFileData[] files, PostingsPart postings, ForwardPart forward, DocumentsPart documents, DensePart dense)
    {
        CheckTierStarts(files[0], postings.TierStarts.Span);
        CheckPostings(files[0], postings);
        CheckForward(files[1], forward, postings);
        CheckDocuments(files[2], documents, postings.DocumentCount);
        CheckDense(files[3], dense, postings.DocumentCount);
    }

    /// <summary>The tier starts must begin at code 0 and increase, so that every code belongs to exactly one tier.</summary>
    private static void CheckTierStarts(IndexFileData file, ReadOnlySpan<byte> tierStarts)
    {
        var increasing = tierStarts.Length > 0 && tierStarts[0] == 0;
        for (var i = 1; increasing && i < tierStarts.Length; i++)
        {
            increasing = tierStarts[i] > tierStarts[i - 1];
        }

        if (!increasing)
        {
            throw Corrupt(file, "its weight tiers do not start at code 0 and increase.");
        }
    }

    private static void CheckPostings(IndexFileData file, PostingsPart postings)
    {
        var chunkStarts = Cast<long>(postings.ChunkStarts);
        var lows = Cast<ushort>(postings.Lows);
        var terms = postings.TermCount;
        var lists = (long)terms * postings.TierStarts.Length * PostingsFileBuilder.ChunkCount(postings.DocumentCount);
        if (Cast<uint>(postings.Terms).Length != terms || chunkStarts.Length != lists + 1 || Cast<float>(postings.MaxWeights).Length != terms
            || Cast<float>(postings.MinWeights).Length != terms || postings.Codes.Length != lows.Length || chunkStarts[^1] != lows.Length)
        {
            throw Corrupt(file, "its sections disagree on the number of terms or postings.");
        }
    }

    private static void CheckForward(IndexFileData file, ForwardPart forward, PostingsPart postings)
    {
        var starts = Cast<long>(forward.Starts);
        var entries = forward.Indices.Length / (forward.NarrowTerms ? sizeof(ushort) : sizeof(uint));
        if (starts.Length != postings.DocumentCount + 1 || starts[^1] != entries || forward.Indices.Length % sizeof(ushort) != 0
            || Cast<float>(forward.Values).Length != entries || starts[^1] != postings.Lows.Length / sizeof(ushort))
        {
            throw Corrupt(file, "its sections disagree with the postings on the number of documents or entries.");
        }
    }

    private static void CheckDocuments(IndexFileData file, DocumentsPart documents, int documentCount)
    {
        var idStarts = Cast<long>(documents.IdStarts);
        var metadataStarts = Cast<long>(documents.MetadataStarts);
        var textStarts = Cast<long>(documents.TextStarts);
        if (Cast<long>(documents.Sequences).Length != documentCount || documents.Flags.Length != documentCount
            || idStarts.Length != documentCount + 1 || metadataStarts.Length != documentCount + 1 || textStarts.Length != documentCount + 1
            || idStarts[^1] != documents.IdBytes.Length || metadataStarts[^1] != documents.MetadataBytes.Length
            || textStarts[^1] != documents.TextBytes.Length)
        {
            throw Corrupt(file, "its sections disagree on the number of documents.");
        }
    }

    private static void CheckDense(IndexFileData file, DensePart dense, int documentCount)
    {
        var rows = Cast<int>(dense.Rows);
        var int8 = dense.Precision == DensePrecision.Int8;
        var scales = Cast<float>(dense.Scales).Length;
        var values = int8 ? dense.Values.Length : Cast<float>(dense.Values).Length;
        var dimension = dense.Dimension;
        var rowCount = dimension == 0 ? 0 : values / dimension;
        if (rows.Length != documentCount || (dimension == 0 ? values != 0 : values % dimension != 0) || scales != (int8 ? rowCount : 0))
        {
            throw Corrupt(file, "its sections disagree on the number of documents, vectors or the dimension.");
        }

        foreach (var row in rows)
        {
            if (row < -1 || row >= rowCount)
            {
                throw Corrupt(file, $"a document points at dense row {row}, outside the {rowCount} stored.");
            }
        }
    }

    private static ReadOnlySpan<T> Cast<T>(ReadOnlyMemory<byte> bytes)
        where T : struct
        => MemoryMarshal.Cast<byte, T>(bytes.Span);

    private static IndexCorruptedException Corrupt(IndexFileData file, string message) => new(file.Name, message);
}
