using Splade.Core;

namespace Splade.Index.Writing;

/// <summary>A uniform sample of the documents streaming into a build (reservoir sampling, fixed seed): the queries an approximate
/// index is tuned on when the caller gives none.</summary>
internal sealed class DocumentSample(int size)
{
    private readonly List<(string Id, SparseVector Vector)> _sample = new(Math.Min(size, 1024));
    private readonly Random _random = new(20240611);
    private long _seen;

    /// <summary>The sampled documents' ids, in the order of <see cref="Vectors"/>.</summary>
    public IReadOnlyList<string> Ids => _sample.ConvertAll(static entry => entry.Id);

    /// <summary>The sampled documents' sparse vectors (documents without terms are never sampled).</summary>
    public IReadOnlyList<SparseVector> Vectors => _sample.ConvertAll(static entry => entry.Vector);

    /// <summary>Passes <paramref name="documents"/> through, sampling them on the way.</summary>
    public IEnumerable<IndexDocument> Watch(IEnumerable<IndexDocument> documents)
    {
        foreach (var document in documents)
        {
            if (document?.Vector is { Count: > 0 } vector)
            {
                Offer(document.Id, vector);
            }

            yield return document!;
        }
    }

    private void Offer(string id, SparseVector vector)
    {
        _seen++;
        if (_sample.Count < size)
        {
            _sample.Add((id, vector));
            return;
        }

        var slot = _random.NextInt64(_seen);
        if (slot < size)
        {
            _sample[(int)slot] = (id, vector);
        }
    }
}
