using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Splade.Server.Inference;

namespace Splade.Server.Tests.Http;

/// <summary>Documents encoded by the server: BM25 with the idf modifier, the shipped SPLADE model, the dense model, and the
/// encode and similarity extensions; a full encoding queue answers 429 at once.</summary>
public sealed class InferenceTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateCollectionAsync("t", """
            {"vectors": {"dense": {"size": 384, "distance": "Cosine"}}, "sparse_vectors": {"splade": {}, "bm25": {"modifier": "idf"}}}
            """);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Bm25_documents_and_queries_score_as_BM25_with_the_collections_idf()
    {
        (await _server.PutAsync("/collections/t/points", """
            {"points": [
              {"id": 1, "vector": {"bm25": {"text": "orangutans live in the rainforests of Borneo", "model": "bm25"}}},
              {"id": 2, "vector": {"bm25": {"text": "rainforests of Sumatra and rainforests of Borneo", "model": "qdrant/bm25",
                                           "options": {"k": 1.2, "b": 0.75, "avg_len": 256}}}},
              {"id": 3, "vector": {"bm25": {"text": "the deserts of Africa", "model": "bm25"}}}
            ]}
            """)).AssertOk();
        var hits = (await _server.PostAsync("/collections/t/points/query", """
            {"query": {"text": "Orangutans in Borneo", "model": "bm25"}, "using": "bm25", "explain": true}
            """)).AssertOk().Result["points"]!.AsArray();
        Assert.Equal([1, 2], hits.Select(h => h!["id"]!.GetValue<int>()));
        // Point 1: terms "orangutan" (df 1) and "borneo" (df 2), tf 1, |d| = 4 (stop words "in", "the", "of" are dropped).
        static double Idf(double df) => Math.Log(1 + ((3 - df + 0.5) / (df + 0.5)));
        var tf = 1 * 2.2 / (1 + (1.2 * (1 - 0.75 + (0.75 * 4 / 256.0))));
        Assert.Equal((Idf(1) + Idf(2)) * tf, hits[0]!["score"]!.GetValue<float>(), 4);
        var terms = hits[0]!["explanation"]!["queries"]![0]!["terms"]!.AsArray();
        Assert.Equal(["orangutan", "borneo"], terms.Select(t => t!["token"]!.GetValue<string>()));
        Assert.All(terms, t => Assert.False(t!["query_expansion"]!.GetValue<bool>()));
        (await _server.PutAsync("/collections/t/points",
            """{"points": [{"id": 4, "vector": {"bm25": {"text": "x", "model": "bm25", "options": {"stemmer": "none"}}}}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "does not support the option `stemmer`");
    }

    [Fact]
    public async Task Splade_and_dense_documents_are_encoded_and_explained_with_expansion_terms()
    {
        (await _server.PutAsync("/collections/t/points?wait=true", """
            {"points": [
              {"id": 1, "vector": {"splade": {"text": "Orangutans are native to the rainforests of Indonesia", "model": "splade"},
                                  "dense": {"text": "Orangutans are native to the rainforests of Indonesia", "model": "all-MiniLM-L6-v2"}}},
              {"id": 2, "vector": {"splade": {"text": "The stock market fell sharply on Monday", "model": "splade-minilm-l6"},
                                  "dense": {"text": "The stock market fell sharply on Monday", "model": "sentence-transformers/all-MiniLM-L6-v2"}}}
            ]}
            """)).AssertOk();
        var sparse = (await _server.PostAsync("/collections/t/points/query", """
            {"query": {"text": "where do apes live", "model": "splade"}, "using": "splade", "explain": true, "limit": 1}
            """)).AssertOk().Result["points"]![0]!;
        Assert.Equal(1, sparse["id"]!.GetValue<int>());
        var terms = sparse["explanation"]!["queries"]![0]!["terms"]!.AsArray();
        Assert.Contains(terms, t => t!["query_expansion"]!.GetValue<bool>());
        Assert.Contains(terms, t => t!["document_expansion"] is not null);
        Assert.Equal(sparse["score"]!.GetValue<float>(), terms.Sum(t => t!["contribution"]!.GetValue<float>()), 3);
        var dense = (await _server.PostAsync("/collections/t/points/query", """
            {"query": {"text": "shares dropped", "model": "all-MiniLM-L6-v2"}, "using": "dense", "limit": 1}
            """)).AssertOk().Result["points"]![0]!;
        Assert.Equal(2, dense["id"]!.GetValue<int>());
        (await _server.PostAsync("/collections/t/points/query", """{"query": {"text": "x", "model": "bm25"}, "using": "dense"}"""))
            .AssertError(HttpStatusCode.BadRequest, "model `bm25` produces sparse vectors, but the vector is dense");
        (await _server.PostAsync("/collections/t/points/query", """{"query": {"text": "x", "model": "gpt"}, "using": "splade"}"""))
            .AssertError(HttpStatusCode.BadRequest, "unknown model `gpt`");
    }

    [Fact]
    public async Task Encode_returns_readable_tokens_and_marks_expansion_terms()
    {
        var result = (await _server.PostAsync("/splade/encode", """{"texts": ["orangutans live in rainforests"], "top": 10}""")).AssertOk().Result;
        Assert.Equal("splade-minilm-l6", result["model"]!.GetValue<string>());
        var terms = result["vectors"]![0]!["terms"]!.AsArray();
        Assert.Equal(10, terms.Count);
        Assert.Contains(terms, t => t!["token"]!.GetValue<string>() == "rainforest" || t["token"]!.GetValue<string>() == "rainforests");
        Assert.Contains(terms, t => t!["expansion"]!.GetValue<bool>());
        var weights = terms.Select(t => t!["weight"]!.GetValue<float>()).ToList();
        Assert.Equal(weights.OrderDescending(), weights);
        var query = (await _server.PostAsync("/splade/encode", """{"texts": ["orangutans live in rainforests"], "side": "query"}""")).AssertOk().Result;
        Assert.True(query["vectors"]![0]!["indices"]!.AsArray().Count <= 60);
        (await _server.PostAsync("/splade/encode", """{"texts": ["a"], "model": "all-MiniLM-L6-v2"}"""))
            .AssertError(HttpStatusCode.BadRequest, "produces dense vectors");
    }

    [Fact]
    public async Task Similarity_answers_a_matrix_or_a_png_heatmap()
    {
        var matrix = (await _server.PostAsync("/splade/similarity", """{"texts": ["cats purr", "kittens purr", "stocks fell"]}"""))
            .AssertOk().Result["matrix"]!.AsArray();
        Assert.Equal(1f, matrix[0]![0]!.GetValue<float>(), 4);
        Assert.True(matrix[0]![1]!.GetValue<float>() > matrix[0]![2]!.GetValue<float>());
        using var response = await _server.Client.PostAsync("/splade/similarity",
            new StringContent("""{"texts": ["cats purr", "kittens purr"], "format": "png"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        (await _server.PostAsync("/splade/similarity", """{"texts": ["only one"]}""")).AssertError(HttpStatusCode.BadRequest, "at least 2 texts");
    }

    [Fact]
    public async Task A_full_encoding_queue_answers_429_at_once()
    {
        await using var server = await TestServer.StartAsync(o => o with { EncodeConcurrency = 1, EncodeQueueLength = 0 });
        await server.CreateCollectionAsync("q", """{"sparse_vectors": {"b": {}}}""");
        var queue = server.App.Services.GetRequiredService<EncodingQueue>();
        using var release = new ManualResetEventSlim();
        var busy = queue.RunAsync(token => release.Wait(TimeSpan.FromMinutes(2), token), CancellationToken.None);
        var reply = await server.PutAsync("/collections/q/points", """{"points": [{"id": 1, "vector": {"b": {"text": "hello", "model": "bm25"}}}]}""");
        reply.AssertError(HttpStatusCode.TooManyRequests, "the encoding queue is full (0 requests waiting for 1 encoders); retry later");
        release.Set();
        await busy;
        (await server.PutAsync("/collections/q/points", """{"points": [{"id": 1, "vector": {"b": {"text": "hello", "model": "bm25"}}}]}""")).AssertOk();
        (await server.PostAsync("/collections/q/points/query", """{"query": {"indices": [1], "values": [1]}, "using": "b"}""")).AssertOk();
    }
}
