using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class ApproximateSearchOptionsTests
{
    [Theory]
    [InlineData(16, 1.2f, 24, 1.5f, 24, 1.5f)]
    [InlineData(24, 1.5f, 16, 1.2f, 24, 1.5f)]
    [InlineData(32, 1.1f, 8, 0f, 32, 0f)]
    [InlineData(8, 0f, 32, 2f, 32, 0f)]
    [InlineData(10, 0.8f, 10, 0.9f, 10, 0.9f)]
    public void MoreCarefulTakesTheLargerCutAndTheLaterStop(int leftTerms, float leftFactor, int rightTerms, float rightFactor, int terms, float factor)
    {
        var left = new ApproximateSearchOptions { K = 7, QueryTerms = leftTerms, HeapFactor = leftFactor };
        var right = new ApproximateSearchOptions { K = 7, QueryTerms = rightTerms, HeapFactor = rightFactor };

        var careful = ApproximateSearchOptions.MoreCareful(left, right);

        Assert.Equal(new ApproximateSearchOptions { K = 7, QueryTerms = terms, HeapFactor = factor }, careful);
    }
}
