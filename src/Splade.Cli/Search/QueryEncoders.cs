using Splade.Encoding;
using Splade.Encoding.Dense;
using Splade.Encoding.Tokenization;

namespace Splade.Cli.Search;

/// <summary>Encodes what the queries of a search lack: the SPLADE side from the text with <c>-m/--model</c> and <c>--query-mode</c>,
/// the dense side with <c>--dense-model</c>. Each model is loaded only when a query needs it, so vector queries never pay for one.</summary>
internal sealed class QueryEncoders(Func<SpladeEncoder> loadSplade, Func<DenseEncoder> loadDense) : IDisposable
{
    private SpladeEncoder? _splade;
    private DenseEncoder? _dense;

    /// <summary>Whether a query needed the SPLADE model.</summary>
    public bool UsedSplade => _splade is not null;

    /// <summary>Whether a query needed the dense model.</summary>
    public bool UsedDense => _dense is not null;

    /// <summary>The SPLADE model's tokenizer when it was loaded (to name matched terms), else null.</summary>
    public WordPieceTokenizer? Tokenizer => _splade?.Tokenizer;

    /// <summary>The dense model, loaded on first use (to check its dimension against the index's before encoding anything).</summary>
    public DenseEncoder Dense => _dense ??= loadDense();

    /// <summary>Gives every query the sides <paramref name="needSparse"/> and <paramref name="needDense"/> ask for, encoding them from
    /// the text where the query does not carry them.</summary>
    /// <exception cref="Retrieval.Input.InputFormatException">A batch query has neither the side nor a text to encode it from.</exception>
    /// <exception cref="Grammar.UsageException">The same, for the query given on the command line.</exception>
    public void Complete(IReadOnlyList<SearchQuery> queries, bool needSparse, bool needDense, string mode)
    {
        var toEmbed = new List<SearchQuery>();
        foreach (var query in queries)
        {
            if (needSparse && query.Sparse is null)
            {
                if (query.Text is null)
                {
                    throw query.Error($"--mode {mode} needs a sparse query: \"indices\" and \"values\", or a \"text\" to encode", "indices");
                }

                _splade ??= loadSplade();
                query.Sparse = _splade.EncodeQuery(query.Text);
                query.SparseFromText = true;
            }

            if (needDense && query.Dense is null)
            {
                if (query.Text is null)
                {
                    throw query.Error($"--mode {mode} needs a dense query: a \"dense\" array, or a \"text\" to embed", "dense");
                }

                toEmbed.Add(query);
            }
        }

        if (toEmbed.Count > 0)
        {
            var vectors = Dense.EncodeQueries(toEmbed.ConvertAll(static query => query.Text!));
            for (var i = 0; i < toEmbed.Count; i++)
            {
                toEmbed[i].Dense = vectors[i];
            }
        }
    }

    public void Dispose()
    {
        _splade?.Dispose();
        _dense?.Dispose();
    }
}
