namespace Splade.Server.Storage;

/// <summary>Qdrant's fusion of several ranked lists into one.</summary>
/// <remarks>
/// <para>Reciprocal rank fusion: a point at 0-based position p of a list with weight w gets <c>1 / ((p + 1) / w + k - 1)</c>
/// (<c>1 / (p + k)</c> with the default weight 1), summed over the lists that hold it; k defaults to 2.</para>
/// <para>Distribution-based score fusion: each list's scores are mapped to <c>(s - (μ - 3σ)) / 6σ</c> with μ and σ the list's mean
/// and sample standard deviation (a one-point list, or one whose scores are all equal, maps to 0.5), then summed.</para>
/// <para>Equal fused scores are ordered by point id.</para>
/// </remarks>
internal static class Fusion
{
    public const int DefaultRrfK = 2;

    public static List<Candidate> Fuse(IReadOnlyList<List<Candidate>> lists, FusionQuery query)
    {
        if (query.Weights is { } weights && weights.Count != lists.Count)
        {
            throw StoreException.BadInput(
                $"Bad request: Number of weights in RRF should match number of pre-fetches: got {weights.Count}, expected {lists.Count}");
        }

        var fused = new Dictionary<PointId, Candidate>();
        for (var l = 0; l < lists.Count; l++)
        {
            var list = lists[l];
            var scores = query.Method == FusionMethod.Rrf ? RrfScores(list.Count, query.RrfK, query.Weights?[l] ?? 1f) : DbsfScores(list);
            for (var p = 0; p < list.Count; p++)
            {
                var candidate = list[p];
                fused[candidate.Id] = fused.TryGetValue(candidate.Id, out var existing)
                    ? existing with { Score = existing.Score + scores[p] }
                    : candidate with { Score = scores[p] };
            }
        }

        var result = fused.Values.ToList();
        Sort(result);
        return result;
    }

    /// <summary>Orders by descending score, then ascending id.</summary>
    public static void Sort(List<Candidate> candidates)
        => candidates.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));

    private static float[] RrfScores(int count, int k, float weight)
    {
        var scores = new float[count];
        for (var p = 0; p < count; p++)
        {
            scores[p] = weight <= 0f ? 0f : 1f / (((p + 1) / weight) + k - 1);
        }

        return scores;
    }

    private static float[] DbsfScores(List<Candidate> list)
    {
        var scores = new float[list.Count];
        if (list.Count < 2)
        {
            Array.Fill(scores, 0.5f);
            return scores;
        }

        // Welford's one-pass mean and sample variance.
        float mean = 0f, aggregate = 0f;
        for (var i = 0; i < list.Count; i++)
        {
            var delta = list[i].Score - mean;
            mean += delta / (i + 1);
            aggregate += delta * (list[i].Score - mean);
        }

        var deviation = MathF.Sqrt(aggregate / (list.Count - 1));
        var low = mean - (3f * deviation);
        var high = mean + (3f * deviation);
        for (var i = 0; i < list.Count; i++)
        {
            scores[i] = low == high ? 0.5f : (list[i].Score - low) / (high - low);
        }

        return scores;
    }
}
