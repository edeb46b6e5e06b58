using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary>Runs a command body, turning the failures a user can act on into a message on stderr and exit code 2.</summary>
internal static class CommandErrors
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception error) when (error is FormatException or ArgumentException or IndexCorruptedException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return ExitCodes.InputError;
        }
    }

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or IndexCorruptedException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
    }
}
