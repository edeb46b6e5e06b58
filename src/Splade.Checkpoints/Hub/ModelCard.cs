namespace Splade.Checkpoints.Hub;

/// <summary>Reads the <c>license:</c> field of a model card's YAML front matter (README.md).</summary>
internal static class ModelCard
{
    public static string? License(string readmePath)
    {
        if (!File.Exists(readmePath))
        {
            return null;
        }

        using var reader = new StreamReader(readmePath);
        if (reader.ReadLine()?.Trim() != "---")
        {
            return null;
        }

        while (reader.ReadLine() is { } line && line.Trim() != "---")
        {
            if (line.StartsWith("license:", StringComparison.Ordinal))
            {
                return line["license:".Length..].Trim().Trim('"', '\'');
            }
        }

        return null;
    }
}
