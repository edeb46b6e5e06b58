namespace Splade.Tests.Shared.Browser;

/// <summary>The short texts of the dashboard tests' collection, on a single server and on a cluster: two about apes, two about cats,
/// two about markets and two about glucose, so that searches have several relevant hits and clear misses.</summary>
internal static class DashboardTexts
{
    public static readonly string[] All =
    [
        "Orangutans live in the rainforests of Borneo and Sumatra.",
        "The cat sat on the mat near the window.",
        "Stock markets fell sharply as investors sold shares.",
        "Insulin regulates glucose levels in the blood.",
        "Fetal growth depends on maternal plasma glucose.",
        "Great apes such as gorillas and chimpanzees use tools.",
        "Interest rates rose and the bond market reacted.",
        "A kitten sleeps on a warm rug by the fire.",
    ];
}
