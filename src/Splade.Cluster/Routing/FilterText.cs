using System.Text.Json;
using Splade.Server.Json;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>Qdrant filters as JSON text, the form in which they travel to shards, read by the server's own filter reader.</summary>
internal static class FilterText
{
    /// <summary>Reads a filter; null text is no filter.</summary>
    /// <exception cref="StoreException">The filter is not a valid Qdrant filter (kind BadInput, naming what was wrong).</exception>
    public static Filter? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            // The server reads filters as part of a request body; a count request is the smallest body that holds one.
            return JsonSerializer.Deserialize("{\"filter\":" + json + "}", ApiJsonContext.Default.CountRequest)?.Filter;
        }
        catch (JsonException error)
        {
            throw StoreException.BadInput($"Format error in JSON body: filter: {error.Message}");
        }
    }

    /// <summary>A filter as JSON: the request's own text, or for the conjunction of two (a prefetch under a filtered query) a
    /// <c>must</c> of both; null for no filter.</summary>
    public static string? Write(Filter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        if (filter.Json is { } json)
        {
            return json;
        }

        if (filter is { Should: null, MustNot: null, MinShould: null, Must: [FilterCondition first, FilterCondition second] })
        {
            return "{\"must\":[" + Write(first.Filter) + "," + Write(second.Filter) + "]}";
        }

        throw StoreException.Unsupported("Bad request: this filter cannot be sent to a cluster's shards.");
    }
}
