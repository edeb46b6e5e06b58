using Splade.Tests.Shared;

namespace Splade.Checkpoints.Tests.Support;

internal static class TestFixture
{
    public static string Path(params string[] parts) => TestPaths.Fixture(parts);
}
