using Splade.Index.Approximate;
using Splade.Core;
using Splade.Index.Storage;
using Splade.Index.Writing;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    private static SparseIndex Build(
        string directory, IEnumerable<IndexDocument> documents, IndexBuildOptions? options, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(documents);
        options ??= new IndexBuildOptions();
        ValidateBuildOptions(options);
        var index = new SparseIndex(
            new FileSystemDirectory(directory), ownsDirectory: true, options.Index, useLog: true, OpenMode.Build, cancellationToken);
        try
        {
            var tuned = options.Index.Approximate is not null;
            var sample = tuned && options.TuningQueries is null ? new DocumentSample(options.TuningSampleSize) : null;
            index._writer.BulkLoad(sample is null ? documents : sample.Watch(documents), progress);
            cancellationToken.ThrowIfCancellationRequested();
            if (tuned && index.GetStatistics().ApproximateSegments > 0)
            {
                var queries = options.TuningQueries ?? sample!.Vectors;
                if (queries.Count > 0)
                {
                    ApproximateTuner.Tune(
                        index._writer, index._options, queries, options.TuningQueries is null ? sample!.Ids : null, options.TargetRecall,
                        options.TuningK, requireFaster: true);
                }
            }

            index._writer.FinishBuild();
            return index;
        }
        catch
        {
            index._writer.AbandonBuild();
            index.Dispose();
            throw;
        }
    }

    private static void ValidateBuildOptions(IndexBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Index, nameof(options));
        if (!(options.TargetRecall > 0d && options.TargetRecall <= 1d))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TargetRecall, "TargetRecall must be in (0, 1].");
        }

        if (options.TuningSampleSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TuningSampleSize, "TuningSampleSize must be at least 1.");
        }

        ValidateK(options.TuningK);
        if (options.TuningQueries is { } queries && (queries.Count == 0 || queries.Any(static query => query is null || query.Count == 0)))
        {
            throw new ArgumentException("TuningQueries needs at least one query, and every query a non-zero term.", nameof(options));
        }
    }
}
