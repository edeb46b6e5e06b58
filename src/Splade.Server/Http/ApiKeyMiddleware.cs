using Microsoft.AspNetCore.Http;

namespace Splade.Server.Http;

/// <summary>Checks the API key (Qdrant's <c>api-key</c> header, or <c>Authorization: Bearer</c>) on every request but /healthz
/// when the server has keys, and keeps the read-only key away from endpoints marked <see cref="WriteOperation"/>.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!keys.Enabled || context.Request.Path.Equals("/healthz", StringComparison.Ordinal))
        {
            return next(context);
        }

        var presented = Presented(context.Request);
        if (presented is null)
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "Must provide an API key or an Authorization bearer token");
        }

        var access = keys.Check(presented);
        if (access == ApiAccess.None)
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "Invalid API key");
        }

        if (access == ApiAccess.ReadOnly && context.GetEndpoint()?.Metadata.GetMetadata<WriteOperation>() is not null)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, "Forbidden: the read-only API key cannot change data");
        }

        return next(context);
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("api-key", out var key) && !string.IsNullOrEmpty(key))
        {
            return key.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > Bearer.Length
            ? authorization[Bearer.Length..].Trim()
            : null;
    }
}
