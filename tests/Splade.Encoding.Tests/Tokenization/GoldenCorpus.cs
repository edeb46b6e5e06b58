using System.IO.Compression;
using System.Text.Json;
using Splade.Encoding.Tokenization;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Tokenization;

/// <summary>One line of tokenizer-golden.jsonl.gz: a text and its Hugging Face tokenization.</summary>
internal sealed record GoldenTokenization(string Source, string Id, string Text, int[] Ids, int[] IdsMax512, string[] Tokens, TokenOffset[] CodePointOffsets)
{
    /// <summary>The golden offsets are in Unicode scalar values; the tokenizer reports UTF-16 code units.</summary>
    public TokenOffset[] Utf16Offsets()
    {
        var utf16Index = new int[Text.Length + 1];
        var scalar = 0;
        for (var i = 0; i < Text.Length; i++)
        {
            if (char.IsLowSurrogate(Text[i]) && i > 0 && char.IsHighSurrogate(Text[i - 1]))
            {
                continue;
            }

            utf16Index[scalar++] = i;
        }

        utf16Index[scalar] = Text.Length;
        return [.. CodePointOffsets.Select(o => new TokenOffset(utf16Index[o.Start], utf16Index[o.End]))];
    }
}

internal static class GoldenCorpus
{
    private static readonly Lazy<IReadOnlyList<GoldenTokenization>> Lines = new(Load);

    public static IReadOnlyList<GoldenTokenization> All => Lines.Value;

    public static string ModelFolder => TestPaths.Fixture("tiny-splade-random");

    private static List<GoldenTokenization> Load()
    {
        using var file = File.OpenRead(TestPaths.Fixture("tokenizer-golden.jsonl.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var result = new List<GoldenTokenization>();
        while (reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            result.Add(new GoldenTokenization(
                root.GetProperty("source").GetString()!,
                root.GetProperty("id").ToString(),
                root.GetProperty("text").GetString()!,
                [.. root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())],
                [.. root.GetProperty("ids_max512").EnumerateArray().Select(e => e.GetInt32())],
                [.. root.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!)],
                [.. root.GetProperty("offsets").EnumerateArray().Select(e => new TokenOffset(e[0].GetInt32(), e[1].GetInt32()))]));
        }

        return result;
    }
}
