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
            return new InferenceSession(onnxPath, options);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ModelLoadException($"{onnxPath}: ONNX Runtime cannot load the model: {exception.Message}", exception) { FilePath = onnxPath };
        }
    }
}
