namespace Splade.Server.Tests.Dashboard;

/// <summary>The browser tests that share one server process and one chromium (<see cref="DashboardFixture"/>); they run one
/// after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardGroup : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
