namespace Splade.Core.Ranking;

/// <summary>A total order of candidates for <see cref="TopK{T, TRanking}"/>: which of two ranks first.</summary>
/// <typeparam name="T">The candidate type.</typeparam>
/// <remarks>Implement it on a struct: <see cref="TopK{T, TRanking}"/> calls it statically, so the comparison is inlined into the
/// heap's loops. The order must be total (two distinct candidates never tie) for results not to depend on arrival order.
/// <para>Thread safety: implementations compare values only and keep no state, so any thread may call them.</para>
/// </remarks>
public interface IRanking<T>
{
    /// <summary>Whether <paramref name="left"/> ranks before (is better than) <paramref name="right"/>.</summary>
    static abstract bool RanksBefore(in T left, in T right);
}
