using Splade.Index.Filters;
using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>Which documents an approximate search may return: it asks about every document it visits, so implementations are
/// structs, and the search is generic over them, so that the test is inlined into its loop instead of called through a delegate.</summary>
internal interface IOrdinalAcceptance
{
    bool Accepts(int ordinal);
}

/// <summary>Accepts every document (tuning and tests).</summary>
internal readonly struct AcceptAll : IOrdinalAcceptance
{
    public bool Accepts(int ordinal) => true;
}

/// <summary>Accepts the live documents of a segment.</summary>
internal readonly struct AcceptLive(LiveDocuments live) : IOrdinalAcceptance
{
    public bool Accepts(int ordinal) => live.IsLive(ordinal);
}

/// <summary>Accepts the live documents of a segment that pass a filter.</summary>
internal readonly struct AcceptLiveAndFilter(LiveDocuments live, SegmentFilter filter) : IOrdinalAcceptance
{
    public bool Accepts(int ordinal) => live.IsLive(ordinal) && filter.Matches(ordinal);
}

/// <summary>Accepts the documents a predicate accepts (tests).</summary>
internal readonly struct AcceptWhere(Func<int, bool> predicate) : IOrdinalAcceptance
{
    public bool Accepts(int ordinal) => predicate(ordinal);
}
