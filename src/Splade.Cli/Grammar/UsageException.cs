namespace Splade.Cli.Grammar;

/// <summary>The command line asks for something that cannot be done as asked; the tool exits with <see cref="ExitCodes.UsageError"/>.</summary>
/// <remarks>Most usage errors are caught while parsing, by the options' and commands' validators; this one is for what only shows once
/// the inputs are read (for example a query given as vectors to a mode that needs the text).</remarks>
internal sealed class UsageException(string message) : Exception(message);
