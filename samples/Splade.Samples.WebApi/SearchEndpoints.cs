using Microsoft.AspNetCore.Http.HttpResults;
using Splade.Core;
using Splade.Encoding;
using Splade.Index;

namespace Splade.Samples.WebApi;

/// <summary>The sample's endpoints: encode a text, upsert documents, search, delete.</summary>
internal static class SearchEndpoints
{
    private const int MaxK = 100;

    public static void MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/encode", EncodeAsync);
        app.MapPut("/documents", UpsertAsync);
        app.MapDelete("/documents/{id}", Delete);
        app.MapPost("/search", SearchAsync);
        app.MapGet("/stats", (SparseIndex index) => TypedResults.Ok(new StatsResponse(index.Count)));
    }

    private static async Task<Results<Ok<EncodeResponse>, ValidationProblem>> EncodeAsync(
        EncodeRequest request, SpladeEncoder encoder, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return Invalid("text", "Give the text to encode.");
        }

        var vector = await encoder.EncodeAsync(request.Text, cancellationToken).ConfigureAwait(false);
        var terms = vector.ToReadable(id => encoder.Tokenizer.IdToToken((int)id), top: request.Top ?? 20)
            .Select(term => new TermWeight(term.Term, term.Weight))
            .ToList();
        return TypedResults.Ok(new EncodeResponse(vector.Indices.ToArray(), vector.Values.ToArray(), terms));
    }

    private static async Task<Results<Ok<UpsertResponse>, ValidationProblem>> UpsertAsync(
        List<DocumentRequest> documents, SpladeEncoder encoder, SparseIndex index, CancellationToken cancellationToken)
    {
        for (var i = 0; i < documents.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(documents[i].Id) || documents[i].Text is null)
            {
                return Invalid($"[{i}]", "Every document needs an id and a text.");
            }
        }

        var texts = documents.Select(document => document.Text!).ToList();
        var vectors = await encoder.EncodeBatchAsync(texts, cancellationToken).ConfigureAwait(false);
        var indexed = new List<IndexDocument>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            indexed.Add(new IndexDocument(documents[i].Id!, vectors[i]) { Text = documents[i].Text, Metadata = documents[i].Metadata });
        }

        try
        {
            await index.UpsertAsync(indexed, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            return Invalid("documents", exception.Message);
        }

        return TypedResults.Ok(new UpsertResponse(indexed.Count, index.Count));
    }

    private static Results<NoContent, NotFound> Delete(string id, SparseIndex index)
        => index.Delete(id) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        SearchRequest request, SpladeEncoder encoder, SparseIndex index, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return Invalid("query", "Give the query text.");
        }

        var k = request.K ?? 10;
        if (k is < 1 or > MaxK)
        {
            return Invalid("k", $"k must be between 1 and {MaxK}.");
        }

        SparseVector query = await encoder.EncodeQueryAsync(request.Query, cancellationToken).ConfigureAwait(false);
        var results = await index.SearchAsync(query, new SearchOptions { K = k }, cancellationToken).ConfigureAwait(false);
        var hits = results.Hits.Select(hit => new HitResponse(hit.Id, hit.Score, hit.Text, hit.Metadata)).ToList();
        return TypedResults.Ok(new SearchResponse(hits));
    }

    private static ValidationProblem Invalid(string field, string message)
        => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
