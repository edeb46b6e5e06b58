using System.Diagnostics;

namespace Splade.Cli.Tests;

/// <summary>Runs the built <c>splade</c> tool as a real process.</summary>
internal static class SpladeProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(params string[] arguments)
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

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "splade did not finish within two minutes");
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
