namespace Splade.Cli.Eval;

/// <summary>How the lexical methods of <c>splade eval</c> split text into terms (<c>--analyzer</c>).</summary>
internal enum EvalAnalyzer
{
    /// <summary>Lucene's English analyzer: Porter stemming and the English stop words.</summary>
    English,

    /// <summary>The SPLADE model's WordPiece tokenizer (<c>-m/--model</c>).</summary>
    Wordpiece,
}
