namespace Splade.Server.Storage;

/// <summary>One page of a scroll, in id order, and the id the next page starts at (null at the end).</summary>
/// <param name="Points">The points of this page.</param>
/// <param name="NextOffset">The first id of the next page, or null.</param>
internal sealed record ScrollPage(IReadOnlyList<PointRecord> Points, PointId? NextOffset);
