namespace Splade.Checkpoints.Graph;

/// <summary>The masked-language-model architectures the graph builder supports.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum MaskedLmArchitecture
{
    /// <summary><c>BertForMaskedLM</c>: BERT and the many SPLADE models built on it (naver/splade-*, OpenSearch neural sparse v1/v2...).</summary>
    Bert,

    /// <summary><c>DistilBertForMaskedLM</c>: DistilBERT (naver/efficient-splade, opensearch doc-v2-distill...).</summary>
    DistilBert,
}
