using Splade.Tests.Shared.Browser;

namespace Splade.Server.Tests.Dashboard;

/// <summary>The dashboard at phone widths: every panel, filled with what makes it widest (a hybrid hit explained with its payload
/// and request shown, two vectors and their overlap, a heatmap of six texts, the collection list and its points, the key dialog),
/// fits the screen. Wide tables scroll inside their own box; the page itself never scrolls sideways.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardLayoutTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData(360, 740)]
    [InlineData(390, 844)]
    [InlineData(414, 896)]
    public async Task At_phone_width_every_panel_fits_the_screen(int width, int height)
    {
        await using var page = await fixture.OpenAsync("search", width, height, mobile: true);
        await page.WaitForAsync("document.querySelector('#search-form [name=splade-using]').options.length > 0", "the collection's vectors");
        await page["#search-form [name=method][value=hybrid]"].CheckAsync();
        await page["#search-form [name=list-dense]"].CheckAsync();
        await page["#search-form details.filter summary"].ClickAsync();
        await page["#search-form [name=query]"].FillAsync(DashboardBrowserTests.Query);
        await page["#search-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#search-results li.hit').length > 0", "results");
        await AssertFitsAsync(page, width, "search-results");
        await page["#search-results li.hit button.explain"].First.ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#search-results tr.term').length > 0", "the explanation");
        await AssertFitsAsync(page, width, "search-explained");
        await page["#search-results li.hit details.payload summary"].First.ClickAsync();
        await page["#search-results details.request summary"].ClickAsync();
        await AssertFitsAsync(page, width, "search-payload");

        await page["#tab-vectors"].ClickAsync();
        await page["#vectors-form [name=a]"].FillAsync(DashboardFixture.Texts[0]);
        await page["#vectors-form [name=b]"].FillAsync(DashboardFixture.Texts[5]);
        await page["#vectors-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#vectors-results .overlap tr.shared').length > 0", "the two vectors");
        await AssertFitsAsync(page, width, "vectors");

        await page["#tab-similarity"].ClickAsync();
        await page["#similarity-form [name=texts]"].FillAsync(string.Join('\n', DashboardFixture.Texts.Take(6)));
        await page["#similarity-form button[type=submit]"].ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#similarity-results td.cell').length === 36", "the 6 x 6 heatmap");
        await AssertFitsAsync(page, width, "similarity");

        await page["#tab-collections"].ClickAsync();
        await page.WaitForAsync("document.querySelector('#collections-list tr[data-name=docs]')", "the collection list");
        await page["tr[data-name=docs] .row-actions button"].First.ClickAsync();
        await page.WaitForAsync("document.querySelectorAll('#collection-detail tr[data-id]').length > 0", "the points");
        await page["#collection-detail details summary"].First.ClickAsync();
        await AssertFitsAsync(page, width, "collections");

        await page["#key-button"].ClickAsync();
        await page.WaitForAsync("document.getElementById('key-dialog').open", "the key dialog");
        await AssertFitsAsync(page, width, "key");
        page.AssertClean();
    }

    private static Task AssertFitsAsync(DashboardPage page, int width, string panel)
        => page.AssertFitsAsync(width, panel, $"07-phone-{width}-{panel}");
}
