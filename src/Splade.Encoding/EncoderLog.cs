using Microsoft.Extensions.Logging;
using Splade.Encoding.Onnx;

namespace Splade.Encoding;

/// <summary>The SPLADE encoder's log events. Event ids are stable (1001-1099 belong to the encoder), so log filters and alerts can
/// rely on them.</summary>
internal static partial class EncoderLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Loaded SPLADE model {Folder}: {VocabularySize} terms, at most {MaxLength} tokens, {OutputKind} output, special tokens {SpecialTokens}")]
    public static partial void SpladeModelLoaded(
        ILogger logger, string folder, int vocabularySize, int maxLength, TransformerOutputKind outputKind, SpecialTokenPolicy? specialTokens);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Encoded {Texts} texts ({Sequences} sequences) with SPLADE in {ElapsedMilliseconds} ms")]
    public static partial void SpladeBatchEncoded(ILogger logger, int texts, int sequences, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "SPLADE encoding of {Texts} texts was cancelled")]
    public static partial void SpladeEncodingCancelled(ILogger logger, int texts);
}
