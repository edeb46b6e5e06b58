using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splade.Cli.Cluster;

/// <summary>The HTTP API of one cluster node, as <c>splade cluster</c> calls it: answers are unwrapped from Qdrant's
/// <c>{"result": ...}</c>, and a refusal becomes a <see cref="ClusterApiException"/> carrying the server's own message.</summary>
internal sealed class ClusterApi : IDisposable
{
    private readonly HttpClient _client;

    public ClusterApi(Uri node, string? apiKey)
    {
        _client = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            _client.DefaultRequestHeaders.Add("api-key", apiKey);
        }

        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri Node => _client.BaseAddress!;

    /// <summary>Sends a request and returns its <c>result</c>.</summary>
    /// <exception cref="ClusterApiException">The node answered with an error (its message, and whether it was a refusal of the
    /// request) or could not be reached.</exception>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw new ClusterApiException($"cannot reach the node at {Node}: {error.Message}", refused: false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterApiException($"the node at {Node} did not answer within {_client.Timeout.TotalSeconds:F0} s", refused: false);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                body = null;
            }

            if (response.IsSuccessStatusCode && body is JsonObject answer)
            {
                return answer["result"];
            }

            var message = body?["status"]?["error"]?.GetValue<string>() ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            throw new ClusterApiException($"the node at {Node} refused: {message}", refused: (int)response.StatusCode is >= 400 and < 500);
        }
    }

    public void Dispose() => _client.Dispose();
}
