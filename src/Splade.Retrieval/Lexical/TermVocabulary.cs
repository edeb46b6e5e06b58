namespace Splade.Retrieval.Lexical;

/// <summary>Maps index terms to dense vector indices (0, 1, 2, ... in order of first appearance) and back.</summary>
/// <remarks>Built from a corpus while indexing; lookups by span avoid allocating a string per term. Not thread-safe
/// while terms are being added; safe for concurrent lookups afterwards.</remarks>
internal sealed class TermVocabulary
{
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _terms = [];

    /// <summary>Creates an empty dictionary.</summary>
    public TermVocabulary() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The number of distinct terms.</summary>
    public int Count => _terms.Count;

    /// <summary>The id of <paramref name="term"/>, adding it when new.</summary>
    /// <param name="term">The term.</param>
    /// <returns>The term's id.</returns>
    public uint GetOrAdd(ReadOnlySpan<char> term)
    {
        if (_lookup.TryGetValue(term, out var id))
        {
            return id;
        }

        id = (uint)_terms.Count;
        var text = term.ToString();
        _ids.Add(text, id);
        _terms.Add(text);
        return id;
    }

    /// <summary>Looks up the id of <paramref name="term"/> without adding it.</summary>
    /// <param name="term">The term.</param>
    /// <param name="id">The term's id when found.</param>
    /// <returns>True when the term is known.</returns>
    public bool TryGetId(ReadOnlySpan<char> term, out uint id) => _lookup.TryGetValue(term, out id);

    /// <summary>The term with id <paramref name="id"/>.</summary>
    /// <param name="id">A term id below <see cref="Count"/>.</param>
    /// <returns>The term.</returns>
    public string TermOf(uint id)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, (uint)_terms.Count);
        return _terms[(int)id];
    }
}
