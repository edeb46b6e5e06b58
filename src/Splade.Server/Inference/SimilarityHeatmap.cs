using ScottPlot;

namespace Splade.Server.Inference;

/// <summary>Draws a square similarity matrix as a labelled heatmap PNG (the server's <c>/splade/similarity</c> and the CLI's
/// <c>splade similarity --png</c>).</summary>
/// <remarks>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</remarks>
public static class SimilarityHeatmap
{
    /// <summary>Renders the heatmap.</summary>
    /// <param name="matrix">The square matrix; row i, column j is the similarity of texts i and j.</param>
    /// <param name="labels">One label per text, drawn on the left axis (the bottom axis carries t1, t2, ...).</param>
    /// <param name="metricName">The metric's name, for the title.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <remarks>Rows are drawn top to bottom in input order.</remarks>
    public static byte[] RenderPng(double[,] matrix, IReadOnlyList<string> labels, string metricName)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(labels);
        var size = matrix.GetLength(0);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(matrix);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        var positions = new double[size];
        var rowLabels = new string[size];
        var columnLabels = new string[size];
        for (var i = 0; i < size; i++)
        {
            positions[i] = i;
            rowLabels[i] = labels[size - 1 - i];
            columnLabels[i] = $"t{i + 1}";
        }

        plot.Axes.Bottom.SetTicks(positions, columnLabels);
        plot.Axes.Left.SetTicks(positions, rowLabels);
        plot.Title($"SPLADE similarity ({metricName})");
        var pixels = Math.Clamp(200 + (80 * size), 480, 1600);
        return plot.GetImageBytes(pixels + 240, pixels, ImageFormat.Png);
    }

    /// <summary>Short labels for texts: <c>t1: first words...</c>.</summary>
    public static string[] Labels(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var labels = new string[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            labels[i] = texts[i].Length <= 24 ? $"t{i + 1}: {texts[i]}" : $"t{i + 1}: {texts[i][..21]}...";
        }

        return labels;
    }
}
