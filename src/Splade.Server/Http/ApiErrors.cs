using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Splade.Server.Json;
using Splade.Server.Storage;

namespace Splade.Server.Http;

/// <summary>The one place that turns a failure into a status code and a message for the client; .NET exception texts never reach
/// clients (an unexpected failure is logged with an id the message gives).</summary>
internal static class ApiErrors
{
    public static (int StatusCode, string Message)? Describe(Exception error) => error switch
    {
        ApiException api => (api.StatusCode, api.Message),
        StoreException store => (StatusOf(store.Kind), store.Message),
        RequestFormatException { Unsupported: true } unsupported => (400, $"Bad request: {unsupported.Message}"),
        JsonException json => (400, JsonErrorDescriber.Describe(json)),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            => (413, "Limit exceeded: the request body is larger than the limit of the server (max_body_bytes)"),
        BadHttpRequestException bad => (bad.StatusCode, "Bad request: the request could not be read"),
        _ => null,
    };

    public static int StatusOf(StoreErrorKind kind) => kind switch
    {
        StoreErrorKind.NotFound => StatusCodes.Status404NotFound,
        StoreErrorKind.AlreadyExists => StatusCodes.Status409Conflict,
        StoreErrorKind.Validation => StatusCodes.Status422UnprocessableEntity,
        StoreErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
