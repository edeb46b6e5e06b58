using Microsoft.ML.OnnxRuntime;
using Splade.Encoding.Onnx;
using Splade.Encoding.Splade;

namespace Splade.Encoding.Dense;

/// <summary>A transformer encoder graph whose per-token hidden states are pooled into sentence vectors.</summary>
/// <remarks>
/// Uses the shared ONNX plumbing: <see cref="TransformerGraph"/> checks the graph once, <see cref="SequenceBatcher"/> orders
/// sequences by length and cuts batches, <see cref="BatchInputs"/> pads them. ONNX Runtime's <c>Run</c> is thread-safe,
/// so one instance serves concurrent callers.
/// </remarks>
internal sealed class DenseOnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly TransformerGraph _graph;
    private readonly string[] _outputNames;
    private readonly long _padId;

    private DenseOnnxModel(InferenceSession session, TransformerGraph graph, long padId)
    {
        _session = session;
        _graph = graph;
        _outputNames = [graph.OutputName];
        _padId = padId;
    }

    /// <summary>The hidden size: the width of each pooled vector.</summary>
    public int HiddenSize { get; private set; }

    /// <summary>Checks the session's graph and takes ownership of the session.</summary>
    /// <exception cref="ModelLoadException">The graph's inputs are not BERT's, or its output is not per-token hidden states.</exception>
    public static DenseOnnxModel Open(InferenceSession session, string source, int padId, int probeTokenId)
    {
        try
        {
            var graph = TransformerGraph.Inspect(session, source);
            if (graph.OutputKind != TransformerOutputKind.PerToken)
            {
                throw new ModelLoadException(
                    $"{source}: output \"{graph.OutputName}\" is already pooled ([batch, hidden]); the dense encoder needs per-token hidden states [batch, " +
                    "sequence, hidden] to pool over the attention mask.")
                { FilePath = source };
            }

            var model = new DenseOnnxModel(session, graph, padId);
            model.HiddenSize = graph.OutputWidth > 0 ? (int)graph.OutputWidth : model.ProbeHiddenSize(probeTokenId);
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Encodes token id sequences into pooled vectors, in length-sorted padded batches.</summary>
    /// <param name="sequences">Token ids per text, [CLS] and [SEP] included, none empty.</param>
    /// <param name="batchSize">The most sequences per batch.</param>
    /// <param name="pooling">How to pool the hidden states.</param>
    /// <param name="normalize">Whether to scale each vector to unit norm.</param>
    /// <param name="destinations">One vector of <see cref="HiddenSize"/> values per sequence, in sequence order.</param>
    /// <param name="cancellationToken">Stops between batches and inside the running batch.</param>
    public void Encode(
        IReadOnlyList<int[]> sequences, int batchSize, DensePooling pooling, bool normalize, IReadOnlyList<float[]> destinations,
        CancellationToken cancellationToken = default)
    {
        var order = SequenceBatcher.OrderByLengthDescending(sequences);
        var sortedLengths = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sortedLengths[i] = sequences[order[i]].Length;
        }

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(() => runOptions.Terminate = true) : default;
        foreach (var batch in SequenceBatcher.Plan(sortedLengths, batchSize, floatsPerPosition: 0, maxBufferFloats: 0))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = order.AsSpan(batch.Start, batch.Count);
            using var inputs = BatchInputs.Create(sequences, rows, batch.Length, _padId, _graph.HasTokenTypeIds);
            using var outputs = Run(runOptions, inputs, cancellationToken);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var rowFloats = batch.Length * HiddenSize;
            for (var row = 0; row < rows.Length; row++)
            {
                var sequence = rows[row];
                var destination = destinations[sequence];
                EmbeddingPooling.Pool(hidden.Slice(row * rowFloats, rowFloats), HiddenSize, sequences[sequence].Length, pooling, destination);
                if (normalize)
                {
                    EmbeddingPooling.Normalize(destination);
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private IDisposableReadOnlyCollection<OrtValue> Run(RunOptions runOptions, BatchInputs inputs, CancellationToken cancellationToken)
    {
        try
        {
            return _session.Run(runOptions, _graph.InputNames, inputs.Values, _outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Runs one short sequence to read the hidden size from the output shape, for graphs that leave it symbolic.</summary>
    private int ProbeHiddenSize(int tokenId)
    {
        int[][] probe = [[tokenId]];
        using var inputs = BatchInputs.Create(probe, [0], 1, _padId, _graph.HasTokenTypeIds);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _graph.InputNames, inputs.Values, _outputNames);
        return checked((int)outputs[0].GetTensorTypeAndShape().Shape[2]);
    }
}
