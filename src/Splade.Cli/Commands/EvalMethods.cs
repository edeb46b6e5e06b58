using Splade.Encoding;
using Splade.Encoding.Tokenization;
using Splade.Retrieval;
using Splade.Retrieval.Analysis;
using Splade.Retrieval.Learned;
using Splade.Retrieval.Lexical;

namespace Splade.Cli.Commands;

/// <summary>The retrieval methods <c>splade eval</c> knows, by name, and how to build each from the command line.</summary>
internal static class EvalMethods
{
    public static readonly string[] Names =
    [
        "bm25", "tfidf", "splade", "dense", "hybrid", "hybrid-minmax", "hybrid-zscore", "hybrid-alpha", "two-stage", "hybrid-splade",
    ];

    public static readonly string[] Analyzers = ["english", "wordpiece"];

    /// <summary>The methods that embed text with the dense model (<c>--dense-model</c>).</summary>
    public static readonly string[] DenseFamily = ["dense", "hybrid", "hybrid-minmax", "hybrid-zscore", "hybrid-alpha", "two-stage", "hybrid-splade"];

    /// <summary>Whether <paramref name="method"/> embeds text with the dense model.</summary>
    public static bool UsesDense(string method) => Array.IndexOf(DenseFamily, method) >= 0;

    /// <summary>Whether <paramref name="method"/> with <paramref name="analyzer"/> reads <c>--model</c> (the SPLADE model, or the
    /// WordPiece analyzer's tokenizer).</summary>
    public static bool UsesModel(string method, string analyzer)
        => method is "splade" or "hybrid-splade" || (analyzer == "wordpiece" && method != "dense");

    /// <summary>The (method, analyzer, dense model) runs <c>--all</c> makes for <paramref name="methods"/>: lexical methods with
    /// every analyzer, methods that embed text once per dense model.</summary>
    public static IEnumerable<(string Method, string Analyzer, string? DenseModel)> Combinations(
        IEnumerable<string> methods,
        IReadOnlyList<string?> denseModels)
    {
        foreach (var method in methods)
        {
            if (UsesDense(method))
            {
                foreach (var denseModel in denseModels)
                {
                    yield return (method, "english", denseModel);
                }

                continue;
            }

            yield return (method, "english", null);
            if (method is "bm25" or "tfidf")
            {
                yield return (method, "wordpiece", null);
            }
        }
    }

    /// <summary>Builds a method that has indexed nothing yet.</summary>
    /// <exception cref="EvalUsageException">The method is unknown, not available, or needs an option that is missing.</exception>
    public static IRetrievalMethod Create(string method, string analyzer, EvalSettings settings)
    {
        switch (method)
        {
            case "bm25":
            case "tfidf":
                return new LexicalRetriever(new LexicalOptions
                {
                    Scoring = method == "bm25" ? LexicalScoring.Bm25 : LexicalScoring.TfIdf,
                    Analyzer = CreateAnalyzer(analyzer, settings.ModelFolder),
                    K1 = settings.K1,
                    B = settings.B,
                    LuceneLengthNorms = settings.LuceneNorms,
                });
            case "dense":
            case "hybrid":
            case "hybrid-minmax":
            case "hybrid-zscore":
            case "hybrid-alpha":
            case "two-stage":
                return DenseEvalMethods.Create(method, Create("bm25", analyzer, settings), settings.DenseModel);
            case "splade":
                return CreateSplade(settings);
            case "hybrid-splade":
                return DenseEvalMethods.Create("hybrid", CreateSplade(settings), settings.DenseModel);
            default:
                throw new EvalUsageException($"unknown method '{method}'; choose one of {string.Join(", ", Names)}.");
        }
    }

    private static SpladeRetriever CreateSplade(EvalSettings settings)
    {
        return new SpladeRetriever(SpladeEncoder.Load(ModelSource.Resolve(settings.ModelFolder)), ModelSource.DisplayName(settings.ModelFolder));
    }

    private static ITextAnalyzer CreateAnalyzer(string analyzer, string? modelFolder) => analyzer switch
    {
        "english" => EnglishAnalyzer.Instance,
        "wordpiece" => new WordPieceAnalyzer(WordPieceTokenizer.FromModelFolder(ModelSource.Resolve(modelFolder))),
        _ => throw new EvalUsageException($"unknown analyzer '{analyzer}'; choose one of {string.Join(", ", Analyzers)}."),
    };
}

/// <summary>The method settings of one <c>splade eval</c> run: <paramref name="ModelFolder"/> is <c>--model</c> (SPLADE),
/// <paramref name="DenseModel"/> one value of <c>--dense-model</c>.</summary>
internal sealed record EvalSettings(string? ModelFolder, string? DenseModel, float K1, float B, bool LuceneNorms);

/// <summary>The command line asks for something that cannot be done as asked; exits with the usage code.</summary>
internal sealed class EvalUsageException(string message) : Exception(message);
