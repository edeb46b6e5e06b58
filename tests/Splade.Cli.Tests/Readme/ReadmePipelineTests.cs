using System.Diagnostics;
using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Readme;

/// <summary>The README's pipeline (encode, then index, then sparse and hybrid search) run exactly as written: the code block after the
/// <c>&lt;!-- pipeline-test --&gt;</c> marker is read out of README.md and given to bash, with <c>splade</c> on the PATH.</summary>
public sealed class ReadmePipelineTests : IDisposable
{
    private const string Marker = "<!-- pipeline-test -->";

    private readonly TempFolder _folder = new("splade-readme-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_readme_pipeline_runs_as_written_and_its_searches_find_what_it_promises()
    {
        var script = PipelineBlock(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")));
        var bin = Directory.CreateDirectory(_folder.Combine("bin")).FullName;
        var wrapper = Path.Combine(bin, "splade");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet \"{SpladeProcess.ToolPath}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var work = Directory.CreateDirectory(_folder.Combine("work")).FullName;

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["PATH"] = $"{bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10)))
        {
            await bash.WaitForExitAsync(limit.Token);
        }

        Assert.True(bash.ExitCode == 0, $"the README pipeline failed:\n{await error}");
        var responses = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToArray();
        Assert.Equal(3, responses.Length);
        Assert.Equal(3, (int)responses[0]["documents"]!);

        var sparse = responses[1];
        Assert.Equal("sparse", (string)sparse["mode"]!);
        Assert.Equal("d1", (string)sparse["results"]![0]!["id"]!);
        Assert.Equal(2004, (int)sparse["results"]![0]!["metadata"]!["year"]!);

        var hybrid = responses[2];
        Assert.Equal("hybrid", (string)hybrid["mode"]!);
        var hits = hybrid["results"]!.AsArray();
        Assert.Equal("d1", (string)hits[0]!["id"]!);
        Assert.All(hits, hit => Assert.True((int)hit!["metadata"]!["year"]! >= 2000));
        Assert.All(hits, hit => Assert.NotNull(hit!["dense_score"]));
        Assert.StartsWith("Orangutans", (string)hits[0]!["text"]!, StringComparison.Ordinal);
        Assert.NotEmpty(hits[0]!["matched_terms"]!.AsArray());
    }

    /// <summary>The text of the first ```bash block after the marker.</summary>
    private static string PipelineBlock(string readme)
    {
        var marker = readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(marker >= 0, $"README.md has no {Marker} marker before its pipeline block");
        var open = readme.IndexOf("```bash\n", marker, StringComparison.Ordinal);
        var close = readme.IndexOf("\n```", open + 8, StringComparison.Ordinal);
        Assert.True(open > marker && close > open, "the pipeline marker is not followed by a ```bash block");
        return readme[(open + 8)..(close + 1)];
    }
}
