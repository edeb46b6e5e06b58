using System.Globalization;
using System.Text.Json;
using SkiaSharp;
using Splade.Core;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

public sealed class ExplainAndSimilarityCommandTests
{
    private static readonly string Model = TestPaths.Fixture("tiny-splade-random");

    private static JsonElement ReferenceRoot()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Model, "reference.json")));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Explain_lists_the_reference_top_terms_in_order()
    {
        var root = ReferenceRoot();
        var item = root.GetProperty("items")[0];
        var top = SparseVector.FromJson(item.GetProperty("max").GetRawText()).TopK(5);
        var expectedIds = top.Indices.ToArray().OrderByDescending(index => top[index]).ToArray();

        var result = SpladeProcess.Run("explain", "--model", Model, item.GetProperty("text").GetString()!, "--top", "5");

        Assert.Equal(0, result.ExitCode);
        var positions = expectedIds.Select(id => result.StandardOutput.IndexOf($" {id} ", StringComparison.Ordinal)).ToArray();
        Assert.All(positions, position => Assert.True(position >= 0, result.StandardOutput));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Similarity_prints_the_reference_matrix_and_draws_a_png()
    {
        var root = ReferenceRoot();
        var texts = root.GetProperty("texts").EnumerateArray().Take(3).Select(text => text.GetString()!).ToArray();
        var expected = root.GetProperty("seed_similarity").GetProperty("cosine").Deserialize<double[][]>()!;
        using var temp = new TempFolder("splade-similarity-");
        var png = temp.Combine("similarity.png");
        var result = SpladeProcess.Run(["similarity", "--model", Model, .. texts, "--png", png]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        for (var row = 0; row < 3; row++)
        {
            var line = result.StandardOutput.Split('\n').Single(line => line.StartsWith($"│ t{row + 1} ", StringComparison.Ordinal));
            var numbers = line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Skip(1)
                .Select(cell => double.Parse(cell, CultureInfo.InvariantCulture))
                .ToArray();
            for (var column = 0; column < 3; column++)
            {
                Assert.True(Math.Abs(expected[row][column] - numbers[column]) <= 1e-4, $"[{row},{column}] {numbers[column]} vs {expected[row][column]}");
            }
        }

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width >= 480 && bitmap.Height >= 480);
    }
}
