using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Splade.Tests.Shared;

namespace Splade.Hosting.Tests;

/// <summary>The samples/Splade.Samples.WebApi application, hosted in memory with the shipped model and an index in a temporary folder.</summary>
public sealed class WebApiSampleTests : IDisposable
{
    private readonly TempFolder _temp = new("splade-webapi-");
    private readonly WebApplicationFactory<Program> _factory;

    public WebApiSampleTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder.UseSetting("Splade:IndexFolder", _temp.Combine("idx")));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Documents_put_through_the_api_are_found_by_a_search_and_can_be_deleted()
    {
        using var client = _factory.CreateClient();
        object[] documents =
        [
            new { id = "apes", text = "Orangutans live in the rainforests of Borneo and Sumatra.", metadata = new { year = 2020 } },
            new { id = "magnesium", text = "Magnesium supplements lower blood pressure in adults with hypertension." },
            new { id = "markets", text = "Stock markets fell after the central bank raised interest rates." },
        ];
        using var put = await client.PutAsJsonAsync("/documents", documents);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using (var upserted = JsonDocument.Parse(await put.Content.ReadAsStringAsync()))
        {
            Assert.Equal(3, upserted.RootElement.GetProperty("count").GetInt32());
        }

        using (var search = await PostAsync(client, "/search", new { query = "does magnesium reduce hypertension", k = 2 }))
        {
            var hits = search.RootElement.GetProperty("hits");
            Assert.Equal(2, hits.GetArrayLength());
            Assert.Equal("magnesium", hits[0].GetProperty("id").GetString());
        }

        using (var search = await PostAsync(client, "/search", new { query = "where do orangutans live" }))
        {
            var top = search.RootElement.GetProperty("hits")[0];
            Assert.Equal("apes", top.GetProperty("id").GetString());
            Assert.Equal(2020, top.GetProperty("metadata").GetProperty("year").GetInt32());
            Assert.StartsWith("Orangutans", top.GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        using (var deleted = await client.DeleteAsync(new Uri("/documents/apes", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var missing = await client.DeleteAsync(new Uri("/documents/apes", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var stats = JsonDocument.Parse(await client.GetStringAsync(new Uri("/stats", UriKind.Relative)));
        Assert.Equal(2, stats.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Encode_lists_the_heaviest_terms_without_special_tokens()
    {
        using var client = _factory.CreateClient();
        using var encoded = await PostAsync(client, "/encode", new { text = "magnesium and blood pressure", top = 10 });
        var terms = encoded.RootElement.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("term").GetString()).ToList();
        Assert.Contains("magnesium", terms);
        Assert.DoesNotContain("[CLS]", terms);
        Assert.DoesNotContain("[SEP]", terms);
        Assert.Equal(encoded.RootElement.GetProperty("indices").GetArrayLength(), encoded.RootElement.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_response_naming_the_field()
    {
        using var client = _factory.CreateClient();
        using var noQuery = await client.PostAsJsonAsync("/search", new { k = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, noQuery.StatusCode);
        Assert.Contains("query", await noQuery.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badK = await client.PostAsJsonAsync("/search", new { query = "apes", k = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, badK.StatusCode);
        Assert.Contains("k must be between 1 and 100", await badK.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var noId = await client.PutAsJsonAsync("/documents", new object[] { new { text = "no id" } });
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        Assert.Contains("needs an id", await noId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var content = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {content}");
        return JsonDocument.Parse(content);
    }
}
