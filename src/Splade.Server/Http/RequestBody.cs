using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
        var limit = context.RequestServices.GetRequiredService<ServerOptions>().Limits.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return empty;
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo);
        }
        catch (JsonException error)
        {
            throw JsonErrorDescriber.Explain(error, typeInfo);
        }

        return value ?? throw ApiException.BadRequest("Format error in JSON body: the body is null; it should be a JSON object");
    }

    private static ApiException TooLarge(long limit)
        => new(StatusCodes.Status413PayloadTooLarge, $"Limit exceeded: the request body is larger than {limit} bytes (max_body_bytes).");
}
