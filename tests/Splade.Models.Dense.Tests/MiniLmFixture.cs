using Splade.Encoding.Dense;

namespace Splade.Models.Dense.Tests;

/// <summary>One embedded MiniLM encoder shared by a test class: loading it takes a second or two.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public DenseEncoder Encoder { get; } = DenseModels.Load("minilm", new DenseEncoderOptions { BatchSize = 4 });

    public void Dispose() => Encoder.Dispose();
}
