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
    public static readonly string[] Names = ["bm25", "tfidf", "splade", "dense", "hybrid", "hybrid-minmax", "hybrid-zscore", "hybrid-alpha", "two-stage", "hybrid-splade"];

    public static readonly string[] Analyzers = ["english", "wordpiece"];

    /// <summary>The methods that run on the dense model: with <c>--all</c>, <c>--model</c> names the SPLADE model, not theirs.</summary>
    public static readonly string[] DenseFamily = ["dense", "hybrid", "hybrid-minmax", "hybrid-zscore", "hybrid-alpha", "two-stage"];

    /// <summary>The (method, analyzer) pairs <c>--all</c> runs for <paramref name="methods"/>: lexical methods with every analyzer.</summary>
    public static IEnumerable<(string Method, string Analyzer)> Combinations(IEnumerable<string> methods)
    {
        foreach (var method in methods)
        {
            yield return (method, "english");
            if (method is "bm25" or "tfidf")
            {
                yield return (method, "wordpiece");
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
                return DenseEvalMethods.Create(method, Create("bm25", analyzer, settings), settings.ModelFolder);
            case "splade":
                return CreateSplade(settings);
            case "hybrid-splade":
                return DenseEvalMethods.Create("hybrid", CreateSplade(settings), modelFolder: null);
            default:
                throw new EvalUsageException($"unknown method '{method}'; choose one of {string.Join(", ", Names)}.");
        }
    }

    private static SpladeRetriever CreateSplade(EvalSettings settings)
    {
        return new SpladeRetriever(SpladeEncoder.Load(ModelLocator.Resolve(settings.ModelFolder)), ModelLocator.DisplayName(settings.ModelFolder));
    }

    private static ITextAnalyzer CreateAnalyzer(string analyzer, string? modelFolder) => analyzer switch
    {
        "english" => EnglishAnalyzer.Instance,
        "wordpiece" => new WordPieceAnalyzer(WordPieceTokenizer.FromModelFolder(ModelLocator.Resolve(modelFolder))),
        _ => throw new EvalUsageException($"unknown analyzer '{analyzer}'; choose one of {string.Join(", ", Analyzers)}."),
    };
}

/// <summary>The method settings of one <c>splade eval</c> invocation.</summary>
internal sealed record EvalSettings(string? ModelFolder, float K1, float B, bool LuceneNorms);

/// <summary>The command line asks for something that cannot be done as asked; exits with the usage code.</summary>
internal sealed class EvalUsageException(string message) : Exception(message);
