namespace Splade.Retrieval.Hybrid;

/// <summary>Fuses a pool of candidates scored by both a sparse and a dense retriever into one ranked list.</summary>
/// <remarks>
/// <para>The pool is usually the union of both sides' top <see cref="FusionOptions.CandidateDepth"/> documents, each with
/// its exact score on both sides (see <see cref="HybridSearcher"/>). The methods:</para>
/// <list type="bullet">
/// <item><description><see cref="FusionMethod.ReciprocalRank"/>: <c>sum over the sides that retrieved d of 1 / (k + rank)</c>.</description></item>
/// <item><description><see cref="FusionMethod.Convex"/>: <c>(1 - alpha) * norm(sparse) + alpha * norm(dense)</c>, normalised over the
/// pool.</description></item>
/// <item><description><see cref="FusionMethod.Alpha"/>: <c>(1 - alpha) * sparse + alpha * dense</c> on raw scores, which is the one
/// dot product of Pinecone's scaled hybrid query (<see cref="AlphaScaling"/>) with the document's sparse and dense parts.</description></item>
/// </list>
/// <para>A document without a dense vector has no dense score: it gets no dense term under reciprocal rank fusion (the dense side
/// cannot retrieve it), the pool's lowest normalised dense score under convex fusion, and a dense part of 0 under alpha fusion (its
/// empty dense part meets the scaled query's dense part in nothing).</para>
/// <para>Results are ordered by descending fused score, ties by ascending ordinal document id; each hit keeps its candidate's
/// metadata and text.</para>
/// </remarks>
internal static class HybridFusion
{
    /// <summary>Fuses <paramref name="pool"/> and returns the top <see cref="FusionOptions.K"/> results.</summary>
    /// <param name="pool">The candidates; ids must be unique.</param>
    /// <param name="options">The fusion method and its parameters.</param>
    /// <exception cref="ArgumentException">A candidate has a non-finite score or a negative rank.</exception>
    public static IReadOnlyList<HybridHit> Fuse(IReadOnlyList<FusionCandidate> pool, FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ValidatePool(pool);

        var fused = new double[pool.Count];
        switch (options.Method)
        {
            case FusionMethod.ReciprocalRank:
                ReciprocalRank(pool, options.RrfK, fused);
                break;
            case FusionMethod.Convex:
                Convex(pool, options.Alpha, options.Normalization, fused);
                break;
            default:
                for (var i = 0; i < pool.Count; i++)
                {
                    fused[i] = ((1 - options.Alpha) * pool[i].SparseScore) + (options.Alpha * (pool[i].DenseScore ?? 0f));
                }

                break;
        }

        return TopK(pool, fused, options.K);
    }

    /// <summary>Maps <paramref name="scores"/> in place with <paramref name="normalization"/> (see <see cref="ScoreNormalization"/>).</summary>
    /// <param name="scores">The scores to normalise.</param>
    /// <param name="normalization">Min-max or z-score.</param>
    public static void Normalize(Span<double> scores, ScoreNormalization normalization)
    {
        if (scores.IsEmpty)
        {
            return;
        }

        if (normalization == ScoreNormalization.MinMax)
        {
            var min = double.PositiveInfinity;
            var max = double.NegativeInfinity;
            foreach (var s in scores)
            {
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }

            var range = max - min;
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = range > 0 ? (scores[i] - min) / range : 0;
            }

            return;
        }

        var mean = 0.0;
        foreach (var s in scores)
        {
            mean += s;
        }

        mean /= scores.Length;
        var variance = 0.0;
        foreach (var s in scores)
        {
            variance += (s - mean) * (s - mean);
        }

        var deviation = Math.Sqrt(variance / scores.Length);
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = deviation > 0 ? (scores[i] - mean) / deviation : 0;
        }
    }

    private static void ReciprocalRank(IReadOnlyList<FusionCandidate> pool, double k, double[] fused)
    {
        for (var i = 0; i < pool.Count; i++)
        {
            var candidate = pool[i];
            var score = 0.0;
            if (candidate.SparseRank > 0)
            {
                score += 1.0 / (k + candidate.SparseRank);
            }

            if (candidate.DenseRank > 0)
            {
                score += 1.0 / (k + candidate.DenseRank);
            }

            fused[i] = score;
        }
    }

    private static void Convex(IReadOnlyList<FusionCandidate> pool, double alpha, ScoreNormalization normalization, double[] fused)
    {
        var dense = new double[pool.Count];
        var present = 0;
        for (var i = 0; i < pool.Count; i++)
        {
            fused[i] = pool[i].SparseScore;
            if (pool[i].DenseScore is { } score)
            {
                dense[present++] = score;
            }
        }

        // Only the documents that have a dense score are normalised; the others take the lowest normalised score of the pool.
        Normalize(fused, normalization);
        Normalize(dense.AsSpan(0, present), normalization);
        var lowest = present == 0 ? 0 : double.PositiveInfinity;
        for (var i = 0; i < present; i++)
        {
            lowest = Math.Min(lowest, dense[i]);
        }

        for (int i = 0, next = 0; i < pool.Count; i++)
        {
            var normalizedDense = pool[i].DenseScore.HasValue ? dense[next++] : lowest;
            fused[i] = ((1 - alpha) * fused[i]) + (alpha * normalizedDense);
        }
    }

    private static List<HybridHit> TopK(IReadOnlyList<FusionCandidate> pool, double[] fused, int k)
    {
        var order = new int[pool.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var byScore = fused[b].CompareTo(fused[a]);
            return byScore != 0 ? byScore : string.CompareOrdinal(pool[a].Id, pool[b].Id);
        });

        var count = Math.Min(k, order.Length);
        var hits = new List<HybridHit>(count);
        for (var i = 0; i < count; i++)
        {
            var c = pool[order[i]];
            hits.Add(new HybridHit(c.Id, fused[order[i]], c.SparseScore, c.DenseScore, c.SparseRank, c.DenseRank) { Metadata = c.Metadata, Text = c.Text });
        }

        return hits;
    }

    private static void ValidatePool(IReadOnlyList<FusionCandidate> pool)
    {
        for (var i = 0; i < pool.Count; i++)
        {
            var c = pool[i];
            if (c.Id is null)
            {
                throw new ArgumentException($"Candidate {i} has no id.", nameof(pool));
            }

            if (!float.IsFinite(c.SparseScore) || c.DenseScore is { } dense && !float.IsFinite(dense))
            {
                throw new ArgumentException($"Candidate {i} ('{c.Id}') has a non-finite score (sparse {c.SparseScore}, dense {c.DenseScore}).", nameof(pool));
            }

            if (c.SparseRank < 0 || c.DenseRank < 0)
            {
                throw new ArgumentException($"Candidate {i} ('{c.Id}') has a negative rank; use 0 for 'not retrieved by that side'.", nameof(pool));
            }
        }
    }
}
