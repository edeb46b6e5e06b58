using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index.Filters;

namespace Splade.Index.Tests;

/// <summary>The brute-force oracle: documents in insertion order (an upsert moves a document to the end), scored by a plain scan.</summary>
internal sealed class ReferenceCollection
{
    private readonly List<IndexDocument> _documents = [];

    public ReferenceCollection()
    {
    }

    /// <summary>A collection of documents with distinct ids, in the given order (without the per-document id scan of <see cref="Upsert"/>).</summary>
    public ReferenceCollection(IEnumerable<IndexDocument> distinctDocuments) => _documents.AddRange(distinctDocuments);

    public int Count => _documents.Count;

    public void Upsert(IndexDocument document)
    {
        _documents.RemoveAll(d => d.Id == document.Id);
        _documents.Add(document);
    }

    public bool Delete(string id) => _documents.RemoveAll(d => d.Id == id) > 0;

    public List<(string Id, float Score)> TopK(SparseVector query, int k, MetadataFilter? filter = null)
    {
        var scored = new List<(string Id, float Score, int Order)>();
        for (var i = 0; i < _documents.Count; i++)
        {
            var document = _documents[i];
            if (!Shares(query, document.Vector) || (filter is not null && !filter.Matches(document.Metadata)))
            {
                continue;
            }

            scored.Add((document.Id, query.Dot(document.Vector), i));
        }

        scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Order.CompareTo(b.Order));
        return scored.Take(k).Select(s => (s.Id, s.Score)).ToList();
    }

    /// <summary>An independent double-precision score, to check the float scores against.</summary>
    public static double DoubleScore(SparseVector query, SparseVector document)
    {
        var weights = query.ToDictionary();
        double sum = 0;
        for (var i = 0; i < document.Count; i++)
        {
            if (weights.TryGetValue(document.Indices[i], out var w))
            {
                sum += (double)w * document.Values[i];
            }
        }

        return sum;
    }

    public IndexDocument? Get(string id) => _documents.Find(d => d.Id == id);

    private static bool Shares(SparseVector a, SparseVector b) => a.Indices.ToArray().Intersect(b.Indices.ToArray()).Any();
}
