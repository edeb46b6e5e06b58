using System.Text.RegularExpressions;

namespace Splade.Checkpoints.Hub;

/// <summary>A hub model repository and revision: <c>org/name</c> or <c>org/name@revision</c> (a branch, tag or commit).</summary>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed partial record RepoReference(string RepoId, string Revision)
{
    /// <summary>The revision used when none is named.</summary>
    public const string DefaultRevision = "main";

    /// <summary>The cache folder name of the repository: <c>models--org--name</c>.</summary>
    public string CacheFolderName => "models--" + RepoId.Replace("/", "--", StringComparison.Ordinal);

    /// <summary>Whether the revision is a full commit hash.</summary>
    public bool IsCommit => CommitPattern().IsMatch(Revision);

    /// <summary>Parses <c>org/name[@revision]</c>; false when the text is not of that form.</summary>
    public static bool TryParse(string text, out RepoReference reference)
    {
        reference = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = ReferencePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var revision = match.Groups["revision"].Success ? match.Groups["revision"].Value : DefaultRevision;
        reference = new RepoReference(match.Groups["repo"].Value, revision);
        return true;
    }

    /// <summary>Parses <c>org/name[@revision]</c>.</summary>
    /// <exception cref="ArgumentException">The text is not a repository id.</exception>
    public static RepoReference Parse(string text)
        => TryParse(text, out var reference)
            ? reference
            : throw new ArgumentException($"'{text}' is not a hub repository id: expected org/name or org/name@revision.", nameof(text));

    /// <inheritdoc />
    public override string ToString() => Revision == DefaultRevision ? RepoId : $"{RepoId}@{Revision}";

    [GeneratedRegex(@"^(?<repo>[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95})(@(?<revision>[A-Za-z0-9._/-]{1,200}))?$")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}
