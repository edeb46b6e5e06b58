using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Splade.Cli.Grammar;
using Splade.Cli.Output;

namespace Splade.Cli.Commands;

/// <summary><c>splade explain</c>: the heaviest terms of a text's SPLADE vector, as a table or (<c>--json</c>) JSON.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var queryMode = new QueryModeOptions();
        var text = new Argument<string>("text") { Description = "The text to encode." };
        var topK = new RenamedOption<int>(CommonOptions.TopK("How many terms to show.", 20), "--top");
        var asQuery = new Option<bool>("--query") { Description = "Explain the text's query vector (the model's query settings and --query-mode)." };
        var json = CommonOptions.Json("the terms");

        var command = new Command("explain", "Show the heaviest vocabulary terms of a text's SPLADE vector.");
        model.AddTo(command);
        queryMode.AddTo(command);
        command.Arguments.Add(text);
        topK.AddTo(command);
        command.Options.Add(asQuery);
        command.Options.Add(json);
        Given.Rule(command, result =>
        {
            if (!result.GetValue(asQuery) && queryMode.FirstGiven(result) is { } option)
            {
                result.AddError($"{option.Name} says how queries are encoded; add --query to explain the text as a query.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(() =>
        {
            using var encoder = model.Load(parseResult, queryMode.Apply(parseResult, model.Settings(parseResult)));
            var input = parseResult.GetValue(text)!;
            var vector = parseResult.GetValue(asQuery) ? encoder.EncodeQuery(input, cancellationToken) : encoder.Encode(input, cancellationToken);
            var terms = vector.ToReadable(index => encoder.Tokenizer.IdToToken((int)index), topK.GetValue(parseResult));
            if (parseResult.GetValue(json))
            {
                var rows = new ExplainTerm[terms.Count];
                for (var rank = 0; rank < rows.Length; rank++)
                {
                    rows[rank] = new ExplainTerm(rank + 1, terms[rank].Term, terms[rank].Index, terms[rank].Weight);
                }

                CliJson.WriteLine(new ExplainOutput(vector.Count, rows), CliJsonContext.Default.ExplainOutput);
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().AddColumns("#", "term", "id", "weight");
            for (var rank = 0; rank < terms.Count; rank++)
            {
                var term = terms[rank];
                table.AddRow(
                    (rank + 1).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(term.Term),
                    term.Index.ToString(CultureInfo.InvariantCulture),
                    term.Weight.ToString("F4", CultureInfo.InvariantCulture));
            }

            table.Caption($"{vector.Count} non-zero terms");
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            console.Write(table);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
