using System.CommandLine;
using Splade.Cli.Cluster;
using Splade.Cli.Commands;
using Splade.Cli.Eval;
using Splade.Cli.Search;

var verbose = new Option<bool>("--verbose")
{
    Description = "On failure, print the stack trace after the one-line message.",
    Recursive = true,
};
var root = new RootCommand("splade: SPLADE learned sparse retrieval for .NET. Encode text to sparse vectors, index and search them, evaluate retrieval.")
{
    verbose,
};
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
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(ModelCommand.Create());

var parse = root.Parse(args);
CommandErrors.Verbose = parse.GetValue(verbose);
// splade serve stops on SIGTERM and Ctrl+C through its web host, which lets requests in flight finish (up to 30 s), checkpoints and
// exits 0; System.CommandLine's own handling would end the process with code 143 once its 2-second timeout passed.
var invocation = parse.CommandResult.Command.Name == "serve"
    ? new InvocationConfiguration { ProcessTerminationTimeout = null }
    : new InvocationConfiguration();
return await parse.InvokeAsync(invocation).ConfigureAwait(false);
