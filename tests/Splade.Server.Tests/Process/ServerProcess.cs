using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Splade.Server.Tests.Process;

/// <summary><c>splade serve</c> as a real child process on an ephemeral loopback port, found from the address it prints.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private const int TailLines = 40;
    private readonly StringBuilder _output = new();
    private readonly Queue<string> _standardOutput = new();
    private readonly Queue<string> _standardError = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(System.Diagnostics.Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Received(line.Data, _standardOutput);
        process.ErrorDataReceived += (_, line) => Received(line.Data, _standardError);
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
    /// <exception cref="ServerStartException">It exited or did not announce an address within two minutes; the message says which,
    /// with the exit code, the process id, the data folder and the last lines of its standard output and standard error.</exception>
    public static async Task<ServerProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string>? environment = null, params string[] extra)
    {
        var clock = Stopwatch.StartNew();
        var server = Launch(["serve", "--data", dataFolder, "--urls", "http://127.0.0.1:0", .. extra], environment);
        var started = await Task.WhenAny(server._address.Task, server._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (started != server._address.Task)
        {
            var id = server._process.Id;
            var exited = server._process.HasExited;
            if (exited)
            {
                // Let the output readers reach the end of both streams.
                server._process.WaitForExit();
            }

            var outcome = exited
                ? $"exited with code {server._process.ExitCode}"
                : "was still running but had not announced an address (killed now)";
            await server.DisposeAsync();
            throw new ServerStartException(
                $"splade serve (process {id}) on data folder {dataFolder} did not start within {clock.Elapsed.TotalSeconds:F1} s: it {outcome}." +
                $"\n--- last lines of standard output ---\n{server.Tail(server._standardOutput)}" +
                $"\n--- last lines of standard error ---\n{server.Tail(server._standardError)}");
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

    /// <summary>Waits (at most two minutes) for the server to exit by itself, as after a signal sent by the test.</summary>
    public async Task<int> WaitForExitAsync()
    {
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

    private void Received(string? line, Queue<string> tail)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            tail.Enqueue(line);
            if (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }

        var match = Listening().Match(line);
        if (match.Success)
        {
            _address.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    private string Tail(Queue<string> tail)
    {
        lock (_output)
        {
            return tail.Count == 0 ? "(nothing)" : string.Join('\n', tail);
        }
    }

    [GeneratedRegex(@"^splade: listening on (?<address>http://\S+)$")]
    private static partial Regex Listening();
}
