using CsCheck;
using Splade.Core;
using Splade.Index.Filters;
using Splade.Index.Segments;

namespace Splade.Index.Tests.Search;

/// <summary>The postings' 8-bit weight codes: their error bound, and exact search where codes cannot tell documents apart.</summary>
public sealed class ImpactPostingsTests
{
    private static readonly SearchAlgorithm[] Exact = [SearchAlgorithm.TermAtATime, SearchAlgorithm.MaxScore, SearchAlgorithm.BruteForce];

    [Fact]
    public void A_decoded_weight_is_within_half_a_step_of_the_weight()
    {
        Gen.Select(Gen.Float[-5f, 5f], Gen.Float[0f, 10f], Gen.Float[0f, 1f]).Sample((min, width, position) =>
        {
            var max = min + width;
            var weight = Math.Clamp(min + (position * width), min, max);
            var step = PostingImpacts.Step(min, max);
            var decoded = PostingImpacts.Decode(PostingImpacts.Encode(weight, min, step), min, step);
            Assert.True(Math.Abs(decoded - weight) <= PostingImpacts.TermError(1f, min, max), $"{weight} decoded as {decoded}, step {step}");
        }, iter: 2000);
    }

    [Fact]
    public void A_sum_of_table_entries_is_within_the_error_bound_of_the_dot_product()
    {
        var gen = Gen.Select(Gen.Float[-2f, 3f].Array[1, 60], Gen.Float[-3f, 3f].Array[60], Gen.Float[0f, 1f].Array[60]);
        gen.Sample((queryWeights, lows, widths) =>
        {
            var n = queryWeights.Length;
            var indices = Enumerable.Range(0, n).Select(i => (uint)i).ToArray();
            var weights = new float[n];
            float approximate = 0f, termErrors = 0f, largest = 0f;
            var table = new float[PostingImpacts.Levels];
            for (var i = 0; i < n; i++)
            {
                var (min, max) = (lows[i], lows[i] + (widths[i] * 4f));
                weights[i] = min + ((max - min) * widths[(i + 7) % 60]);
                PostingImpacts.FillTable(queryWeights[i], min, max, table);
                approximate += table[PostingImpacts.Encode(weights[i], min, PostingImpacts.Step(min, max))];
                termErrors += PostingImpacts.TermError(queryWeights[i], min, max);
                largest += Math.Abs(queryWeights[i]) * Math.Max(Math.Abs(min), Math.Abs(max));
            }

            var exact = SparseKernels.Dot(indices, queryWeights, indices, weights);
            Assert.True(Math.Abs(approximate - exact) <= PostingImpacts.ErrorBound(termErrors, largest, n), $"{approximate} against {exact}");
        }, iter: 1000);
    }

