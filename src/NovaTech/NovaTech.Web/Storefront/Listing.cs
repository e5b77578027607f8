using System.Globalization;
using System.Text;
using NovaTech.Catalog.Features.Categories;
using NovaTech.Search.Features.Search;

namespace NovaTech.Web.Storefront;

/// <summary>
/// The filters of a category or search page as they appear in its address, so every state is a plain link
/// (bookmarkable, crawlable, usable without JavaScript). <c>price</c> is <c>min-max</c> in pence (inclusive; either side may be empty), as the search API's price facet values are.
/// </summary>
public sealed record ListingState(string? Q, IReadOnlyList<string> Brands, long? MinPrice, long? MaxPrice, IReadOnlyList<string> Attrs, bool InStock, string? Sort, string? Cursor, int Page)
{
    public const int PageSize = 24;

    public static ListingState From(string? q, string[]? brand, string? price, string[]? attr, bool? inStock, string? sort, string? cursor, int? page)
    {
        long? min = null, max = null;
        if (!string.IsNullOrWhiteSpace(price))
        {
            var parts = price.Split('-', 2);
            min = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var lo) ? lo : null;
            max = parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hi) ? hi : null;
        }

        return new ListingState(
            string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            [.. (brand ?? []).Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => b.Trim().ToLowerInvariant()).Distinct().Take(20)],
            min,
            max,
            [.. (attr ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().Take(30)],
            inStock == true,
            sort is "relevance" or "price_asc" or "price_desc" or "newest" ? sort : null,
            string.IsNullOrEmpty(cursor) ? null : cursor,
            Math.Clamp(page ?? 1, 1, 10_000));
    }

    public string? PriceValue => MinPrice is null && MaxPrice is null ? null : $"{MinPrice}-{MaxPrice}";

    /// <summary>The search module's parameters (prices inclusive on both sides, as the search API's price facet values are).</summary>
    public SearchParameters ToSearch(string? category) =>
        new(Q, category, [.. Brands], MinPrice, MaxPrice, [.. Attrs], InStock ? true : null, Sort, Cursor, PageSize);

    public bool HasBrand(string slug) => Brands.Contains(slug, StringComparer.OrdinalIgnoreCase);

    public bool HasAttr(string name, string value) => Attrs.Any(a => string.Equals(a, $"{name}:{value}", StringComparison.OrdinalIgnoreCase));

    public bool HasFilters => Brands.Count > 0 || PriceValue is not null || Attrs.Count > 0 || InStock;

    /// <summary>The address of this state on <paramref name="path"/>, without paging unless asked.</summary>
    public string Url(string path, string? cursor = null, int page = 1)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        Add("q", Q);
        foreach (var brand in Brands)
        {
            Add("brand", brand);
        }

        Add("price", PriceValue);
        foreach (var attr in Attrs)
        {
            Add("attr", attr);
        }

        Add("inStock", InStock ? "true" : null);
        Add("sort", Sort);
        Add("cursor", cursor);
        Add("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null);
        return path + query;
    }

    public ListingState WithoutBrand(string slug) => this with { Brands = [.. Brands.Where(b => !string.Equals(b, slug, StringComparison.OrdinalIgnoreCase))], Cursor = null, Page = 1 };

    public ListingState WithoutAttr(string attr) => this with { Attrs = [.. Attrs.Where(a => a != attr)], Cursor = null, Page = 1 };

    public ListingState WithoutPrice() => this with { MinPrice = null, MaxPrice = null, Cursor = null, Page = 1 };

    public ListingState WithoutStock() => this with { InStock = false, Cursor = null, Page = 1 };
}

/// <summary>A category or search results page.</summary>
public sealed record ListingModel(
    Chrome Chrome,
    string Path,
    string Heading,
    string? Intro,
    string Canonical,
    ListingState State,
    SearchResponse Result,
    IReadOnlyList<CategoryNode> Trail,
    CategoryNode? Category,
    string? Error);

/// <summary>The home page.</summary>
public sealed record HomeModel(Chrome Chrome, string Canonical, IReadOnlyList<CategoryNode> Categories, IReadOnlyList<SearchItem> NewIn, IReadOnlyList<SearchItem> Televisions);

/// <summary>A page that only says something (not found, gone, a problem).</summary>
public sealed record MessageModel(Chrome Chrome, string Title, string Text, string? LinkText = null, string? LinkUrl = null);
