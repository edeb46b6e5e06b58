using System.Text.Json;
using Splade.Checkpoints.Hub;
using Splade.Checkpoints.Weights;
using Splade.Cli.Input;
using Splade.Encoding;
using Splade.Encoding.Tokenization;
using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Cli.Commands;

/// <summary>Runs a command body, turning the failures a user can act on into one line on stderr and an exit code.</summary>
/// <remarks>
/// Bad inputs (files, model folders, indexes, JSON, collections) exit with <see cref="ExitCodes.InputError"/>, a command line
/// that cannot be carried out as asked with <see cref="ExitCodes.UsageError"/>, cancellation with
/// <see cref="ExitCodes.InternalError"/>. Anything else is a bug and keeps its stack trace.
/// </remarks>
internal static class CommandErrors
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception error) when (ExitCodeOf(error) is { } code)
        {
            Console.Error.WriteLine(MessageOf(error));
            return code;
        }
    }

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception error) when (ExitCodeOf(error) is { } code)
        {
            await Console.Error.WriteLineAsync(MessageOf(error)).ConfigureAwait(false);
            return code;
        }
    }

    private static int? ExitCodeOf(Exception error) => error switch
    {
        EvalUsageException => ExitCodes.UsageError,
        OperationCanceledException => ExitCodes.InternalError,
        FormatException or ArgumentException or JsonException or IOException or UnauthorizedAccessException
            or IndexCorruptedException or ModelLoadException or TokenizerLoadException or InputFileException
            or DatasetFormatException or CheckpointException or HubException => ExitCodes.InputError,
        _ => null,
    };

    private static string MessageOf(Exception error) => error is OperationCanceledException ? "cancelled" : $"error: {error.Message}";
}
