using Splade.Encoding.Onnx;
using Splade.Encoding.Splade;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Support;

internal static class TestModels
{
    public const string Bert = "tiny-splade-random";
    public const string DistilBert = "tiny-splade-distilbert-random";
    public const string PooledMaxOnnx = "onnx/model_pooled_max.onnx";

    /// <summary>bert-base-uncased's special tokens: [PAD], [UNK], [CLS], [SEP], [MASK].</summary>
    public static readonly int[] SpecialIds = [0, 100, 101, 102, 103];

    public static SpladeModel LoadModel(string model, SpladeEncoderOptions? options = null)
    {
        options ??= new SpladeEncoderOptions();
        return SpladeModel.Load(ModelFolder.Open(TestPaths.Fixture(model), options.OnnxFile), options, SpecialIds, padId: 0);
    }

    public static Core.SparseVector EncodeIds(this SpladeModel model, int[] ids)
        => model.Encode([ids], [0], 1, CancellationToken.None)[0];

    public static Core.SparseVector[] EncodeAll(this SpladeModel model, IReadOnlyList<int[]> sequences)
    {
        var owners = new int[sequences.Count];
        for (var i = 0; i < owners.Length; i++)
        {
            owners[i] = i;
        }

        return model.Encode(sequences, owners, sequences.Count, CancellationToken.None);
    }
}
