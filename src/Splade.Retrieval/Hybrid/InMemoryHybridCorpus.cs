using System.Numerics.Tensors;
using Splade.Core;
using Splade.Core.Ranking;
using Splade.Index;
using Splade.Index.Filters;

namespace Splade.Retrieval.Hybrid;

/// <summary>An exhaustive in-memory <see cref="IHybridCorpus"/>: every search scores every document exactly.</summary>
/// <remarks>
/// <para>Dense vectors live in one contiguous row-major matrix scored with SIMD dot products; sparse vectors are scored
/// by merge-joining indices. It suits evaluation on collections of tens of thousands of documents and serves as the
/// reference that faster corpora are tested against. Results are ordered by descending score, ties by ascending
/// ordinal id. Add all documents first; once searching starts the corpus must not change (reads are thread-safe).</para>
/// </remarks>
internal sealed class InMemoryHybridCorpus : IHybridCorpus
{
    private readonly List<string> _ids = [];
    private readonly List<SparseVector> _sparse = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private float[] _dense = [];

    /// <summary>Creates an empty corpus whose dense vectors have <paramref name="denseDimension"/> values.</summary>
    /// <param name="denseDimension">The dense dimension, at least 1.</param>
    public InMemoryHybridCorpus(int denseDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(denseDimension, 1);
        DenseDimension = denseDimension;
    }

    /// <inheritdoc />
    public int DenseDimension { get; }

    /// <summary>The number of documents.</summary>
    public int Count => _ids.Count;

    /// <summary>Adds a document.</summary>
    /// <param name="id">A new, unique document id.</param>
    /// <param name="sparse">The document's sparse vector.</param>
    /// <param name="dense">The document's dense vector, of <see cref="DenseDimension"/> finite values.</param>
    /// <exception cref="ArgumentException">The id is taken, or the dense vector has the wrong dimension or a non-finite value.</exception>
    public void Add(string id, SparseVector sparse, ReadOnlySpan<float> dense)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(sparse);
        DenseVectorGuard.RequireDimension(dense, DenseDimension, $"dense vector of document '{id}'");
        for (var i = 0; i < dense.Length; i++)
        {
            if (!float.IsFinite(dense[i]))
            {
                throw new ArgumentException(
                    $"The dense vector of document '{id}' has {dense[i]} at position {i}; values must be finite numbers.", nameof(dense));
            }
        }

        if (!_positions.TryAdd(id, _ids.Count))
        {
            throw new ArgumentException($"Document id '{id}' is already in the corpus.", nameof(id));
        }

        var needed = (_ids.Count + 1) * DenseDimension;
        if (needed > _dense.Length)
        {
            Array.Resize(ref _dense, Math.Max(needed, _dense.Length * 2));
        }

        dense.CopyTo(_dense.AsSpan(_ids.Count * DenseDimension));
        _ids.Add(id);
        _sparse.Add(sparse);
    }

    /// <inheritdoc />
    /// <remarks>The corpus stores no metadata, so it refuses a filter.</remarks>
    public IReadOnlyList<SearchHit> SearchSparse(SparseVector query, int k, MetadataFilter? filter)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        RefuseFilter(filter);
        var top = new TopK<RankedId, RankedId.BestFirst>(k);
        for (var i = 0; i < _ids.Count; i++)
        {
            var score = query.Dot(_sparse[i]);
            if (score > 0)
            {
                top.Offer(new RankedId(_ids[i], score));
            }
        }

        return ToHits(top);
    }

    /// <inheritdoc />
    /// <remarks>The corpus stores no metadata, so it refuses a filter.</remarks>
    public IReadOnlyList<SearchHit> SearchDense(ReadOnlySpan<float> query, int k, MetadataFilter? filter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        RefuseFilter(filter);
        DenseVectorGuard.RequireDimension(query, DenseDimension, nameof(query));
        var top = new TopK<RankedId, RankedId.BestFirst>(k);
        for (var i = 0; i < _ids.Count; i++)
        {
            top.Offer(new RankedId(_ids[i], TensorPrimitives.Dot(query, _dense.AsSpan(i * DenseDimension, DenseDimension))));
        }

        return ToHits(top);
    }

    /// <inheritdoc />
    public SparseVector GetSparse(string id) => _sparse[PositionOf(id)];

    /// <inheritdoc />
    public ReadOnlyMemory<float>? GetDense(string id) => _dense.AsMemory(PositionOf(id) * DenseDimension, DenseDimension);

    private static void RefuseFilter(MetadataFilter? filter)
    {
        if (filter is not null)
        {
            throw new ArgumentException("This in-memory corpus stores no metadata, so it cannot apply a filter.", nameof(filter));
        }
    }

    private int PositionOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _positions.TryGetValue(id, out var position)
            ? position
            : throw new KeyNotFoundException($"No document with id '{id}' in the corpus.");
    }

    private static SearchHit[] ToHits(TopK<RankedId, RankedId.BestFirst> top)
    {
        var kept = top.ToSortedArray();
        var hits = new SearchHit[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            hits[i] = new SearchHit(kept[i].Id, kept[i].Score);
        }

        return hits;
    }
}
