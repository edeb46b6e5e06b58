namespace Splade.Encoding;

/// <summary>How <see cref="SpladeEncoder.EncodeQuery"/> turns a query into a vector.</summary>
/// <remarks>Inference-free SPLADE models encode documents with the network and queries without it: as a bag of the query's own tokens.
/// <para>Thread safety: an enumeration; its values are immutable and may be shared between threads.</para>
/// </remarks>
public enum QueryEncoding
{
    /// <summary>Runs the model, as for documents.</summary>
    Model,

    /// <summary>Weight 1 for each distinct token of the query, no inference.</summary>
    BinaryBag,

    /// <summary>For each distinct token of the query its weight from an <c>idf.json</c> file (token to weight), no inference.</summary>
    Idf,
}
