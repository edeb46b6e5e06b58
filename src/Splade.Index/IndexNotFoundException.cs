namespace Splade.Index;

/// <summary>A folder opened as an index holds none: it does not exist, holds no index files, or holds an index whose build never
/// finished.</summary>
/// <remarks>Reading never creates an index; <see cref="SparseIndex.Open(string, IndexOptions?)"/> and
/// <see cref="SparseIndex.Build(string, IEnumerable{IndexDocument}, IndexBuildOptions?, IProgress{int}?)"/> do.
/// <para>Thread safety: immutable once thrown, so it may be read from any thread.</para>
/// </remarks>
public sealed class IndexNotFoundException : IOException
{
    /// <summary>Creates the exception for the folder <paramref name="location"/>, saying what was found instead.</summary>
    public IndexNotFoundException(string location, string problem)
        : base($"'{location}' holds no index: {problem}")
    {
        Location = location;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public IndexNotFoundException()
        : base("The folder holds no index.")
    {
        Location = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public IndexNotFoundException(string message)
        : base(message)
    {
        Location = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public IndexNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
        Location = string.Empty;
    }

    /// <summary>The folder's full path.</summary>
    public string Location { get; }
}
