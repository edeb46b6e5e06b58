using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Splade.Encoding.Onnx;

/// <summary>The padded int64 input tensors of one batch, in pooled buffers that return to the pool on dispose.</summary>
internal sealed class BatchInputs : IDisposable
{
    private readonly long[][] _buffers;

    private BatchInputs(long[][] buffers, OrtValue[] values)
    {
        _buffers = buffers;
        Values = values;
    }

    /// <summary>The tensors in the order of <see cref="TransformerGraph.InputNames"/>.</summary>
    public OrtValue[] Values { get; }

    /// <summary>Pads the chosen sequences to <paramref name="length"/>: ids with the pad id, attention mask 1 on real tokens, token types 0.</summary>
    /// <param name="sequences">All sequences of the call.</param>
    /// <param name="rows">Which sequences form the batch, in row order.</param>
    /// <param name="length">The padded length (the longest chosen sequence).</param>
    /// <param name="padId">The padding token id.</param>
    /// <param name="withTokenTypes">Whether to add <c>token_type_ids</c>.</param>
    public static BatchInputs Create(IReadOnlyList<int[]> sequences, ReadOnlySpan<int> rows, int length, long padId, bool withTokenTypes)
    {
        var size = rows.Length * length;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        for (var row = 0; row < rows.Length; row++)
        {
            var sequence = sequences[rows[row]];
            var idRow = ids.AsSpan(row * length, length);
            var maskRow = mask.AsSpan(row * length, length);
            for (var position = 0; position < sequence.Length; position++)
            {
                idRow[position] = sequence[position];
            }

            idRow[sequence.Length..].Fill(padId);
            maskRow[..sequence.Length].Fill(1L);
            maskRow[sequence.Length..].Clear();
        }

        long[] shape = [rows.Length, length];
        var buffers = withTokenTypes ? new[] { ids, mask, ArrayPool<long>.Shared.Rent(size) } : new[] { ids, mask };
        if (withTokenTypes)
        {
            buffers[2].AsSpan(0, size).Clear();
        }

        var values = new OrtValue[buffers.Length];
        for (var i = 0; i < buffers.Length; i++)
        {
            values[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffers[i].AsMemory(0, size), shape);
        }

        return new BatchInputs(buffers, values);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var value in Values)
        {
            value.Dispose();
        }

        foreach (var buffer in _buffers)
        {
            ArrayPool<long>.Shared.Return(buffer);
        }
    }
}
