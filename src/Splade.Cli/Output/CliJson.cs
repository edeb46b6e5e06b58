using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Splade.Cli.Output;

/// <summary>Writes the tool's typed JSON output: one value per line, snake_case names, through the source-generated
/// <see cref="CliJsonContext"/>.</summary>
internal static class CliJson
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>Writes <paramref name="value"/> as one line to <paramref name="stream"/>.</summary>
    public static void WriteLine<T>(Stream stream, T value, JsonTypeInfo<T> type)
    {
        using (var writer = new Utf8JsonWriter(stream))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        stream.Write(NewLine);
    }

    /// <summary>Writes <paramref name="value"/> as one line to standard output.</summary>
    public static void WriteLine<T>(T value, JsonTypeInfo<T> type)
    {
        using var stdout = Console.OpenStandardOutput();
        WriteLine(stdout, value, type);
    }

    /// <summary>Writes <paramref name="value"/> as one line to standard error (for figures that must not mix with the results).</summary>
    public static void WriteErrorLine<T>(T value, JsonTypeInfo<T> type)
    {
        using var stderr = Console.OpenStandardError();
        WriteLine(stderr, value, type);
    }
}
