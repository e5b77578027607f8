using System.Text.Json;
using NovaTech.Catalog.Features.Categories;
using NovaTech.Catalog.Features.Products;
using NovaTech.Ordering.Features.Storefront;
using NovaTech.Search.Features.Search;

namespace NovaTech.Web.Storefront;

/// <summary>The product page.</summary>
public sealed record ProductModel(
    Chrome Chrome,
    ProductResponse Product,
    string Canonical,
    VariantResponse Selected,
    IReadOnlyDictionary<string, int> Available,
    IReadOnlyList<ShippingOption> Delivery,
    IReadOnlyList<SearchItem> AlsoViewed,
    IReadOnlyList<CategoryNode> Trail)
{
    public int AvailableOf(string sku) => Available.GetValueOrDefault(sku);

    public static string StockText(int available) => available switch
    {
        <= 0 => "Out of stock",
        <= 5 => $"Only {available} left",
        _ => "In stock",
    };

    public string Description => Format.PlainText(Product.DescriptionHtml, 155) is { Length: > 0 } text
        ? text
        : $"{Product.Name} from {Product.Brand.Name}, {Format.Money(Product.MinPricePence)} at NovaTech.";

    /// <summary>schema.org Product with one Offer per variant, serialized so it cannot close its script element.</summary>
    public string JsonLd(string baseUrl)
    {
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Product",
            ["name"] = Product.Name,
            ["description"] = Description,
            ["sku"] = Selected.Sku,
            ["brand"] = new Dictionary<string, object?> { ["@type"] = "Brand", ["name"] = Product.Brand.Name },
            ["category"] = Product.Category.Name,
            ["url"] = Canonical,
            ["image"] = Product.ImageUrls.Select(Format.Image).OfType<string>().Select(u => baseUrl + u).ToList() is { Count: > 0 } images ? images : null,
            ["offers"] = Product.Variants.Select(v => new Dictionary<string, object?>
            {
                ["@type"] = "Offer",
                ["sku"] = v.Sku,
                ["name"] = v.Name,
                ["gtin"] = v.Gtin,
                ["price"] = (v.PricePence / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                ["priceCurrency"] = Product.Currency,
                ["availability"] = AvailableOf(v.Sku) > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
                ["url"] = Canonical + "?sku=" + Uri.EscapeDataString(v.Sku),
                ["itemCondition"] = "https://schema.org/NewCondition",
            }).ToList(),
        };
        return JsonSerializer.Serialize(data, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
