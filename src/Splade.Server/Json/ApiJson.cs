using System.Text.Encodings.Web;
using System.Text.Json;

namespace Splade.Server.Json;

/// <summary>The API's JSON context with readable escaping: quotes and backticks in messages stay as they are (JSON-safe, not
/// HTML-safe: the API serves JSON only).</summary>
internal static class ApiJson
{
    public static ApiJsonContext Context { get; } = new(new JsonSerializerOptions(ApiJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
