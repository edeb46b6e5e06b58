namespace Splade.Encoding.Tokenization;

/// <summary>
/// The token strings by id, with span lookups for word starts and for continuation pieces (stored without their prefix,
/// so that a continuation can be looked up from a slice of the word without building the prefixed string).
/// </summary>
internal sealed class WordPieceVocabulary
{
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordStarts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;

    /// <param name="tokens">Token strings indexed by id; must be unique.</param>
    /// <param name="continuingSubwordPrefix">The prefix marking continuation pieces.</param>
    /// <param name="source">The file the tokens came from, for error messages.</param>
    public WordPieceVocabulary(string[] tokens, string continuingSubwordPrefix, string source)
    {
        _tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokens.Length; id++)
        {
            var token = tokens[id];
            if (!_ids.TryAdd(token, id))
            {
                throw new TokenizerLoadException($"{source}: token '{token}' appears twice (ids {_ids[token]} and {id}).");
            }

            MaxTokenLength = Math.Max(MaxTokenLength, token.Length);
            if (continuingSubwordPrefix.Length > 0 && token.StartsWith(continuingSubwordPrefix, StringComparison.Ordinal))
            {
                continuations[token[continuingSubwordPrefix.Length..]] = id;
            }
        }

        _wordStarts = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _tokens.Length;

    /// <summary>The longest token in UTF-16 code units: no piece can be longer.</summary>
    public int MaxTokenLength { get; }

    public string this[int id] => _tokens[id];

    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    public bool TryGetWordStart(ReadOnlySpan<char> piece, out int id) => _wordStarts.TryGetValue(piece, out id);

    public bool TryGetContinuation(ReadOnlySpan<char> pieceWithoutPrefix, out int id) => _continuations.TryGetValue(pieceWithoutPrefix, out id);
}
