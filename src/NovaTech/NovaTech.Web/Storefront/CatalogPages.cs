using System.Xml;
using NovaTech.Catalog.Features.Storefront;
using NovaTech.Contracts.Inventory;
using NovaTech.Ordering.Features.Storefront;
using NovaTech.Search.Features.Search;

namespace NovaTech.Web.Storefront;

/// <summary>
/// Home, category, search and product pages, the sitemap and robots.txt. Each page reads through the modules' public
/// query surfaces (the same code as the API) with a fixed number of queries: no query per product on the page.
/// </summary>
internal static class CatalogPages
{
    private const int SitemapPageSize = 50_000;
    private const string TelevisionsCategory = "televisions";

    public static void MapCatalogPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", HomeAsync);
        app.MapGet("/c/{slug}", CategoryAsync);
        app.MapGet("/search", SearchAsync);
        app.MapGet("/p/{slug}", ProductAsync);
        app.MapGet("/sitemap.xml", SitemapAsync);
        app.MapGet("/sitemap-products-{page:int}.xml", SitemapPageAsync);
        app.MapGet("/robots.txt", Robots);
    }

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static async Task<IResult> HomeAsync(HttpContext http, ShopContext shop, IProductSearch search)
    {
        var chrome = await shop.ChromeAsync(http);
        var newIn = await search.SearchAsync(new SearchParameters(null, null, null, null, null, null, true, "newest", null, 8), false, http.RequestAborted);
        var tvs = await search.SearchAsync(new SearchParameters(null, TelevisionsCategory, null, null, null, null, true, "newest", null, 4), false, http.RequestAborted);
        return Pages.Render<HomePage>(new HomeModel(chrome, BaseUrl(http.Request) + "/", chrome.Categories, newIn.Items, tvs.Items), cache: PageCache.Revalidate);
    }

    private static async Task<IResult> CategoryAsync(string slug, string? q, string[]? brand, string? price, string[]? attr, bool? inStock, string? sort, string? cursor, int? page,
        HttpContext http, ShopContext shop, IProductSearch search)
    {
        var chrome = await shop.ChromeAsync(http);
        var found = ShopContext.FindCategory(await shop.CategoriesAsync(http.RequestAborted), slug);
        if (found is not { } category)
        {
            return NotFound(chrome, "We could not find that category.");
        }

        if (category.Node.Slug != slug)
        {
            return Results.Redirect("/c/" + category.Node.Slug + http.Request.QueryString, permanent: true);
        }

        var state = ListingState.From(q, brand, price, attr, inStock, sort, cursor, page);
        var (result, error) = await RunAsync(search, state, category.Node.Slug, http.RequestAborted);
        var model = new ListingModel(chrome, "/c/" + slug, category.Node.Name, null, BaseUrl(http.Request) + "/c/" + slug, state, result, category.Trail, category.Node, error);
        return Pages.Render<ListingPage>(model, cache: PageCache.Revalidate);
    }

    private static async Task<IResult> SearchAsync(string? q, string[]? brand, string? price, string[]? attr, bool? inStock, string? sort, string? cursor, int? page,
        HttpContext http, ShopContext shop, IProductSearch search)
    {
        var state = ListingState.From(q, brand, price, attr, inStock, sort, cursor, page);
        var chrome = await shop.ChromeAsync(http, state.Q);
        var (result, error) = await RunAsync(search, state, null, http.RequestAborted);
        var heading = state.Q is null ? "All products" : $"Results for “{state.Q}”";
        var model = new ListingModel(chrome, "/search", heading, null, BaseUrl(http.Request) + "/search", state, result, [], null, error);
        return Pages.Render<ListingPage>(model, cache: PageCache.Revalidate);
    }

    private static async Task<(SearchResponse Result, string? Error)> RunAsync(IProductSearch search, ListingState state, string? category, CancellationToken cancellationToken)
    {
        try
        {
            return (await search.SearchAsync(state.ToSearch(category), true, cancellationToken), null);
        }
        catch (SearchQueryException exception)
        {
            // A hand-edited or stale address (old cursor, reversed prices): show the unfiltered first page and say why.
            var plain = state with { Brands = [], MinPrice = null, MaxPrice = null, Attrs = [], InStock = false, Cursor = null, Page = 1 };
            return (await search.SearchAsync(plain.ToSearch(category), true, cancellationToken), exception.Message + " Showing everything instead.");
        }
    }

    private static async Task<IResult> ProductAsync(string slug, string? sku, HttpContext http, ShopContext shop, IStorefrontCatalog catalog,
        IStockAvailability stock, IStorefrontOrdering ordering, IProductSearch search)
    {
        var cancellationToken = http.RequestAborted;
        var chrome = await shop.ChromeAsync(http, withForm: true);
        var product = await catalog.FindProductAsync(slug, http.User, cancellationToken);
        if (product is null || product.Variants.Count == 0)
        {
            return NotFound(chrome, "This product is not (or no longer) in our range.");
        }

        if (product.Slug != slug)
        {
            return Results.Redirect("/p/" + product.Slug, permanent: true);
        }

        var selected = product.Variants.FirstOrDefault(v => v.Sku == sku) ?? product.Variants[0];
        var available = await stock.GetAvailableAsync([.. product.Variants.Select(v => v.Sku)], cancellationToken);
        var related = await search.SearchAsync(new SearchParameters(null, product.Category.Slug, null, null, null, null, null, "newest", null, 5), false, cancellationToken);
        var tree = await shop.CategoriesAsync(cancellationToken);
        var trail = ShopContext.FindCategory(tree, product.Category.Slug) is { } found ? [.. found.Trail, found.Node] : Array.Empty<Catalog.Features.Categories.CategoryNode>();
        var model = new ProductModel(
            chrome,
            product,
            BaseUrl(http.Request) + "/p/" + product.Slug,
            selected,
            available,
            ordering.QuoteDelivery("GB", selected.WeightGrams),
            [.. related.Items.Where(i => i.ProductId != product.Id).Take(4)],
            trail);
        return Pages.Render<ProductPage>(model, cache: PageCache.Revalidate);
    }

    public static IResult NotFound(Chrome chrome, string text) =>
        Pages.Render<MessagePage>(new MessageModel(chrome, "Page not found", text, "Go to the home page", "/"), StatusCodes.Status404NotFound);

    /// <summary>One sitemap of active products, or an index of 50,000-address pages when there are more.</summary>
    private static async Task SitemapAsync(HttpContext http, IStorefrontCatalog catalog)
    {
        var count = await catalog.CountActiveProductsAsync(http.RequestAborted);
        var baseUrl = BaseUrl(http.Request);
        await WriteXmlAsync(http, async xml =>
        {
            if (count <= SitemapPageSize)
            {
                await UrlSetAsync(xml, baseUrl, catalog.ActiveProductUrlsAsync(null, SitemapPageSize, http.RequestAborted), includeHome: true);
                return;
            }

            await xml.WriteStartElementAsync(null, "sitemapindex", "http://www.sitemaps.org/schemas/sitemap/0.9");
            for (var page = 1; page <= (count + SitemapPageSize - 1) / SitemapPageSize; page++)
            {
                await xml.WriteStartElementAsync(null, "sitemap", null);
                await xml.WriteElementStringAsync(null, "loc", null, $"{baseUrl}/sitemap-products-{page}.xml");
                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
        });
    }

    /// <summary>Page N of the product sitemap: keyset over slugs, walking the pages before it by slug only (rare, crawler-paced).</summary>
    private static async Task<IResult> SitemapPageAsync(int page, HttpContext http, IStorefrontCatalog catalog)
    {
        if (page is < 1 or > 1000)
        {
            return Results.NotFound();
        }

        string? after = null;
        for (var skipped = 1; skipped < page; skipped++)
        {
            string? last = null;
            await foreach (var url in catalog.ActiveProductUrlsAsync(after, SitemapPageSize, http.RequestAborted))
            {
                last = url.Slug;
            }

            if (last is null)
            {
                return Results.NotFound();
            }

            after = last;
        }

        await WriteXmlAsync(http, xml => UrlSetAsync(xml, BaseUrl(http.Request), catalog.ActiveProductUrlsAsync(after, SitemapPageSize, http.RequestAborted), includeHome: false));
        return Results.Empty;
    }

    private static async Task UrlSetAsync(XmlWriter xml, string baseUrl, IAsyncEnumerable<ProductUrl> urls, bool includeHome)
    {
        await xml.WriteStartElementAsync(null, "urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
        if (includeHome)
        {
            await xml.WriteStartElementAsync(null, "url", null);
            await xml.WriteElementStringAsync(null, "loc", null, baseUrl + "/");
            await xml.WriteEndElementAsync();
        }

        await foreach (var url in urls)
        {
            await xml.WriteStartElementAsync(null, "url", null);
            await xml.WriteElementStringAsync(null, "loc", null, $"{baseUrl}/p/{Uri.EscapeDataString(url.Slug)}");
            await xml.WriteElementStringAsync(null, "lastmod", null, url.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
    }

    private static async Task WriteXmlAsync(HttpContext http, Func<XmlWriter, Task> write)
    {
        http.Response.ContentType = "application/xml; charset=utf-8";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        await using var xml = XmlWriter.Create(http.Response.Body, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false) });
        await xml.WriteStartDocumentAsync();
        await write(xml);
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static IResult Robots(HttpContext http) => Results.Text(
        $"""
        User-agent: *
        Disallow: /cart
        Disallow: /checkout
        Disallow: /orders/
        Disallow: /account
        Disallow: /merchant
        Disallow: /api/
        Disallow: /search
        Sitemap: {BaseUrl(http.Request)}/sitemap.xml

        """, "text/plain");
}
