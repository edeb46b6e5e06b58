namespace Splade.Encoding.Splade;

/// <summary>A run of sequences (positions in a length-sorted order) that go through the model together, padded to <see cref="Length"/>.</summary>
internal readonly record struct SequenceBatch(int Start, int Count, int Length);
