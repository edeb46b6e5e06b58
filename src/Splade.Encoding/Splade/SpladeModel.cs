using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Splade.Core;
using Splade.Encoding.Onnx;

namespace Splade.Encoding.Splade;

/// <summary>The SPLADE network on ONNX Runtime: token id sequences in, pooled sparse vectors out. Knows nothing of text.</summary>
/// <remarks>
/// Each call sorts its sequences by length, runs them in padded batches into one reused output buffer, and pools each token row
/// straight out of that buffer. Several sequences may belong to one text (sliding windows); a text's vector is finished as soon as
/// its last window has been pooled, so at most one batch of logits and the accumulators of unfinished texts are alive at once.
/// Thread-safe: all per-call state lives in the call.
/// </remarks>
internal sealed class SpladeModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SpladeEncoderOptions _options;
    private readonly bool[] _isSpecial;
    private readonly int[] _specialIds;
    private readonly long _padId;
    private readonly LogitsBuffer _logits = new();

    private SpladeModel(InferenceSession session, TransformerGraph graph, int vocabularySize, SpladeEncoderOptions options, int[] specialIds, int padId)
    {
        _session = session;
        Graph = graph;
        VocabularySize = vocabularySize;
        _options = options;
        _padId = padId;
        _specialIds = specialIds;
        _isSpecial = new bool[vocabularySize];
        foreach (var id in specialIds)
        {
            if ((uint)id < (uint)vocabularySize)
            {
                _isSpecial[id] = true;
            }
        }
    }

    /// <summary>The inspected graph.</summary>
    public TransformerGraph Graph { get; }

    /// <summary>The width of the model's output: the vocabulary size.</summary>
    public int VocabularySize { get; }

    /// <summary>Loads the folder's ONNX graph and checks it against <c>config.json</c>.</summary>
    /// <exception cref="ModelLoadException">The graph is unusable or its output width disagrees with <c>vocab_size</c>.</exception>
    public static SpladeModel Load(ModelFolder folder, SpladeEncoderOptions options, int[] specialIds, int padId)
    {
        var session = OnnxSessionFactory.Create(folder.OnnxPath, options.IntraOpThreads);
        try
        {
            var graph = TransformerGraph.Inspect(session, folder.OnnxPath);
            var vocabularySize = folder.Config.VocabularySize;
            if (graph.OutputWidth > 0 && graph.OutputWidth != vocabularySize)
            {
                throw new ModelLoadException(
                    $"{folder.OnnxPath}: output \"{graph.OutputName}\" has width {graph.OutputWidth} but {folder.File("config.json")} " +
                    $"says vocab_size {vocabularySize}.")
                { FilePath = folder.OnnxPath };
            }

            if (graph.OutputKind == TransformerOutputKind.Pooled && options.SpecialTokens == SpecialTokenPolicy.ExcludePositions)
            {
                throw new ModelLoadException(
                    $"{folder.OnnxPath}: the graph pools inside itself (output \"{graph.OutputName}\" is [batch, vocabulary]), so special positions cannot " +
                    "be excluded; use a per-token export or another special-token policy.")
                { FilePath = folder.OnnxPath };
            }

            return new SpladeModel(session, graph, vocabularySize, options, specialIds, padId);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Encodes texts given as token id sequences.</summary>
    /// <param name="sequences">Token ids per sequence, special tokens included, each at most the model's length.</param>
    /// <param name="owners">For each sequence, the text it belongs to (0 to <paramref name="textCount"/> - 1).</param>
    /// <param name="textCount">How many texts there are; every text needs at least one sequence.</param>
    /// <param name="cancellationToken">Stops between batches and inside the running batch.</param>
    /// <returns>One vector per text, in text order.</returns>
    public SparseVector[] Encode(IReadOnlyList<int[]> sequences, IReadOnlyList<int> owners, int textCount, CancellationToken cancellationToken)
    {
        var results = new SparseVector[textCount];
        var remaining = new int[textCount];
        foreach (var owner in owners)
        {
            remaining[owner]++;
        }

        var accumulators = new float[]?[textCount];
        var order = SequenceBatcher.OrderByLengthDescending(sequences);
        var sortedLengths = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sortedLengths[i] = sequences[order[i]].Length;
        }

        var perToken = Graph.OutputKind == TransformerOutputKind.PerToken;
        var batches = SequenceBatcher.Plan(sortedLengths, _options.BatchSize, perToken ? VocabularySize : 0, _options.MaxLogitsBufferBytes / sizeof(float));
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunBatch(sequences, owners, order, batch, runOptions, accumulators, remaining, results, cancellationToken);
            }
        }
        finally
        {
            foreach (var accumulator in accumulators)
            {
                if (accumulator is not null)
                {
                    ArrayPool<float>.Shared.Return(accumulator);
                }
            }
        }

        return results;
    }

    private void RunBatch(
        IReadOnlyList<int[]> sequences,
        IReadOnlyList<int> owners,
        int[] order,
        SequenceBatch batch,
        RunOptions runOptions,
        float[]?[] accumulators,
        int[] remaining,
        SparseVector[] results,
        CancellationToken cancellationToken)
    {
        var rows = batch.Count;
        var length = batch.Length;
        var perToken = Graph.OutputKind == TransformerOutputKind.PerToken;
        var outputFloats = perToken ? (long)rows * length * VocabularySize : (long)rows * VocabularySize;
        using var inputs = BatchInputs.Create(sequences, order.AsSpan(batch.Start, rows), length, _padId, Graph.HasTokenTypeIds);
        var output = _logits.Take(outputFloats);
        try
        {
            long[] outputShape = perToken ? [rows, length, VocabularySize] : [rows, VocabularySize];
            using (var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, (int)outputFloats), outputShape))
            {
                Run(runOptions, inputs.Values, outputValue, cancellationToken);
            }

            for (var row = 0; row < rows; row++)
            {
                var sequenceIndex = order[batch.Start + row];
                var owner = owners[sequenceIndex];
                var accumulator = accumulators[owner] ??= RentZeroed(VocabularySize);
                var sequence = sequences[sequenceIndex];
                if (perToken)
                {
                    PoolTokens(accumulator.AsSpan(0, VocabularySize), output.AsSpan(row * length * VocabularySize, length * VocabularySize), sequence);
                }
                else
                {
                    SpladePooler.AddPooled(accumulator.AsSpan(0, VocabularySize), output.AsSpan(row * VocabularySize, VocabularySize), _options.Pooling);
                }

                if (--remaining[owner] == 0)
                {
                    results[owner] = Finish(accumulator.AsSpan(0, VocabularySize), perToken);
                    ArrayPool<float>.Shared.Return(accumulator);
                    accumulators[owner] = null;
                }
            }
        }
        finally
        {
            _logits.Return(output);
        }
    }

    private void Run(RunOptions runOptions, OrtValue[] inputs, OrtValue output, CancellationToken cancellationToken)
    {
        try
        {
            _session.Run(runOptions, Graph.InputNames, inputs, [Graph.OutputName], [output]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private void PoolTokens(Span<float> accumulator, Span<float> logits, int[] sequence)
    {
        var excludeSpecial = _options.SpecialTokens == SpecialTokenPolicy.ExcludePositions;
        for (var position = 0; position < sequence.Length; position++)
        {
            var id = sequence[position];
            if (excludeSpecial && (uint)id < (uint)_isSpecial.Length && _isSpecial[id])
            {
                continue;
            }

            SpladePooler.AddToken(accumulator, logits.Slice(position * VocabularySize, VocabularySize), _options.Pooling);
        }
    }

    private SparseVector Finish(Span<float> pooled, bool perToken)
    {
        if (perToken && _options.Pooling == SpladePooling.Max)
        {
            SpladePooler.ActivateInPlace(pooled);
        }

        if (_options.SpecialTokens == SpecialTokenPolicy.ZeroVocabularyEntries)
        {
            foreach (var id in _specialIds)
            {
                if ((uint)id < (uint)pooled.Length)
                {
                    pooled[id] = 0f;
                }
            }
        }

        return SpladePooler.ToSparse(pooled, _options.MinimumWeight, _options.TopK);
    }

    private static float[] RentZeroed(int length)
    {
        var array = ArrayPool<float>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
