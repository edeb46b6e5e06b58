using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Splade.Server.Tests.Process;

/// <summary><c>splade serve</c> as a real child process on an ephemeral loopback port, found from the address it prints.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(System.Diagnostics.Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Received(line.Data);
        process.ErrorDataReceived += (_, line) => Received(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address => _address.Task.Result;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until it announces where it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string>? environment = null, params string[] extra)
    {
        var server = Launch(["serve", "--data", dataFolder, "--urls", "http://127.0.0.1:0", .. extra], environment);
        var started = await Task.WhenAny(server._address.Task, server._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (started != server._address.Task)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"splade serve did not start: {output}");
        }

        return server;
    }

    /// <summary>Runs <c>splade</c> to completion (for commands that should fail at once).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        await using var run = Launch(arguments, environment);
        await run._process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        run._process.WaitForExit();
        return (run._process.ExitCode, run.Output);
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Asks the server to stop as a service manager does (SIGTERM) and waits for it to exit.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var signal = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static ServerProcess Launch(string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "splade.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SPLADE_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ServerProcess(System.Diagnostics.Process.Start(start)!);
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = Listening().Match(line);
        if (match.Success)
        {
            _address.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    [GeneratedRegex(@"^splade: listening on (?<address>http://\S+)$")]
    private static partial Regex Listening();
}
