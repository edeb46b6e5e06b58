using System.Text.Json;
using System.Text.RegularExpressions;
using Splade.Cli.Grammar;
using Splade.Checkpoints.Hub;
using Splade.Checkpoints.Weights;
using Splade.Encoding;
using Splade.Encoding.Tokenization;
using Splade.Index;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>Runs a command body and turns any failure into one line on standard error and an exit code.</summary>
/// <remarks>
/// <para>A command line that cannot be carried out as asked exits with <see cref="ExitCodes.UsageError"/>; a bad input (file, model
/// folder, index, JSON) with <see cref="ExitCodes.InputError"/>, naming the file, line or field; anything else is a bug and exits with
/// <see cref="ExitCodes.InternalError"/>. The line never carries .NET's own decorations ("(Parameter 'x')", "Actual value was");
/// the stack trace is printed only with <c>--verbose</c>.</para>
/// </remarks>
internal static partial class CommandErrors
{
    /// <summary>Whether to print the stack trace of a failure after its one-line message (<c>--verbose</c>).</summary>
    public static bool Verbose { get; set; }

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception error)
        {
            return Report(error);
        }
    }

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            return Report(error);
        }
    }

    /// <summary>The exit code and the one-line message of <paramref name="error"/>.</summary>
    internal static (int Code, string Message) Describe(Exception error) => error switch
    {
        UsageException => (ExitCodes.UsageError, $"error: {error.Message}"),
        OperationCanceledException => (ExitCodes.InternalError, "cancelled"),
        InputFormatException or IndexCorruptedException or ModelLoadException or TokenizerLoadException or CheckpointException or HubException
            => (ExitCodes.InputError, $"error: {FirstLine(error.Message)}"),
        JsonException json => (ExitCodes.InputError, $"error: not valid JSON{Where(json)}"),
        UnauthorizedAccessException => (ExitCodes.InputError,
            $"error: permission denied{QuotedPath(error.Message)}; check that the path is readable (and writable for output)"),
        FileNotFoundException missing => (ExitCodes.InputError, $"error: {missing.FileName ?? "a file named on the command line"} does not exist"),
        DirectoryNotFoundException => (ExitCodes.InputError, $"error: a folder does not exist{QuotedPath(error.Message)}"),
        IOException or ArgumentException or FormatException => (ExitCodes.InputError, $"error: {Clean(error.Message)}"),
        _ => (ExitCodes.InternalError,
            $"error: internal error ({error.GetType().Name}: {Clean(error.Message)}); this is a bug: run again with --verbose for the stack "
                + "trace and report it"),
    };

    private static int Report(Exception error)
    {
        var (code, message) = Describe(error);
        Console.Error.WriteLine(message);
        if (Verbose)
        {
            Console.Error.WriteLine(error.ToString());
        }

        return code;
    }

    /// <summary>The first line of a message without the parameter name .NET appends to argument exceptions.</summary>
    private static string Clean(string message) => ParameterSuffix().Replace(FirstLine(message), string.Empty).TrimEnd();

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static string Where(JsonException error) => error.LineNumber is { } line
        ? $" (line {line + 1}, byte {error.BytePositionInLine + 1})"
        : string.Empty;

    private static string QuotedPath(string message) => QuotedText().Match(message) is { Success: true } match ? $": {match.Groups[1].Value}" : string.Empty;

    [GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedText();
}
