namespace Splade.Index.Segments;

/// <summary>Maps the distinct terms of a segment to dense slots 0..n-1 in ascending term order.</summary>
/// <remarks>A direct lookup table when the largest term is small (SPLADE vocabularies are ~30k), a dictionary otherwise.</remarks>
internal sealed class TermSlots
{
    private readonly int[]? _table;
    private readonly Dictionary<uint, int>? _map;

    private TermSlots(uint[] terms, int[]? table, Dictionary<uint, int>? map)
    {
        Terms = terms;
        _table = table;
        _map = map;
    }

    public uint[] Terms { get; }

    public static TermSlots Create(ReadOnlySpan<uint> indices, uint maxTerm, uint tableLimit)
    {
        if (maxTerm < tableLimit)
        {
            var table = new int[maxTerm + 1];
            foreach (var term in indices)
            {
                table[term] = 1;
            }

            var terms = new GrowableArray<uint>();
            for (var t = 0; t < table.Length; t++)
            {
                table[t] = table[t] == 0 ? -1 : terms.Count;
                if (table[t] >= 0)
                {
                    terms.Add((uint)t);
                }
            }

            return new TermSlots(terms.Span.ToArray(), table, null);
        }

        var distinct = new HashSet<uint>();
        foreach (var term in indices)
        {
            distinct.Add(term);
        }

        var sorted = new uint[distinct.Count];
        distinct.CopyTo(sorted);
        Array.Sort(sorted);
        var map = new Dictionary<uint, int>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            map[sorted[i]] = i;
        }

        return new TermSlots(sorted, null, map);
    }

    public int SlotOf(uint term) => _table is not null ? _table[term] : _map![term];
}
