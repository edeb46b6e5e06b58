using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Splade.Server.Http;

/// <summary>Reads a request's JSON body as the expected type; malformed and wrongly typed bodies become 400s naming the problem
/// (<see cref="ErrorHandlingMiddleware"/>). Bodies over the server's limit are refused by Kestrel with 413 while being read.</summary>
internal static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
        => await ReadOptionalAsync(context, typeInfo, null).ConfigureAwait(false)
            ?? throw ApiException.BadRequest("Format error in JSON body: the body is empty; it should be a JSON object");

    /// <summary>Reads an optional body: an empty body gives <paramref name="empty"/>.</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, T? empty)
        where T : class
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return empty;
        }

        var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo);
        return value ?? throw ApiException.BadRequest("Format error in JSON body: the body is null; it should be a JSON object");
    }
}
