namespace Splade.Index.Writing;

/// <summary>How an index is opened.</summary>
internal enum OpenMode
{
    /// <summary>As the one writer: takes the writer lock, creates the index when absent, replays and continues the log.</summary>
    Write,

    /// <summary>For reading only: takes no lock and changes nothing on disk.</summary>
    ReadOnly,

    /// <summary>As the writer of a new index that stays invisible (its commits say it is being built) until the build finishes;
    /// replaces what an earlier build in the folder left unfinished.</summary>
    Build,
}
