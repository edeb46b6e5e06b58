using System.CommandLine;
using Splade.Cli.Commands;

var root = new RootCommand("splade: SPLADE learned sparse retrieval for .NET. Encode text to sparse vectors, index and search them, evaluate retrieval.");
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(IndexCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(EncodeCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(SimilarityCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(EncodeDenseCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ModelCommand.Create());

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
