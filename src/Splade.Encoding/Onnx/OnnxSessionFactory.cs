using Microsoft.ML.OnnxRuntime;

namespace Splade.Encoding.Onnx;

/// <summary>Creates ONNX Runtime sessions with the settings every encoder uses.</summary>
internal static class OnnxSessionFactory
{
    /// <summary>Loads the ONNX file into a CPU session.</summary>
    /// <param name="onnxPath">The ONNX file.</param>
    /// <param name="intraOpThreads">Threads per operator; 0 lets ONNX Runtime choose.</param>
    /// <exception cref="ModelLoadException">ONNX Runtime cannot load the file (truncated, not ONNX, unsupported operator).</exception>
    public static InferenceSession Create(string onnxPath, int intraOpThreads)
        => Create(options => new InferenceSession(onnxPath, options), onnxPath, intraOpThreads);

    /// <summary>Loads an ONNX model held in memory (for example an embedded resource) into a CPU session.</summary>
    /// <param name="model">The ONNX bytes.</param>
    /// <param name="source">Where the bytes came from, for error messages.</param>
    /// <param name="intraOpThreads">Threads per operator; 0 lets ONNX Runtime choose.</param>
    /// <exception cref="ModelLoadException">ONNX Runtime cannot load the model.</exception>
    public static InferenceSession Create(byte[] model, string source, int intraOpThreads)
        => Create(options => new InferenceSession(model, options), source, intraOpThreads);

    private static InferenceSession Create(Func<SessionOptions, InferenceSession> open, string source, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        try
        {
            return open(options);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ModelLoadException($"{source}: ONNX Runtime cannot load the model: {exception.Message}", exception) { FilePath = source };
        }
    }
}
