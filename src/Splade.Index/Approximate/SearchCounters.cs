namespace Splade.Index.Approximate;

/// <summary>The work one search did: deterministic cost figures for tuning and diagnostics.</summary>
/// <param name="BlocksProbed">Blocks whose summary score was computed.</param>
/// <param name="BlocksSkipped">Blocks left unscored because their summary score could not enter the top k.</param>
/// <param name="DocumentsScored">Documents scored exactly against the query.</param>
internal readonly record struct SearchCounters(long BlocksProbed, long BlocksSkipped, long DocumentsScored)
{
    /// <summary>Adds two searches' counters.</summary>
    public static SearchCounters operator +(SearchCounters left, SearchCounters right)
        => new(left.BlocksProbed + right.BlocksProbed, left.BlocksSkipped + right.BlocksSkipped, left.DocumentsScored + right.DocumentsScored);
}
