using Splade.Checkpoints.Onnx;
using Splade.Checkpoints.Weights;

namespace Splade.Checkpoints.Conversion;

/// <summary>
/// Recovers the weights of a model exported by training/export_onnx.py (the shipped model) from its ONNX initializers into a
/// Hugging Face checkpoint folder, so that it can be converted (and quantized) like any checkpoint.
/// </summary>
/// <remarks>
/// training/export_onnx.py exported the weights under the training code's names (<c>model.bert.*</c>, <c>model.transform.*</c>,
/// <c>model.decoder_bias</c>) and training/onnx_fp16.py stored every large matrix as float16 (<c>NAME__fp16</c>, cast back to float32 in
/// the graph). This maps them to BertForMaskedLM's names and writes float16 tensors as F16, so the checkpoint holds exactly the
/// numbers the shipped graph computes with.
/// </remarks>
internal static class TrainingExportWeights
{
    public static void Recover(string onnxPath, string checkpointFolder)
    {
        var graph = OnnxModelReader.Read(onnxPath);
        var entries = new List<SafetensorsWriter.Entry>();
        foreach (var tensor in graph.Initializers)
        {
            if (!tensor.Name.StartsWith("model.", StringComparison.Ordinal))
            {
                continue;
            }

            var name = tensor.Name.EndsWith("__fp16", StringComparison.Ordinal) ? tensor.Name[..^"__fp16".Length] : tensor.Name;
            name = name["model.".Length..];
            name = name == "decoder_bias" ? "cls.predictions.bias"
                : name.StartsWith("transform.", StringComparison.Ordinal) ? "cls.predictions." + name
                : name;
            var dtype = tensor.DataType switch
            {
                OnnxDataType.Float16 => "F16",
                OnnxDataType.Float => "F32",
                _ => throw new InvalidOperationException($"{tensor.Name} has type {tensor.DataType}"),
            };
            entries.Add(new SafetensorsWriter.Entry(name, dtype, tensor.Dims, tensor.Raw));
        }

        SafetensorsWriter.Write(Path.Combine(checkpointFolder, "model.safetensors"), entries, new Dictionary<string, string> { ["format"] = "pt" });
    }
}
