namespace Splade.Server.Storage;

/// <summary>What explanations need to know about the model a sparse query came from.</summary>
/// <param name="TokenOf">The readable token of a term index, or null when unknown.</param>
/// <param name="QueryTerms">The terms that occur in the query text itself; other matched query terms are expansion terms.</param>
/// <param name="DocumentTerms">The terms that occur in a document's text, to mark its expansion terms; null when unknown.</param>
internal sealed record QueryVocabulary(Func<uint, string?> TokenOf, IReadOnlySet<uint> QueryTerms, Func<string, IReadOnlySet<uint>>? DocumentTerms);
