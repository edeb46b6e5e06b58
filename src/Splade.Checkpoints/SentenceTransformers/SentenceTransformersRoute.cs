using Splade.Checkpoints.Graph;

namespace Splade.Checkpoints.SentenceTransformers;

/// <summary>
/// One masked-LM route of a sentence-transformers SparseEncoder: the module folder holding the checkpoint, and how its
/// SpladePooling pools (max or sum; log(1 + relu(x)), or that twice for <c>activation_function</c> <c>log1p_relu</c>).
/// </summary>
/// <param name="ModelFolder">The masked-LM module's folder (config.json, weights, tokenizer).</param>
/// <param name="Pooling">Max or sum pooling.</param>
/// <param name="DoubleLog">Whether log(1 + x) is applied a second time.</param>
/// <param name="MaxLength">The module's <c>max_seq_length</c>, when it gives one.</param>
internal sealed record SentenceTransformersRoute(string ModelFolder, GraphOutput Pooling, bool DoubleLog, int? MaxLength);
