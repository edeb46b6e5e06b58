using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

/// <summary>Takes an index folder's writer lock, waiting for it as long as the options allow.</summary>
/// <remarks>The holder records its process id, host, start time and command line in the lock file, so that a writer turned away
/// can say who holds the index. The record is informative only: the lock itself is the operating system's, and dies with its
/// process.</remarks>
internal static class WriterLock
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Takes the lock, polling until <paramref name="timeout"/> (zero: one try; infinite: until it is free).</summary>
    /// <exception cref="IndexLockedException">Another writer held it for the whole timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public static IDisposable Acquire(IIndexDirectory directory, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var record = HolderRecord();
        var clock = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (directory.TryLockWriter(record, out var holder) is { } held)
            {
                return held;
            }

            var left = timeout == Timeout.InfiniteTimeSpan ? PollInterval : timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new IndexLockedException(directory.Location, Describe(holder));
            }

            if (!announced)
            {
                announced = true;
                var described = Describe(holder) ?? "another process";
                IndexLog.WaitingForWriter(logger, directory.Location, described);
            }

            cancellationToken.WaitHandle.WaitOne(left < PollInterval ? left : PollInterval);
        }
    }

    /// <summary>Turns a holder record into words: "process 1234 on host h since 2025-01-01T10:00:00Z: splade index add ...".</summary>
    public static string? Describe(string? record)
    {
        if (string.IsNullOrWhiteSpace(record))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(record);
            var root = json.RootElement;
            var pid = root.TryGetProperty("pid", out var p) ? p.GetRawText() : "?";
            var host = root.TryGetProperty("host", out var h) ? h.GetString() : null;
            var since = root.TryGetProperty("since", out var s) ? s.GetString() : null;
            var command = root.TryGetProperty("command", out var c) ? c.GetString() : null;
            var self = pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture) && host == Environment.MachineName;
            return $"process {pid}{(self ? ", this process" : "")} on host {host ?? "?"}"
                + (since is null ? "" : $", since {since}")
                + (string.IsNullOrEmpty(command) ? "" : $": {command}");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string HolderRecord()
    {
        var command = string.Join(' ', Environment.GetCommandLineArgs());
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["pid"] = Environment.ProcessId,
            ["host"] = Environment.MachineName,
            ["since"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["command"] = command.Length <= 300 ? command : command[..300] + "...",
        });
    }
}
