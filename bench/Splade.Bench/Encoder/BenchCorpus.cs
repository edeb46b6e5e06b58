using System.Text;
using Splade.Retrieval.Input;

namespace Splade.Bench.Encoder;

/// <summary>Documents and queries of a BEIR collection, read in file order.</summary>
internal sealed record BenchCorpus(string[] Documents, string[] Queries)
{
    public static BenchCorpus Read(string collectionFolder, int documents, int queries)
        => new(ReadTexts(Path.Combine(collectionFolder, "corpus.jsonl"), documents), ReadTexts(Path.Combine(collectionFolder, "queries.jsonl"), queries));

    /// <summary>Each text repeated until it reaches <paramref name="minimumCharacters"/>, so that truncation gives equal token counts.</summary>
    public static string[] Lengthen(string[] texts, int minimumCharacters)
    {
        var result = new string[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            var builder = new StringBuilder(texts[i]);
            while (builder.Length < minimumCharacters)
            {
                builder.Append(' ').Append(texts[i]);
            }

            result[i] = builder.ToString();
        }

        return result;
    }

    private static string[] ReadTexts(string path, int count)
    {
        var texts = new List<string>(count);
        foreach (var line in JsonLinesReader.ReadObjects(path))
        {
            if (texts.Count == count)
            {
                break;
            }

            var title = line.GetString("title", required: false);
            var text = line.GetString("text", required: true)!;
            var combined = string.IsNullOrWhiteSpace(title) ? text : $"{title} {text}";
            if (!string.IsNullOrWhiteSpace(combined))
            {
                texts.Add(combined);
            }
        }

        return [.. texts];
    }
}
