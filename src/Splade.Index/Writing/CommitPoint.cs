using System.Text.Json;
using System.Text.Json.Serialization;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

/// <summary>The content of the commit file: the segments (and deletion generations) that make up the index, and the log position it covers.</summary>
internal sealed record CommitPoint
{
    public const string FileName = "commit";

    public long Generation { get; init; }

    public long NextSequence { get; init; }

    public int NextSegmentId { get; init; } = 1;

    /// <summary>The number of the last write-ahead log operation the segments include; later ones are replayed.</summary>
    public long AppliedOperation { get; init; }

    public int DenseDimension { get; init; }

    /// <summary>How segments store dense vectors; absent in commits written before int8 storage existed, which were float32.</summary>
    public DensePrecision DensePrecision { get; init; }

    public IReadOnlyList<CommittedSegment> Segments { get; init; } = [];

    /// <summary>The approximate-search settings, or null when the index builds no approximate structures.</summary>
    public ApproximateSettings? Approximate { get; init; }

    /// <summary>Whether the index keeps a write-ahead log: if so, a missing <c>wal.log</c> is reported, never taken for an empty one.
    /// Absent (false) in commits written before the flag existed.</summary>
    public bool Log { get; init; }

    /// <summary>Whether the index is still being built
    /// (<see cref="SparseIndex.Build(string, IEnumerable{IndexDocument}, IndexBuildOptions?, IProgress{int}?)"/>): such a commit is not
    /// opened, and the next build in the folder replaces it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Building { get; init; }

    public byte[] ToFile()
        => ChecksummedFile.Wrap(IndexFileKind.Commit, JsonSerializer.SerializeToUtf8Bytes(this, CommitJsonContext.Default.CommitPoint));

    public static CommitPoint FromFile(ReadOnlyMemory<byte> file)
    {
        var payload = ChecksummedFile.Unwrap(FileName, file, IndexFileKind.Commit);
        try
        {
            return JsonSerializer.Deserialize(payload.Span, CommitJsonContext.Default.CommitPoint)
                ?? throw new IndexCorruptedException(FileName, "it holds JSON null.");
        }
        catch (JsonException error)
        {
            throw new IndexCorruptedException(FileName, $"its JSON cannot be read ({error.Message}).", error);
        }
    }
}

/// <summary>One segment listed in a commit.</summary>
/// <param name="Id">The segment's number (names its files).</param>
/// <param name="Documents">Its document count, checked against the segment's files.</param>
/// <param name="LiveGeneration">The generation of its live-documents file, or 0 when all its documents are live.</param>
/// <param name="Approximate">Whether the segment has an approximate index file (<c>seg_N.apx</c>).</param>
internal sealed record CommittedSegment(int Id, int Documents, int LiveGeneration, bool Approximate = false);

[JsonSerializable(typeof(CommitPoint))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class CommitJsonContext : JsonSerializerContext;