    [Fact]
    public void Documents_whose_weights_share_one_code_are_still_ranked_exactly()
    {
        // Each term's grid spans 0..3 (a step of about 0.012); the other documents' weights differ by far less, so their codes are equal
        // and only re-scoring from the forward index can order them, ties included.
        Gen.Select(Gen.Int[0, 50].Array[20, 120], Gen.Float[0.1f, 2f].Array[3], Gen.Int[1, 15]).Sample((offsets, queryWeights, k) =>
        {
            using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 1000, BackgroundMerge = false });
            var documents = new List<IndexDocument>
            {
                new("wide-low", new SparseVector([1, 2, 3], [0.001f, 0.001f, 0.001f])),
                new("wide-high", new SparseVector([1, 2, 3], [3f, 3f, 3f])),
            };
            for (var i = 0; i < offsets.Length; i++)
            {
                var weight = 1f + (offsets[i] * 1e-5f);
                documents.Add(new IndexDocument($"near{i}", new SparseVector([1, 2, 3], [weight, 1f + (offsets[(i + 1) % offsets.Length] * 1e-5f), weight])));
            }

            index.Upsert(documents);
            index.Flush();
            var query = new SparseVector([1, 2, 3], queryWeights);
            var expected = new ReferenceCollection(documents).TopK(query, k);
            foreach (var algorithm in Exact)
            {
                Assert.Equal(expected, index.Search(query, new SearchOptions { K = k, Algorithm = algorithm }).Hits.Select(h => (h.Id, h.Score)).ToList());
            }
        }, iter: 100);
    }

    [Fact]
    public void A_document_that_its_codes_rank_below_another_is_still_found_when_it_scores_higher()
    {
        // Both terms' grids run from 0.01 to 2.56 in steps of 0.01. "under" is 0.0049 above a level on each term and both round down;
        // "over" rounds up on its second term. The codes rank "over" first although "under" scores higher: only a search that keeps
        // documents within the codes' error of the k-th can return "under".
        IndexDocument[] documents =
        [
            new("low", new SparseVector([1, 2], [0.01f, 0.01f])),
            new("high", new SparseVector([1, 2], [2.56f, 2.56f])),
            new("over", new SparseVector([1, 2], [1.0f, 1.0051f])),
            new("under", new SparseVector([1, 2], [1.0049f, 1.0049f])),
        ];
        using var index = SparseIndex.CreateInMemory();
        index.Upsert(documents);
        index.Flush();
        var query = new SparseVector([1, 2], [1f, 1f]);
        foreach (var algorithm in Exact)
        {
            var hits = index.Search(query, new SearchOptions { K = 2, Algorithm = algorithm }).Hits;
            Assert.Equal(["high", "under"], hits.Select(h => h.Id));
            Assert.Equal(new ReferenceCollection(documents).TopK(query, 2), hits.Select(h => (h.Id, h.Score)).ToList());
        }
    }

    [Fact]
    public void Weights_near_the_float32_limit_give_the_same_infinite_and_finite_scores_as_brute_force()
    {
        IndexDocument[] documents =
        [
            new("huge", new SparseVector([1, 2], [3e38f, 3e38f])),
            new("large", new SparseVector([1, 2], [1e38f, 1f])),
            new("small", new SparseVector([1, 2], [1f, 2f])),
            new("negative", new SparseVector([1, 3], [-3e38f, 1f])),
        ];
        using var index = SparseIndex.CreateInMemory();
        index.Upsert(documents);
        index.Flush();
        foreach (var query in new[] { new SparseVector([1, 2], [10f, 1f]), new SparseVector([1, 3], [1f, 1f]), new SparseVector([2], [1f]) })
        {
            foreach (var k in new[] { 1, 3 })
            {
                var expected = new ReferenceCollection(documents).TopK(query, k);
                foreach (var algorithm in Exact)
                {
                    Assert.Equal(expected, index.Search(query, new SearchOptions { K = k, Algorithm = algorithm }).Hits.Select(h => (h.Id, h.Score)).ToList());
                }
            }
        }
    }

    [Fact]
    public void Term_at_a_time_skips_light_common_terms_and_still_returns_the_exact_top_k()
    {
        // Every document has the common terms 0..4; a few rare terms carry the heavy weights. A query's light common terms then
        // cannot lift a document into the top k on their own, and term-at-a-time skips their postings in later chunks.
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 20], Gen.Float[0.01f, 0.2f]).Sample((seed, k, lightWeight) =>
        {
            var random = new Random(seed);
            var documents = new List<IndexDocument>(140_000);
            for (var i = 0; i < 140_000; i++)
            {
                var rare = (uint)random.Next(10, 400);
                var weights = new[]
                {
                    (float)random.NextDouble() + 0.1f,
                    (float)random.NextDouble() + 0.1f,
                    (float)random.NextDouble() + 0.1f,
                    (float)random.NextDouble() + 0.1f,
                    (float)random.NextDouble() + 0.1f,
                    random.Next(1, 50) * 0.1f,
                };
                documents.Add(new IndexDocument($"k{i}", new SparseVector([0, 1, 2, 3, 4, rare], weights)));
            }

            using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 200_000, BackgroundMerge = false });
            index.Upsert(documents);
            index.Flush();
            var rareTerms = new SortedSet<uint> { (uint)random.Next(10, 400), (uint)random.Next(10, 400), (uint)random.Next(10, 400) };
            uint[] indices = [0, 1, 2, 3, 4, .. rareTerms];
            float[] values = [lightWeight, lightWeight, lightWeight, lightWeight, lightWeight, .. rareTerms.Select(_ => 1f + (float)random.NextDouble())];
            var query = new SparseVector(indices, values);
            var results = index.Search(query, new SearchOptions { K = k, Algorithm = SearchAlgorithm.TermAtATime });
            Assert.Equal(new ReferenceCollection(documents).TopK(query, k), results.Hits.Select(h => (h.Id, h.Score)).ToList());
            var postings = documents.Sum(d => d.Vector.Indices.ToArray().Count(t => indices.Contains(t)));
            Assert.True(results.PostingsScored < postings * 0.9, $"read {results.PostingsScored} of {postings} postings");
        }, iter: 8);
    }

    [Fact]
    public void Term_at_a_time_skips_the_light_tier_of_a_term_whose_heavy_postings_decide_the_top_k()
    {
        // Every document has term 0, nearly all lightly: the term cannot be skipped whole (it alone decides the top k), but its
        // light tier cannot lift a document into the top k either, so after the first chunk only its heavy postings are read.
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 20]).Sample((seed, k) =>
        {
            var random = new Random(seed);
            var documents = new List<IndexDocument>(140_000);
            for (var i = 0; i < 140_000; i++)
            {
                var weight = random.Next(50) == 0 ? 5f + (5f * (float)random.NextDouble()) : 0.1f + (0.1f * (float)random.NextDouble());
                documents.Add(new IndexDocument($"t{i}", new SparseVector([0, (uint)random.Next(1, 100)], [weight, 1f])));
            }

            using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 200_000, BackgroundMerge = false });
            index.Upsert(documents);
            index.Flush();
            var query = new SparseVector([0], [1f + (float)random.NextDouble()]);
            var results = index.Search(query, new SearchOptions { K = k, Algorithm = SearchAlgorithm.TermAtATime });
            Assert.Equal(new ReferenceCollection(documents).TopK(query, k), results.Hits.Select(h => (h.Id, h.Score)).ToList());
            Assert.True(results.PostingsScored < documents.Count * 0.6, $"read {results.PostingsScored} of {documents.Count} postings");
            foreach (var algorithm in Exact)
            {
                Assert.Equal(
                    new ReferenceCollection(documents).TopK(query, k),
                    index.Search(query, new SearchOptions { K = k, Algorithm = algorithm }).Hits.Select(h => (h.Id, h.Score)).ToList());
            }
        }, iter: 4);
    }

    [Fact]
    public void A_segment_of_several_chunks_is_searched_exactly_with_deletes_and_filters()
    {
        // 150,000 documents make three 65,536-document chunks in one segment; weights on a coarse grid make many exact ties.
        var random = new Random(20261127);
        var documents = new List<IndexDocument>(150_000);
        for (var i = 0; i < 150_000; i++)
        {
            var terms = new SortedSet<uint>();
            var count = random.Next(1, 6);
            while (terms.Count < count)
            {
                terms.Add((uint)random.Next(0, 40));
            }

            var metadata = new System.Text.Json.Nodes.JsonObject { ["parity"] = i % 2 };
            documents.Add(new IndexDocument($"c{i}", new SparseVector([.. terms], [.. terms.Select(_ => random.Next(1, 9) * 0.25f)])) { Metadata = metadata });
        }

        using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 200_000, BackgroundMerge = false });
        index.Upsert(documents);
        var deleted = Enumerable.Range(0, 150_000).Where(i => i % 7 == 3).Select(i => $"c{i}").ToHashSet();
        index.Delete(deleted);
        index.Flush();
        var reference = new ReferenceCollection(documents.Where(d => !deleted.Contains(d.Id)));
        var filter = MetadataFilter.Parse("""{"field":"parity","eq":1}""");
        for (var q = 0; q < 12; q++)
        {
            var terms = new SortedSet<uint> { (uint)random.Next(0, 40), (uint)random.Next(0, 40), (uint)random.Next(0, 40) };
            var query = new SparseVector([.. terms], [.. terms.Select(_ => (float)(random.NextDouble() * 2) - 0.2f)]);
            var k = q % 3 == 0 ? 1 : q % 3 == 1 ? 10 : 300;
            var expected = reference.TopK(query, k);
            var expectedFiltered = reference.TopK(query, k, filter);
            foreach (var algorithm in Exact)
            {
                Assert.Equal(expected, index.Search(query, new SearchOptions { K = k, Algorithm = algorithm }).Hits.Select(h => (h.Id, h.Score)).ToList());
                Assert.Equal(
                    expectedFiltered,
                    index.Search(query, new SearchOptions { K = k, Algorithm = algorithm, Filter = filter }).Hits.Select(h => (h.Id, h.Score)).ToList());
            }
        }
    }
}
