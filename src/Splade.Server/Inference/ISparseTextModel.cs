using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Server.Storage;

namespace Splade.Server.Inference;

/// <summary>A model that turns text into sparse vectors (SPLADE, BM25), with what explanations need to read them.</summary>
internal interface ISparseTextModel : ITextModel
{
    /// <summary>Encodes documents (the upsert side).</summary>
    IReadOnlyList<SparseVector> EncodeDocuments(IReadOnlyList<string> texts, JsonObject? options, CancellationToken cancellationToken);

    /// <summary>Encodes a query (the model's query settings).</summary>
    SparseVector EncodeQuery(string text, JsonObject? options, CancellationToken cancellationToken);

    /// <summary>How explanations name the terms of a query encoded from <paramref name="queryText"/> and tell its expansion terms.</summary>
    QueryVocabulary Vocabulary(string queryText);

    /// <summary>The readable token of a term, or null when the model cannot tell.</summary>
    string? TokenOf(uint index);

    /// <summary>The terms that occur in <paramref name="text"/> itself (any other term of its vector is an expansion term).</summary>
    IReadOnlySet<uint> OwnTerms(string text);
}
