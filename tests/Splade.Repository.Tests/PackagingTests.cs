using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using Splade.Tests.Shared;

namespace Splade.Repository.Tests;

/// <summary>The packages as users install them: metadata and readme on every library, no model in Splade.Encoding, and the
/// command-line tool installed from its package into a temporary tool path and run.</summary>
public sealed class PackagingTests
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(8);

    [Fact]
    public void Every_project_under_src_has_a_description_and_a_package_readme()
    {
        var missing = new List<string>();
        foreach (var project in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var description = XDocument.Load(project).Descendants("Description").FirstOrDefault()?.Value;
            if (string.IsNullOrWhiteSpace(description))
            {
                missing.Add($"{name}: no <Description>");
            }

            var readme = Path.Combine(Path.GetDirectoryName(project)!, "README.md");
            if (!File.Exists(readme) || File.ReadAllText(readme).Trim().Length < 100)
            {
                missing.Add($"{name}: no README.md (the package readme)");
            }
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Splade_Encoding_references_no_model_and_no_ML_NET()
    {
        var project = XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "src", "Splade.Encoding", "Splade.Encoding.csproj"));
        var projects = project.Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value)).ToList();
        var packages = project.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToList();
        Assert.Equal(["Splade.Core"], projects);
        Assert.DoesNotContain(
            packages, p => p.StartsWith("Splade.Models", StringComparison.Ordinal) || p.StartsWith("SentenceTransformers", StringComparison.Ordinal));
        Assert.DoesNotContain(packages, p => p == "Microsoft.ML" || p.StartsWith("Microsoft.ML.", StringComparison.Ordinal) && p != "Microsoft.ML.OnnxRuntime");
    }

    [Fact]
    public void The_cli_package_installs_as_a_dotnet_tool_into_a_tool_path_and_runs()
    {
        using var temp = new TempFolder("splade-tool-");
        var packed = temp.Combine("packed");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        Run("dotnet", temp, ["pack", Path.Combine(TestPaths.RepositoryRoot, "src", "Splade.Cli", "Splade.Cli.csproj"), "-c", configuration,
            "--no-build", "--no-restore", "-o", packed, $"-p:PublishDir={temp.Combine("publish")}/"]);
        Assert.Single(Directory.GetFiles(packed, "Splade.Cli.*.nupkg"));

        // Only the packed folder as a source, and a private package cache, so nothing is fetched and no stale copy is reused.
        var config = temp.Combine("nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="packed" value="{packed}" /></packageSources></configuration>
            """);
        var tools = temp.Combine("tools");
        Run("dotnet", temp, ["tool", "install", "--tool-path", tools, "--configfile", config, "Splade.Cli"]);

        var splade = Path.Combine(tools, OperatingSystem.IsWindows() ? "splade.exe" : "splade");
        Assert.Matches(@"^\d+\.\d+\.\d+", Run(splade, temp, ["version"]));
        var vector = Run(splade, temp, ["encode", "--text", "orangutans live in the rainforests of Borneo"]);
        Assert.Contains("\"indices\"", vector, StringComparison.Ordinal);
    }

    private static string Run(string fileName, TempFolder temp, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NUGET_PACKAGES"] = temp.Combine("nuget-packages");
        start.Environment["SPLADE_MODEL_CACHE"] = temp.Combine("models");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(ProcessLimit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish within {ProcessLimit.TotalMinutes} minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
            return output.ToString();
        }
    }
}
