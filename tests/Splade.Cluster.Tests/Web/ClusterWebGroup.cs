namespace Splade.Cluster.Tests.Web;

/// <summary>The tests that share one three-node <c>splade serve --cluster</c>, a single server holding the same points and one
/// chromium (<see cref="ClusterWebFixture"/>); they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterWebGroup : ICollectionFixture<ClusterWebFixture>
{
    public const string Name = "cluster web";
}
