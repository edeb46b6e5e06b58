using System.Text.Json;
using Splade.Cli.Input;
using Splade.Encoding;

namespace Splade.Cli.Commands;

/// <summary>Turns the failures a command can meet into a message on stderr and an exit code.</summary>
internal static class CommandFailures
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ModelLoadException or InputFileException or ArgumentException or IOException or JsonException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
