using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity;

namespace NovaTech.Tests.Web;

/// <summary>The console's catalog pages over the real host with NovaTech.Catalog: create, edit, a stale edit, archive, CSV import.</summary>
public sealed partial class MerchantCatalogPagesTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopHost.StartAsync(realCatalog: true);

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_stale_edit_is_refused_with_a_clear_message_and_keeps_what_was_typed()
    {
        var mo = await SignInAsync();
        var (invalid, invalidHtml, _) = await mo.PostAsync("/merchant/catalog/new", "/merchant/catalog/new",
            ("Name", "Zentra Vision 55"), ("Brand", ""), ("Category", "TV & Video > Televisions"), ("Status", "active"), ("Vat", "2000"), ("Variants", "ZV55 | lots"));
        invalid.ShouldBe(HttpStatusCode.UnprocessableEntity);
        invalidHtml.ShouldContain("Enter the brand");
        invalidHtml.ShouldContain("Variant line 1 needs at least a SKU and a price");

        var created = await mo.PostAndFollowAsync("/merchant/catalog/new", "/merchant/catalog/new", "/merchant/catalog/",
            ("Name", "Zentra Vision 55"), ("Brand", "Zentra"), ("Category", "TV & Video > Televisions"), ("Description", "A **bright** TV."),
            ("Status", "active"), ("Vat", "2000"), ("Specs", "Screen size: 55 in\nHDR: Yes"),
            ("Variants", "ZV55-BLK | 799.00 | colour=Black | 18000\nZV55-SLV | 849.00 | colour=Silver | 18000"));
        created.ShouldContain("Zentra Vision 55 created as active");
        Browser.TestId(created, "product-meta").ShouldContain("version 1");
        var editPath = ProductPath().Match(created).Value;

        // Two people open the same product; the first saves, the second's form is now stale.
        var first = await mo.PageAsync(editPath);
        var second = await mo.PageAsync(editPath);
        var saved = await PostFormAsync(mo, editPath, first, ("Name", "Zentra Vision 55 (2027)"));
        saved.Status.ShouldBe(HttpStatusCode.SeeOther);
        var stale = await PostFormAsync(mo, editPath, second, ("Name", "Zentra Vision 55 OLED"));
        stale.Status.ShouldBe(HttpStatusCode.Conflict);
        stale.Html.ShouldContain("Someone else saved this product while you were editing it");
        stale.Html.ShouldContain("value=\"Zentra Vision 55 OLED\"");
        var product = await mo.PageAsync(editPath);
        product.ShouldContain("value=\"Zentra Vision 55 (2027)\"");
        Browser.TestId(product, "product-meta").ShouldContain("version 2");
        product.ShouldContain("ZV55-SLV | 849.00 | colour=Silver | 18000");

        // The list finds it by SKU, status, brand and category (a parent category includes its children).
        (await mo.PageAsync("/merchant/catalog?q=zv55-slv")).ShouldContain("Zentra Vision 55 (2027)");
        (await mo.PageAsync("/merchant/catalog?status=draft")).ShouldNotContain("Zentra Vision 55 (2027)");
        var byBrand = await mo.PageAsync("/merchant/catalog?brand=zentra");
        byBrand.ShouldContain("Zentra Vision 55 (2027)");
        byBrand.ShouldContain("<option value=\"zentra\" selected");
        (await mo.PageAsync("/merchant/catalog?category=tv-video&brand=zentra")).ShouldContain("Zentra Vision 55 (2027)");
        (await mo.PageAsync("/merchant/catalog?category=televisions")).ShouldContain("Zentra Vision 55 (2027)");
        (await mo.PostAndFollowAsync("/merchant/catalog/new", "/merchant/catalog/new", "/merchant/catalog/",
            ("Name", "Quietly Buds"), ("Brand", "Quietly"), ("Category", "Audio > Headphones"), ("Status", "active"), ("Vat", "2000"),
            ("Variants", "QB-1 | 99.00"))).ShouldContain("Quietly Buds created as active");
        var headphones = await mo.PageAsync("/merchant/catalog?category=headphones");
        headphones.ShouldContain("Quietly Buds");
        headphones.ShouldNotContain("Zentra Vision 55 (2027)");
        (await mo.PageAsync("/merchant/catalog?category=tv-video")).ShouldNotContain("Quietly Buds");
        (await mo.PageAsync("/merchant/catalog?category=headphones&brand=zentra")).ShouldContain("No products match.");
        var unknown = await mo.GetAsync("/merchant/catalog?brand=no-such-brand");
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Html.ShouldContain("There is no brand");

        var archived = await mo.PostAndFollowAsync(editPath + "/archive", editPath, editPath, ("version", "2"));
        archived.ShouldContain("is archived");
        (await mo.PageAsync("/merchant/catalog?status=archived")).ShouldContain("Zentra Vision 55 (2027)");
    }

    [Fact]
    public async Task A_csv_import_shows_its_progress_and_offers_the_row_errors_as_a_csv()
    {
        var mo = await SignInAsync();
        var form = await mo.PageAsync("/merchant/catalog/import");
        var csv = "handle,name,brand,category,sku,price_pence\n"
            + "orbix-50,Orbix Lumen 50,Orbix,TV & Video > Televisions,ORB50-BLK,44900\n"
            + "orbix-43,Orbix Lumen 43,Orbix,TV & Video > Televisions,ORB43-BLK,not-a-price\n";
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Browser.Token(form)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "tvs.csv");
        using var response = await mo.Client.PostAsync("/merchant/catalog/import", content);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
        var job = response.Headers.Location!.OriginalString;
        job.ShouldStartWith("/merchant/catalog/import/");

        var page = "";
        for (var attempt = 0; attempt < 200; attempt++)
        {
            page = await mo.PageAsync(job);
            if (page.Contains("data-status=\"completed\"", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(50);
        }

        page.ShouldContain("data-status=\"completed\"");
        page.ShouldContain("<progress");
        page.ShouldContain("1 imported, 1 failed");
        using var errors = await mo.ApiGetAsync(job + "/errors.csv");
        errors.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await errors.Content.ReadAsStringAsync();
        report.ShouldStartWith("row,message");
        report.ShouldContain("3,\"");
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostFormAsync(Browser browser, string action, string page, params (string Name, string Value)[] changes)
    {
        var fields = new List<(string, string?)> { ("__RequestVerificationToken", Browser.Token(page)) };
        foreach (var name in new[] { "Version", "Name", "Brand", "Category", "Status", "Vat" })
        {
            fields.Add((name, changes.FirstOrDefault(c => c.Name == name).Value ?? InputValue(page, name)));
        }

        foreach (var name in new[] { "Description", "Specs", "Variants" })
        {
            fields.Add((name, WebUtility.HtmlDecode(Regex.Match(page, $"name=\"{name}\"[^>]*>([^<]*)</textarea>").Groups[1].Value)));
        }

        fields[fields.FindIndex(f => f.Item1 == "Status")] = ("Status", "active");
        fields[fields.FindIndex(f => f.Item1 == "Vat")] = ("Vat", "2000");
        var (status, html, _) = await browser.PostRawAsync(action, [.. fields]);
        return (status, html);
    }

    private static string InputValue(string html, string name) =>
        Regex.Match(html, $"name=\"{name}\"[^>]*value=\"([^\"]*)\"") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";

    private async Task<Browser> SignInAsync()
    {
        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync("mo@novatech.test", Passwords.Customer, "Mo Merchant", "merchant");
        }

        var browser = new Browser(_shop);
        await browser.PostAndFollowAsync("/merchant/sign-in", "/merchant/sign-in", "/merchant", ("email", "mo@novatech.test"), ("password", Passwords.Customer));
        return browser;
    }

    [GeneratedRegex("/merchant/catalog/[0-9a-f]{8}-[0-9a-f-]{27}")]
    private static partial Regex ProductPath();
}
