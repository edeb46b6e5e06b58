using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Core;
using Splade.Server.Inference;

namespace Splade.Cli.Commands;

/// <summary><c>splade similarity</c>: the pairwise similarity matrix of texts, printed and optionally drawn as a heatmap.</summary>
internal static class SimilarityCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var texts = new Argument<string[]>("texts") { Description = "Two or more texts to compare.", Arity = new ArgumentArity(2, 100) };
        var metric = EnumOption.Create("--metric", "How two vectors are compared: cosine or dot (the score search ranks by).", SimilarityMetric.Cosine);
        var png = new Option<string?>("--png") { Description = "Also draw the matrix as a heatmap into this PNG file." };

        var command = new Command("similarity", "Print the similarity matrix of texts' SPLADE vectors.");
        model.AddTo(command);
        command.Arguments.Add(texts);
        command.Options.Add(metric);
        command.Options.Add(png);
        var json = CommonOptions.Json("the matrix");
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(() =>
        {
            using var encoder = model.Load(parseResult);
            var inputs = parseResult.GetValue(texts)!;
            var vectors = encoder.EncodeBatch(inputs, cancellationToken);
            var useDot = parseResult.GetValue(metric) == SimilarityMetric.Dot;
            var matrix = new double[inputs.Length, inputs.Length];
            for (var row = 0; row < inputs.Length; row++)
            {
                for (var column = 0; column < inputs.Length; column++)
                {
                    matrix[row, column] = useDot ? vectors[row].Dot(vectors[column]) : vectors[row].Cosine(vectors[column]);
                }
            }

            if (parseResult.GetValue(json))
            {
                var rows = new double[inputs.Length][];
                for (var row = 0; row < rows.Length; row++)
                {
                    rows[row] = new double[inputs.Length];
                    for (var column = 0; column < inputs.Length; column++)
                    {
                        rows[row][column] = Math.Round(matrix[row, column], 6);
                    }
                }

                CliJson.WriteLine(new SimilarityOutput(EnumSpellings.Of(parseResult.GetValue(metric)), inputs, rows), CliJsonContext.Default.SimilarityOutput);
            }
            else
            {
                Print(matrix, inputs.Length);
            }

            if (parseResult.GetValue(png) is { } pngPath)
            {
                File.WriteAllBytes(pngPath, SimilarityHeatmap.RenderPng(matrix, SimilarityHeatmap.Labels(inputs), useDot ? "dot product" : "cosine"));
                Console.Error.WriteLine($"heatmap written to {pngPath}");
            }

            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static void Print(double[,] matrix, int size)
    {
        var table = new Table().AddColumn("");
        for (var column = 0; column < size; column++)
        {
            table.AddColumn($"t{column + 1}");
        }

        for (var row = 0; row < size; row++)
        {
            var cells = new string[size + 1];
            cells[0] = $"t{row + 1}";
            for (var column = 0; column < size; column++)
            {
                cells[column + 1] = matrix[row, column].ToString("F4", CultureInfo.InvariantCulture);
            }

            table.AddRow(cells);
        }

        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
    }
}
