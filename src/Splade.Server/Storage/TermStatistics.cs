namespace Splade.Server.Storage;

/// <summary>The statistics of the idf modifier for some terms of one sparse vector: how many points have the vector, and how many
/// of them have each term.</summary>
/// <param name="Documents">The points that have the vector.</param>
/// <param name="Terms">The terms, in any order.</param>
/// <param name="Frequencies">For each term, the points whose vector has it.</param>
internal sealed record TermStatistics(long Documents, IReadOnlyList<uint> Terms, IReadOnlyList<long> Frequencies)
{
    /// <summary>The frequencies of <paramref name="terms"/>; a term not listed counts 0.</summary>
    public long[] FrequenciesOf(ReadOnlySpan<uint> terms)
    {
        var lookup = new Dictionary<uint, long>(Terms.Count);
        for (var i = 0; i < Terms.Count; i++)
        {
            lookup[Terms[i]] = Frequencies[i];
        }

        var result = new long[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            result[i] = lookup.GetValueOrDefault(terms[i]);
        }

        return result;
    }

    /// <summary>Adds up statistics of the same terms gathered from disjoint parts of a collection (its shards).</summary>
    public static TermStatistics Sum(IReadOnlyList<uint> terms, IEnumerable<TermStatistics> parts)
    {
        long documents = 0;
        var frequencies = new long[terms.Count];
        foreach (var part in parts)
        {
            documents += part.Documents;
            var own = part.FrequenciesOf(terms.ToArray());
            for (var i = 0; i < own.Length; i++)
            {
                frequencies[i] += own[i];
            }
        }

        return new TermStatistics(documents, terms, frequencies);
    }
}
