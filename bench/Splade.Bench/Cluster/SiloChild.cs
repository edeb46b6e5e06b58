using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Splade.Bench.Cluster;

/// <summary>A silo of the benchmark's cluster as a child process (<see cref="ClusterSiloCommand"/>: this benchmark's own binary
/// with the hidden entry <c>cluster-silo</c>), with its own data folder and free loopback ports.</summary>
internal sealed class SiloChild : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private SiloChild(Process process, string dataFolder, int siloPort)
    {
        _process = process;
        DataFolder = dataFolder;
        SiloPort = siloPort;
    }

    public string DataFolder { get; }

    /// <summary>The silo's silo-to-silo port (its Orleans address's port).</summary>
    public int SiloPort { get; }

    /// <summary>The processor time the silo has used so far (user and system).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts a silo and waits until it has joined the cluster.</summary>
    public static async Task<SiloChild> StartAsync(string dataFolder, string redis, string clusterId, string name)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var siloPort = FreePort();
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Splade.Bench.dll"), ClusterSiloCommand.Name, "--data", dataFolder, "--redis", redis,
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture), "--cluster-id", clusterId,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start a cluster-silo process");
        var child = new SiloChild(process, dataFolder, siloPort);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                child._lines.Writer.TryWrite(text);
            }
            else
            {
                child._lines.Writer.TryComplete();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text)
            {
                Console.Error.WriteLine($"{name}: {text}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await child.ExpectAsync(ClusterSiloCommand.Ready, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        }
        catch
        {
            child.Dispose();
            throw;
        }

        return child;
    }

    /// <summary>The silo's resident set and managed heap in bytes, after a full garbage collection.</summary>
    public async Task<(long Resident, long Managed)> MeasureMemoryAsync()
    {
        await _process.StandardInput.WriteLineAsync("memory").ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        var parts = (await ExpectAsync("memory ", TimeSpan.FromMinutes(2)).ConfigureAwait(false)).Split(' ');
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Kills the silo at once (the benchmark was interrupted).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Stops the silo gracefully (its input ends), or kills it when it does not stop within a minute.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.WriteLine("stop");
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The silo is exiting already.
            }

            if (!_process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        _process.Dispose();
    }

    private async Task<string> ExpectAsync(string prefix, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancellation.Token).ConfigureAwait(false);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"the silo in {DataFolder} did not answer `{prefix.Trim()}` within {timeout.TotalSeconds} s");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the silo in {DataFolder} exited before answering `{prefix.Trim()}`");
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
