namespace Splade.Checkpoints.Conversion;

/// <summary>Publishes a folder whole or not at all: its content is written into a staging folder beside the target, which is
/// renamed into place (replacing the target) only once complete, so an interrupted or failed write never leaves a folder that looks
/// usable. A staging folder left behind by a killed process is named <c>.{target name}.partial-*</c>
/// (<see cref="LeftoverPattern"/>).</summary>
internal static class StagedFolder
{
    /// <summary>Writes <paramref name="target"/> through a staging folder: <paramref name="write"/> fills the folder it is given (which
    /// exists and is empty), then it replaces the target. The staging folder is removed whatever happens.</summary>
    /// <returns>The target's full path.</returns>
    public static string Publish(string target, Action<string> write)
    {
        target = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            write(staging);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            return target;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>The names of the staging folders a publication of a folder named <paramref name="name"/> may have left behind.</summary>
    public static string LeftoverPattern(string name) => $".{name}.partial-*";
}
