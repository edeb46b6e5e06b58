using Splade.Core;

namespace Splade.Core.Tests;

public class SparseVectorTests
{
    [Fact]
    public void Dot_of_two_vectors_sums_products_of_shared_indices()
    {
        var a = new SparseVector([1, 5, 9], [1f, 2f, 3f]);
        var b = new SparseVector([0, 5, 9, 12], [7f, 4f, 0.5f, 1f]);
        Assert.Equal(2f * 4f + 3f * 0.5f, a.Dot(b));
    }

    [Fact]
    public void Unsorted_indices_are_rejected_naming_the_position()
    {
        var error = Assert.Throws<ArgumentException>(() => new SparseVector([3, 7, 5], [1f, 1f, 1f]));
        Assert.Contains("indices[2]", error.Message, StringComparison.Ordinal);
    }
}
