using Splade.Cli.Commands;
using Splade.Encoding;
using Splade.Encoding.Tokenization;
using Splade.Retrieval;
using Splade.Retrieval.Analysis;
using Splade.Retrieval.Learned;
using Splade.Retrieval.Lexical;

namespace Splade.Cli.Eval;

/// <summary>The retrieval methods <c>splade eval</c> knows, and how to build each from the command line.</summary>
internal static class EvalMethods
{
    /// <summary>Whether <paramref name="method"/> embeds text with the dense model (<c>--dense-model</c>).</summary>
    public static bool UsesDense(EvalMethod method) => method is not (EvalMethod.Bm25 or EvalMethod.Tfidf or EvalMethod.Splade);

    /// <summary>Whether <paramref name="method"/> encodes queries with the SPLADE model (so <c>--query-mode</c> applies).</summary>
    public static bool UsesSplade(EvalMethod method) => method is EvalMethod.Splade or EvalMethod.HybridSplade;

    /// <summary>Whether <paramref name="method"/> with <paramref name="analyzer"/> reads <c>-m/--model</c> (the SPLADE model, or the
    /// WordPiece analyzer's tokenizer).</summary>
    public static bool UsesModel(EvalMethod method, EvalAnalyzer analyzer) =>
        UsesSplade(method) || (analyzer == EvalAnalyzer.Wordpiece && method != EvalMethod.Dense);

    /// <summary>The (method, analyzer, dense model) runs <c>--all</c> makes for <paramref name="methods"/>: lexical methods with
    /// every analyzer, methods that embed text once per dense model.</summary>
    public static IEnumerable<(EvalMethod Method, EvalAnalyzer Analyzer, string? DenseModel)> Combinations(
        IEnumerable<EvalMethod> methods, IReadOnlyList<string?> denseModels)
    {
        foreach (var method in methods)
        {
            if (UsesDense(method))
            {
                foreach (var denseModel in denseModels)
                {
                    yield return (method, EvalAnalyzer.English, denseModel);
                }

                continue;
            }

            yield return (method, EvalAnalyzer.English, null);
            if (method is EvalMethod.Bm25 or EvalMethod.Tfidf)
            {
                yield return (method, EvalAnalyzer.Wordpiece, null);
            }
        }
    }

    /// <summary>Builds a method that has indexed nothing yet.</summary>
    public static IRetrievalMethod Create(EvalMethod method, EvalAnalyzer analyzer, EvalSettings settings) => method switch
    {
        EvalMethod.Bm25 or EvalMethod.Tfidf => new LexicalRetriever(new LexicalOptions
        {
            Scoring = method == EvalMethod.Bm25 ? LexicalScoring.Bm25 : LexicalScoring.TfIdf,
            Analyzer = CreateAnalyzer(analyzer, settings.ModelFolder),
            K1 = settings.K1,
            B = settings.B,
            LuceneLengthNorms = settings.LuceneNorms,
        }),
        EvalMethod.Splade => CreateSplade(settings),
        EvalMethod.HybridSplade => DenseEvalMethods.Create(EvalMethod.Hybrid, CreateSplade(settings), settings.DenseModel),
        _ => DenseEvalMethods.Create(method, Create(EvalMethod.Bm25, analyzer, settings), settings.DenseModel),
    };

    private static SpladeRetriever CreateSplade(EvalSettings settings) => new(
        SpladeEncoder.Load(ModelSource.Resolve(settings.ModelFolder), settings.SpladeOptions),
        ModelSource.DisplayName(settings.ModelFolder));

    private static ITextAnalyzer CreateAnalyzer(EvalAnalyzer analyzer, string? modelFolder) => analyzer == EvalAnalyzer.English
        ? EnglishAnalyzer.Instance
        : new WordPieceAnalyzer(WordPieceTokenizer.FromModelFolder(ModelSource.Resolve(modelFolder)));
}

/// <summary>The method settings of one <c>splade eval</c> run: <paramref name="ModelFolder"/> is <c>-m/--model</c> (SPLADE),
/// <paramref name="DenseModel"/> one value of <c>--dense-model</c>, <paramref name="SpladeOptions"/> the SPLADE encoder's settings
/// (<c>--query-mode</c>).</summary>
internal sealed record EvalSettings(string? ModelFolder, string? DenseModel, float K1, float B, bool LuceneNorms, SpladeEncoderOptions SpladeOptions);
