using System.Diagnostics;

namespace Splade.Bench.Serve;

/// <summary><c>splade serve</c> as a child process on an ephemeral loopback port (the CLI is built beside the bench).</summary>
internal sealed class ServerChild : IDisposable
{
    private const string Announcement = "splade: listening on ";
    private readonly Process _process;

    private ServerChild(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static ServerChild Start(string dataFolder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = [Path.Combine(AppContext.BaseDirectory, "splade.dll"), "serve", "--data", dataFolder, "--urls", "http://127.0.0.1:0", "--no-demo"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SPLADE_API_KEY");
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start splade serve");
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && text.StartsWith(Announcement, StringComparison.Ordinal))
            {
                address.TrySetResult(new Uri(text[Announcement.Length..]));
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text)
            {
                Console.Error.WriteLine($"server: {text}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!address.Task.Wait(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("splade serve did not announce its address within 2 minutes");
        }

        return new ServerChild(process, address.Task.Result);
    }

    /// <summary>Stops the server gracefully (SIGTERM), or kills it if it does not stop.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                signal.WaitForExit();
            }

            if (!_process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
