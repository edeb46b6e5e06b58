using System.IO.Hashing;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

/// <summary>Writes an approximate index in the stream format that index files stored before format version 6 (docs/FORMAT.md):
/// stream version 2 (3-byte ordinals, 4-bit levels) as it was written, or version 1 (int32 ordinals, 8-bit levels 17 times finer
/// on a scale 17 times smaller) as it would have stored the same summaries.</summary>
internal static class OlderApproximateStream
{
    public static byte[] Write(ApproximateIndex index, int streamVersion)
    {
        var layout = index.Layout;
        var options = index.BuildOptions;
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("SPLADEAX"u8);
            writer.Write(streamVersion);
            writer.Write(index.Dimension);
            writer.Write(index.DocumentCount);
            writer.Write(options.PostingsPerTerm);
            writer.Write(options.BlockSize);
            writer.Write(options.SummaryEnergy);
            writer.Write(options.MaxSummaryTerms);
            writer.Write(options.ClusteringTerms);
            writer.Write(options.Seed);
            writer.Write(index.BlockCount);
            writer.Write(layout.Ordinals().Length);
            writer.Write(layout.SummaryTerms.Length);
            if (streamVersion == 2)
            {
                writer.Write(layout.OrdinalWidth);
            }

            Ints(writer, layout.TermBlockStarts);
            Ints(writer, layout.BlockDocStarts);
            if (streamVersion == 2)
            {
                writer.Write(layout.BlockDocs.AsSpan(0, layout.BlockDocs.Length - PackedOrdinals.Padding));
            }
            else
            {
                Ints(writer, layout.Ordinals());
            }

            Ints(writer, layout.BlockSummaryStarts);
            foreach (var term in layout.SummaryTerms)
            {
                writer.Write(term);
            }

            writer.Write(streamVersion == 2 ? layout.SummaryLevels : [.. layout.Levels().Select(level => (byte)(level * 17))]);
            foreach (var scale in layout.BlockScales)
            {
                writer.Write(streamVersion == 2 ? scale : scale / 17);
            }
        }

        var bytes = stream.ToArray();
        return [.. bytes, .. BitConverter.GetBytes(XxHash64.HashToUInt64(bytes)), .. "AXFOOTER"u8];
    }

    private static void Ints(BinaryWriter writer, int[] values)
    {
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }
}
