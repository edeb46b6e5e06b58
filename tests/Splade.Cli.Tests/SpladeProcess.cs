using System.Diagnostics;

namespace Splade.Cli.Tests;

/// <summary>Runs the built <c>splade</c> tool (next to the tests) as a real child process.</summary>
internal static class SpladeProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Process Start(params string[] arguments) => Process.Start(CreateStartInfo(arguments))!;

    public static Result Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    public static Result Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = CreateStartInfo(arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "splade did not finish within two minutes");
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo CreateStartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "splade.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
