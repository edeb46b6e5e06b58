using System.Diagnostics;
using System.Globalization;
using Splade.Core;
using Splade.Index;
using Splade.Index.Approximate;
using Splade.Index.Search;
using Splade.Index.Segments;

namespace Splade.Bench.Approximate;

/// <summary>
/// The exact engine as the benchmark's peer: an in-memory SparseIndex over the same documents, ids being ordinals. Its timed path,
/// <see cref="SearchTimed"/>, ends as the approximate side's does: the top k as (score, ordinal) pairs, no hit built and no id parsed.
/// </summary>
internal sealed class ExactPeer
{
    private readonly SparseIndex? _index;
    private readonly Segment? _scanned;
    private readonly SearchOptions _options = new() { K = 10 };

    private ExactPeer(SparseIndex? index, Segment? scanned, double buildSeconds, long managedBytes, string algorithm)
    {
        _index = index;
        _scanned = scanned;
        BuildSeconds = buildSeconds;
        ManagedBytes = managedBytes;
        Algorithm = algorithm;
    }

    public double BuildSeconds { get; }

    public long ManagedBytes { get; }

    public string Algorithm { get; }

    public static ExactPeer Build(Segment forward)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var index = SparseIndex.CreateInMemory(new IndexOptions { Durable = false, BackgroundMerge = false, FlushThreshold = forward.DocumentCount + 1 });
        index.BulkLoad(Documents(forward));
        var seconds = clock.Elapsed.TotalSeconds;
        var managed = GC.GetTotalMemory(forceFullCollection: true) - before;
        var probe = index.Search(Vector(forward, 0));
        var peer = new ExactPeer(index, null, seconds, managed, "SparseIndex " + probe.Algorithm);
        peer.CheckOrdinals(forward);
        return peer;
    }

    private static IEnumerable<IndexDocument> Documents(Segment forward)
    {
        for (var ordinal = 0; ordinal < forward.DocumentCount; ordinal++)
        {
            yield return new IndexDocument(ordinal.ToString(CultureInfo.InvariantCulture), Vector(forward, ordinal));
        }
    }

    private static SparseVector Vector(Segment forward, int ordinal)
    {
        forward.GetForward(ordinal, out ReadOnlySpan<ushort> narrow, out var values);
        var indices = new uint[narrow.Length];
        for (var i = 0; i < narrow.Length; i++)
        {
            indices[i] = narrow[i];
        }

        return new SparseVector(indices, values.ToArray(), forward.Dimension);
    }

    /// <summary>A stand-in peer for sizes where building SparseIndex does not fit the time available: an exhaustive scan of the
    /// segment's forward index.</summary>
    public static ExactPeer Scan(Segment forward) => new(null, forward, 0, 0, "exhaustive scan of the forward index (not SparseIndex)");

    /// <summary>The timed path: the top k without hits (<see cref="SparseIndex"/>'s candidates, or the scan's ordinals).</summary>
    public int SearchTimed(SparseVector query)
        => _scanned is not null ? ExhaustiveScorer.TopK(_scanned, query, _options.K).Length : _index!.SearchCandidates(query, _options).Length;

    /// <summary>The top k's ordinals, for recall (not timed): through ordinary hits and their ids.</summary>
    public int[] Search(SparseVector query)
    {
        if (_scanned is not null)
        {
            var scan = ExhaustiveScorer.TopK(_scanned, query, _options.K);
            var found = new int[scan.Length];
            for (var i = 0; i < scan.Length; i++)
            {
                found[i] = scan[i].Ordinal;
            }

            return found;
        }

        var hits = _index!.Search(query, _options).Hits;
        var ordinals = new int[hits.Count];
        for (var i = 0; i < hits.Count; i++)
        {
            ordinals[i] = int.Parse(hits[i].Id, CultureInfo.InvariantCulture);
        }

        return ordinals;
    }

    /// <summary>
    /// Checks that the timed path's ordinals are the documents' forward-index ordinals (one segment, loaded in order), on a few
    /// documents used as queries, so that timing candidates instead of hits measures the same answers.
    /// </summary>
    private void CheckOrdinals(Segment forward)
    {
        for (var ordinal = 0; ordinal < Math.Min(20, forward.DocumentCount); ordinal++)
        {
            var query = Vector(forward, ordinal);
            if (query.Count == 0)
            {
                continue;
            }

            var candidates = _index!.SearchCandidates(query, _options);
            var hits = Search(query);
            if (candidates.Length != hits.Length || candidates.Where((c, i) => c.Segment != 0 || c.Ordinal != hits[i]).Any())
            {
                throw new InvalidOperationException("The exact peer's candidate ordinals differ from its hits' ids; the timed path would not be comparable.");
            }
        }
    }
}
