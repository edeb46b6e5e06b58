namespace Splade.Core;

public sealed partial class SparseVector
{
    /// <summary>The entries as (term, weight) pairs, heaviest first (ties by index), the way SPLADE vectors are usually shown.</summary>
    /// <param name="termOf">Maps an index to its vocabulary term, for example a tokenizer's id-to-token lookup.</param>
    /// <param name="top">How many entries to return at most; all when null.</param>
    public IReadOnlyList<WeightedTerm> ToReadable(Func<uint, string> termOf, int? top = null)
    {
        ArgumentNullException.ThrowIfNull(termOf);
        var kept = top is { } k ? TopK(k) : this;
        var terms = new WeightedTerm[kept.Count];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = new WeightedTerm(kept._indices[i], termOf(kept._indices[i]), kept._values[i]);
        }

        Array.Sort(terms, static (a, b) =>
        {
            var byWeight = b.Weight.CompareTo(a.Weight);
            return byWeight != 0 ? byWeight : a.Index.CompareTo(b.Index);
        });
        return terms;
    }
}

/// <summary>One entry of a readable sparse vector.</summary>
/// <param name="Index">The vocabulary index.</param>
/// <param name="Term">The vocabulary term at that index.</param>
/// <param name="Weight">The entry's weight.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public readonly record struct WeightedTerm(uint Index, string Term, float Weight);
