using System.Text.Json;

namespace Splade.Encoding.Tokenization;

public sealed partial class WordPieceTokenizer
{
    private const string TokenizerJsonFile = "tokenizer.json";
    private const string VocabularyFile = "vocab.txt";
    private const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>
    /// Loads the tokenizer of a Hugging Face model folder: <c>tokenizer.json</c> when present, otherwise <c>vocab.txt</c>
    /// with the settings of <c>tokenizer_config.json</c> (BERT uncased defaults when that file is absent).
    /// </summary>
    /// <param name="folder">The model folder.</param>
    /// <exception cref="TokenizerLoadException">The folder or vocabulary is missing, a file is malformed or describes an unsupported tokenizer.</exception>
    public static WordPieceTokenizer FromModelFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new TokenizerLoadException($"Model folder '{folder}' does not exist.");
        }

        var tokenizerJson = Path.Combine(folder, TokenizerJsonFile);
        if (File.Exists(tokenizerJson))
        {
            return FromTokenizerJson(tokenizerJson);
        }

        var vocabulary = Path.Combine(folder, VocabularyFile);
        if (!File.Exists(vocabulary))
        {
            throw new TokenizerLoadException($"Model folder '{folder}' has neither {TokenizerJsonFile} nor {VocabularyFile}.");
        }

        var config = Path.Combine(folder, TokenizerConfigFile);
        var options = File.Exists(config) ? TokenizerConfigReader.Read(config) : WordPieceTokenizerOptions.BertUncased;
        return FromVocabulary(vocabulary, options);
    }

    /// <summary>Loads a Hugging Face <c>tokenizer.json</c> describing a BERT WordPiece tokenizer.</summary>
    /// <param name="path">The <c>tokenizer.json</c> file.</param>
    /// <exception cref="TokenizerLoadException">
    /// The file is missing or malformed, or uses a component other than WordPiece, BertNormalizer, BertPreTokenizer and the
    /// BERT <c>[CLS] $A [SEP]</c> template; the message names the field.
    /// </exception>
    public static WordPieceTokenizer FromTokenizerJson(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var definition = TokenizerJsonReader.Read(path);
        return new WordPieceTokenizer(definition.Vocabulary, definition.Options, definition.SpecialTokens, path);
    }

    /// <summary>Loads a <c>vocab.txt</c> (one token per line, id = line number from 0, LF or CRLF line endings).</summary>
    /// <param name="vocabPath">The vocabulary file.</param>
    /// <param name="options">Normalization settings and special-token names.</param>
    /// <exception cref="TokenizerLoadException">The file is missing, repeats a token, or lacks one of the required special tokens.</exception>
    public static WordPieceTokenizer FromVocabulary(string vocabPath, WordPieceTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options, vocabPath);
        return FromTokens(VocabularyFileReader.Read(vocabPath), options, vocabPath);
    }

    /// <summary>Loads a <c>vocab.txt</c> held in a stream (for example an embedded resource), UTF-8, one token per line.</summary>
    /// <param name="vocabulary">The vocabulary's bytes; read to its end, not disposed.</param>
    /// <param name="source">Where the vocabulary came from, named in errors.</param>
    /// <param name="options">Normalization settings and special-token names.</param>
    /// <exception cref="TokenizerLoadException">The vocabulary is empty, repeats a token, or lacks one of the required special tokens.</exception>
    public static WordPieceTokenizer FromVocabulary(Stream vocabulary, string source, WordPieceTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options, source);
        using var reader = new StreamReader(vocabulary, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return FromTokens(VocabularyFileReader.Parse(reader.ReadToEnd(), source), options, source);
    }

    private static WordPieceTokenizer FromTokens(string[] tokens, WordPieceTokenizerOptions options, string vocabPath)
    {
        var vocabulary = new WordPieceVocabulary(tokens, options.ContinuingSubwordPrefix, vocabPath);
        var specials = new List<(string Text, int Id)>();
        foreach (var token in (string[])[options.PaddingToken, options.UnknownToken, options.ClassificationToken, options.SeparatorToken, options.MaskToken])
        {
            if (vocabulary.TryGetId(token, out var id))
            {
                specials.Add((token, id));
            }
        }

        return new WordPieceTokenizer(vocabulary, options, specials, vocabPath);
    }

    internal static void ValidateOptions(WordPieceTokenizerOptions options, string source)
    {
        if (options.MaxInputCharsPerWord < 1)
        {
            throw new TokenizerLoadException($"{source}: max_input_chars_per_word must be at least 1, not {options.MaxInputCharsPerWord}.");
        }
    }
}
