namespace Splade.Encoding.Tokenization;

/// <summary>Reads a <c>vocab.txt</c>: one token per line, the line number (from 0) being its id.</summary>
internal static class VocabularyFileReader
{
    public static string[] Read(string path)
    {
        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerLoadException($"Cannot read vocabulary file '{path}': {ex.Message}", ex);
        }

        return Parse(content, path);
    }

    /// <summary>Splits the text of a vocabulary into its tokens; <paramref name="source"/> names it in errors.</summary>
    public static string[] Parse(string content, string source)
    {
        var lines = content.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        if (count == 0)
        {
            throw new TokenizerLoadException($"Vocabulary file '{source}' is empty.");
        }

        var tokens = new string[count];
        for (var i = 0; i < count; i++)
        {
            tokens[i] = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
        }

        return tokens;
    }
}
