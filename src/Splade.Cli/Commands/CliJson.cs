using System.Text.Json;

namespace Splade.Cli.Commands;

/// <summary>The JSON settings of command output: camelCase names, one line.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
