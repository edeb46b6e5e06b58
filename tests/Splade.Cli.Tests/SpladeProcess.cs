using System.Diagnostics;

namespace Splade.Cli.Tests;

/// <summary>Runs the built <c>splade</c> tool (next to the tests) as a real child process.</summary>
internal static class SpladeProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>The tool's assembly, run with <c>dotnet</c>.</summary>
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "splade.dll");

    public static Process Start(params string[] arguments) => Process.Start(CreateStartInfo(arguments))!;

    public static Result Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    public static Result Run(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunWith(new ProcessOptions { Environment = environment }, arguments);

    /// <summary>Runs the tool with <paramref name="options"/>: standard input, working directory, environment.</summary>
    public static Result RunWith(ProcessOptions options, params string[] arguments)
    {
        var start = CreateStartInfo(arguments);
        foreach (var (name, value) in options.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        if (options.WorkingDirectory is { } folder)
        {
            start.WorkingDirectory = folder;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (options.StandardInput is { } input)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        Assert.True(process.WaitForExit(180_000), "splade did not finish within three minutes");
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
        start.ArgumentList.Add(ToolPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>How <see cref="RunWith"/> starts the process.</summary>
    public sealed record ProcessOptions
    {
        public string? StandardInput { get; init; }

        public string? WorkingDirectory { get; init; }

        public IReadOnlyDictionary<string, string>? Environment { get; init; }
    }
}
