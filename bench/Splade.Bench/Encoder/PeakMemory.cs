namespace Splade.Bench.Encoder;

/// <summary>The process's peak resident set size (VmHWM in /proc/self/status), in MiB; -1 where that file does not exist.</summary>
internal static class PeakMemory
{
    public static double ResidentMiB()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return -1;
    }
}
