using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Encoding;
using Splade.Server.Storage;

namespace Splade.Server.Inference;

/// <summary>A SPLADE model (the shipped one, or a configured folder), loaded on first use.</summary>
internal sealed class SpladeTextModel(string name, Func<SpladeEncoder> load) : ISparseTextModel, IDisposable
{
    private readonly Lazy<SpladeEncoder> _encoder = new(load, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Name { get; } = name;

    public SpladeEncoder Encoder => _encoder.Value;

    public IReadOnlyList<SparseVector> EncodeDocuments(IReadOnlyList<string> texts, JsonObject? options, CancellationToken cancellationToken)
    {
        ModelOptions.RequireOnly(options, Name);
        return Encoder.EncodeBatch(texts, cancellationToken);
    }

    public SparseVector EncodeQuery(string text, JsonObject? options, CancellationToken cancellationToken)
    {
        ModelOptions.RequireOnly(options, Name);
        return Encoder.EncodeQuery(text, cancellationToken);
    }

    public QueryVocabulary Vocabulary(string queryText) => new(TokenOf, OwnTerms(queryText), OwnTerms);

    public string? TokenOf(uint index) => index < (uint)Encoder.Tokenizer.VocabularySize ? Encoder.Tokenizer.IdToToken((int)index) : null;

    public IReadOnlySet<uint> OwnTerms(string text) => Encoder.Tokenizer.TokenizeToPieceIds(text).Select(id => (uint)id).ToHashSet();

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
