using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Splade.Server.Http;

/// <summary>When a request started, for the <c>time</c> member of every answer.</summary>
internal static class ApiTiming
{
    private static readonly object Key = new();

    public static void Start(HttpContext context) => context.Items[Key] = Stopwatch.GetTimestamp();

    public static double Seconds(HttpContext context)
        => context.Items.TryGetValue(Key, out var started) && started is long timestamp ? Stopwatch.GetElapsedTime(timestamp).TotalSeconds : 0;
}
