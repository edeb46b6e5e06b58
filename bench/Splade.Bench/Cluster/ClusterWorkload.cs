using System.Diagnostics;
using Splade.Cli.Synthetic;
using Splade.Core;
using Splade.Server.Storage;

namespace Splade.Bench.Cluster;

/// <summary>The documents and queries of the <c>cluster</c> benchmark, the same for the cluster and the single machine: the index
/// benchmark's synthetic SPLADE-like corpus (<see cref="SyntheticSpladeCorpus"/>, default options, seed 42), one sparse vector
/// <c>s</c> per point, point ids 0 .. documents - 1.</summary>
internal sealed class ClusterWorkload
{
    public const string Vector = "s";

    /// <summary>Points per upsert while loading.</summary>
    public const int LoadBatch = 1000;

    /// <summary>Upserts in flight at once while loading.</summary>
    public const int LoadParallelism = 2;

    private readonly SparseVector[] _documents;
    private readonly VectorValue[] _queries;

    public ClusterWorkload(int documents, int queries)
    {
        var corpus = new SyntheticSpladeCorpus();
        _documents = new SparseVector[documents];
        Parallel.For(0, documents, i => _documents[i] = corpus.DocumentVector(i));
        _queries = new VectorValue[queries];
        for (var i = 0; i < queries; i++)
        {
            _queries[i] = VectorValue.FromSparse(corpus.Query(i, documents).Vector);
        }

        Postings = _documents.Sum(document => (long)document.Count);
    }

    public int Documents => _documents.Length;

    public int Queries => _queries.Length;

    /// <summary>Non-zero weights over all documents.</summary>
    public long Postings { get; }

    /// <summary>The collection's configuration: one sparse vector, no modifier.</summary>
    public static CollectionConfig Config { get; } = new() { Sparse = [new SparseVectorConfig(Vector, SparseModifier.None, string.Empty)] };

    /// <summary>Query <paramref name="sequence"/> modulo the number of queries.</summary>
    public VectorValue Query(long sequence) => _queries[(int)(sequence % _queries.Length)];

    /// <summary>Upserts every document in batches of <see cref="LoadBatch"/>, <see cref="LoadParallelism"/> at a time, and returns
    /// the seconds it took.</summary>
    public async Task<double> LoadAsync(Func<IReadOnlyList<PointInput>, Task> upsert)
    {
        var clock = Stopwatch.StartNew();
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, LoadParallelism).Select(_ => Task.Run(async () =>
        {
            for (long first; (first = Interlocked.Increment(ref next) * LoadBatch) < _documents.Length;)
            {
                var count = (int)Math.Min(LoadBatch, _documents.Length - first);
                var points = new PointInput[count];
                for (var i = 0; i < count; i++)
                {
                    var id = first + i;
                    points[i] = new PointInput(
                        PointId.FromNumber((ulong)id),
                        new Dictionary<string, VectorValue>(StringComparer.Ordinal) { [Vector] = VectorValue.FromSparse(_documents[id]) },
                        null);
                }

                await upsert(points).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The bytes of every file under <paramref name="folder"/> (0 when it does not exist), and of those the bytes in the
    /// collections' write-ahead logs (files under a <c>log</c> folder).</summary>
    public static (long Total, long Log) DiskBytes(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return (0, 0);
        }

        long total = 0, log = 0;
        var marker = $"{Path.DirectorySeparatorChar}log{Path.DirectorySeparatorChar}";
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            total += file.Length;
            log += file.FullName.Contains(marker, StringComparison.Ordinal) ? file.Length : 0;
        }

        return (total, log);
    }
}
