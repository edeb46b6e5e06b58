using System.Diagnostics;
using System.Text;
using Splade.Tests.Shared;

namespace Splade.Server.Tests.Process;

/// <summary>Runs the Node scripts of <c>tests/Splade.Server.Tests/Node</c> (Qdrant's JavaScript client, an OpenAPI validator)
/// against a running server, installing their npm packages from the lock file first when CI has not.</summary>
internal static class NodeScripts
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool _installed;

    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "Splade.Server.Tests", "Node");

    /// <summary>Runs <c>node SCRIPT URL</c> and answers its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, Uri server, IReadOnlyDictionary<string, string>? environment = null)
    {
        await EnsureInstalledAsync();
        var arguments = new[] { Path.Combine(Folder, script), server.ToString().TrimEnd('/') };
        return await ExecuteAsync("node", arguments, environment);
    }

    /// <summary><c>npm ci</c> once per test run when the packages of the lock file are not installed (.ci/run installs them).</summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(Folder, "package-lock.json");
            if (_installed || (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile)))
            {
                _installed = true;
                return;
            }

            var (code, output) = await ExecuteAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null);
            Assert.True(code == 0, $"npm ci in {Folder} failed ({code}): {output}");
            _installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> ExecuteAsync(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SPLADE_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new System.Diagnostics.Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"Cannot run {program}: Node.js and npm must be installed for the client tests ({error.Message}).", error);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
