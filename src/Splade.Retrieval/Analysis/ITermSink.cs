namespace Splade.Retrieval.Analysis;

/// <summary>Receives the terms an analyzer produces, one at a time, without allocating a string per term.</summary>
/// <remarks>Thread safety: a sink receives the terms of one analysis at a time, on the analyzing thread; implementations need not be thread-safe.</remarks>
public interface ITermSink
{
    /// <summary>Accepts one analyzed term; the span is only valid for the duration of the call.</summary>
    /// <param name="term">The term's characters.</param>
    void Accept(ReadOnlySpan<char> term);
}
