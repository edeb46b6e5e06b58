using Microsoft.ML.OnnxRuntime;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Dense;

/// <summary>Everything a <see cref="DenseEncoder"/> is built from, resolved from a model folder or the embedded model.</summary>
/// <param name="Name">The model's name, for messages and cache keys.</param>
/// <param name="OnnxSource">The ONNX file path, or a resource name for the embedded model; named in errors.</param>
/// <param name="OpenSession">Opens the ONNX Runtime session with the given intra-op thread count.</param>
/// <param name="Tokenizer">The model's tokenizer.</param>
/// <param name="Pooling">The pooling mode.</param>
/// <param name="MaxLength">The most tokens per text.</param>
/// <param name="QueryPrefix">The text prepended to queries; empty for none.</param>
/// <param name="DocumentPrefix">The text prepended to documents; empty for none.</param>
internal sealed record DenseModelSource(
    string Name,
    string OnnxSource,
    Func<int, InferenceSession> OpenSession,
    WordPieceTokenizer Tokenizer,
    DensePooling Pooling,
    int MaxLength,
    string QueryPrefix,
    string DocumentPrefix);
