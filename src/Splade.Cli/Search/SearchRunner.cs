using System.Diagnostics;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Encoding.Tokenization;
using Splade.Index;
using Splade.Retrieval.Hybrid;

namespace Splade.Cli.Search;

/// <summary>Runs one query in the mode the settings name and shapes the answer as a <see cref="SearchResponse"/>, the same in every
/// mode. Thread-safe: batch queries run on several threads.</summary>
internal sealed class SearchRunner
{
    private static readonly string DenseAlgorithm = EnumSpellings.Of(SearchAlgorithm.BruteForce);

    private readonly SparseIndex _index;
    private readonly SearchSettings _settings;
    private readonly WordPieceTokenizer? _tokenizer;
    private readonly HybridSearcher? _hybrid;
    private readonly TwoStageSearcher? _twoStage;
    private readonly FusionOptions? _fusion;
    private readonly TwoStageOptions? _twoStageOptions;
    private readonly double? _sparseSideRecall;

    public SearchRunner(SparseIndex index, SearchSettings settings, WordPieceTokenizer? tokenizer)
    {
        _index = index;
        _settings = settings;
        _tokenizer = tokenizer;
        if (settings.Mode is SearchMode.Hybrid or SearchMode.TwoStage)
        {
            var corpus = new SparseIndexHybridCorpus(index, settings.Algorithm);
            _hybrid = new HybridSearcher(corpus);
            _twoStage = new TwoStageSearcher(corpus);
            _fusion = settings.HybridOptions();
            _twoStageOptions = settings.TwoStageOptions();
            _sparseSideRecall = SparseSideRecall(index, settings.Algorithm);
        }
    }

    public SearchResponse Run(SearchQuery query)
    {
        var mode = EnumSpellings.Of(_settings.Mode);
        var fusion = _settings.Fusion is { } method ? EnumSpellings.Of(method) : null;
        var started = Stopwatch.GetTimestamp();
        switch (_settings.Mode)
        {
            case SearchMode.Sparse:
            {
                var sparse = query.Sparse!;
                if (sparse.Count == 0)
                {
                    // A query without terms (for example a bag of words the vocabulary does not know) matches nothing.
                    return new SearchResponse(query.Id, mode, null, null, Milliseconds(started), []);
                }

                var results = _index.Search(sparse, new SearchOptions { K = _settings.K, Filter = _settings.Filter, Algorithm = _settings.Algorithm });
                var elapsed = Milliseconds(started);
                return new SearchResponse(query.Id, mode, EnumSpellings.Of(results.Algorithm), null, elapsed, Hits(query, results.Hits))
                {
                    EstimatedRecall = results.EstimatedRecall,
                };
            }

            case SearchMode.Dense:
            {
                var results = _index.SearchDense(query.Dense!, new SearchOptions { K = _settings.K, Filter = _settings.Filter });
                return new SearchResponse(query.Id, mode, DenseAlgorithm, null, Milliseconds(started), Hits(query, results.Hits));
            }

            default:
            {
                var hybridQuery = new HybridQuery(query.Sparse!, query.Dense!);
                var hits = _settings.Mode == SearchMode.Hybrid ? _hybrid!.Search(hybridQuery, _fusion!) : _twoStage!.Search(hybridQuery, _twoStageOptions!);
                var elapsed = Milliseconds(started);
                return new SearchResponse(query.Id, mode, null, fusion, elapsed, Hits(query, hits)) { EstimatedRecall = _sparseSideRecall };
            }
        }
    }

    /// <summary>The estimated recall of the sparse side of hybrid and two-stage searches, which run through
    /// <see cref="SparseIndexHybridCorpus"/>: the tuned estimate when that side searches approximately (<c>--algorithm approximate</c>,
    /// or <c>auto</c> on an index whose every segment has an approximate index and whose tuning chose it), else 1.</summary>
    private static double? SparseSideRecall(SparseIndex index, SearchAlgorithm algorithm)
    {
        if (algorithm is not (SearchAlgorithm.Auto or SearchAlgorithm.Approximate))
        {
            return 1d;
        }

        var statistics = index.GetStatistics();
        var approximate = algorithm == SearchAlgorithm.Approximate
            || (statistics.ApproximateSegments > 0 && statistics.ApproximateSegments == statistics.Segments && !statistics.ApproximateSearchesExactly);
        return approximate ? statistics.ApproximateTunedRecall : 1d;
    }

    private SearchResultHit[] Hits(SearchQuery query, IReadOnlyList<SearchHit> hits)
    {
        var results = new SearchResultHit[hits.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var hit = hits[i];
            results[i] = new SearchResultHit(hit.Id, hit.Score)
            {
                Metadata = hit.Metadata,
                Text = hit.Text,
                MatchedTerms = Explain(query, hit.Id),
            };
        }

        return results;
    }

    private SearchResultHit[] Hits(SearchQuery query, IReadOnlyList<HybridHit> hits)
    {
        var results = new SearchResultHit[hits.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var hit = hits[i];
            results[i] = new SearchResultHit(hit.Id, hit.Score)
            {
                SparseScore = hit.SparseScore,
                DenseScore = hit.DenseScore,
                SparseRank = hit.SparseRank,
                DenseRank = hit.DenseRank,
                Metadata = hit.Metadata,
                Text = hit.Text,
                MatchedTerms = Explain(query, hit.Id),
            };
        }

        return results;
    }

    private List<MatchedTerm>? Explain(SearchQuery query, string id)
    {
        if (!_settings.Explain || query.Sparse is null || _index.Get(id) is not { } document)
        {
            return null;
        }

        var tokenizer = query.SparseFromText ? _tokenizer : null;
        var terms = TermContribution.Match(query.Sparse, document.Vector);
        var matched = new List<MatchedTerm>(terms.Count);
        foreach (var term in terms)
        {
            matched.Add(new MatchedTerm(term.TermId, tokenizer?.IdToToken((int)term.TermId), term.QueryWeight, term.DocumentWeight, term.Contribution));
        }

        return matched;
    }

    private static double Milliseconds(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
}
