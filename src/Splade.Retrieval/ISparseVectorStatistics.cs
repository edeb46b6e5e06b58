namespace Splade.Retrieval;

/// <summary>A retrieval method that encodes texts into sparse vectors and counts their non-zero terms, for evaluation reports.</summary>
internal interface ISparseVectorStatistics
{
    /// <summary>The mean number of non-zero terms per indexed document.</summary>
    double MeanDocumentNonZeros { get; }

    /// <summary>The mean number of non-zero terms per query encoded so far.</summary>
    double MeanQueryNonZeros { get; }
}
