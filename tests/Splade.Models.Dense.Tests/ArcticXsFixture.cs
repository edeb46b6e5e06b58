using Splade.Encoding.Dense;

namespace Splade.Models.Dense.Tests;

/// <summary>One embedded snowflake-arctic-embed-xs encoder shared by a test class.</summary>
public sealed class ArcticXsFixture : IDisposable
{
    public DenseEncoder Encoder { get; } = DenseModels.Load("arctic-xs", new DenseEncoderOptions { BatchSize = 3 });

    public void Dispose() => Encoder.Dispose();
}
