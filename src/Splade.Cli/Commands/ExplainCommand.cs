using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Splade.Cli.Commands;

/// <summary><c>splade explain</c>: the heaviest terms of a text's SPLADE vector, as a table.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var text = new Argument<string>("text") { Description = "The text to encode." };
        var top = new Option<int>("--top") { Description = "How many terms to show.", DefaultValueFactory = _ => 20 };
        top.Validators.Add(result => { if (result.GetValueOrDefault<int>() < 1) { result.AddError("--top must be at least 1."); } });

        var command = new Command("explain", "Show the heaviest vocabulary terms of a text's SPLADE vector.");
        model.AddTo(command);
        command.Arguments.Add(text);
        command.Options.Add(top);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(() =>
        {
            using var encoder = model.Load(parseResult);
            var vector = encoder.Encode(parseResult.GetValue(text)!, cancellationToken);
            var terms = vector.ToReadable(index => encoder.Tokenizer.IdToToken((int)index), parseResult.GetValue(top));
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
