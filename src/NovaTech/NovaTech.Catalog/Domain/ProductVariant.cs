namespace NovaTech.Catalog.Domain;

/// <summary>A sellable variant of a product: its own SKU, price, attributes (colour, storage, size), weight and GTIN.</summary>
internal sealed class ProductVariant
{
    private ProductVariant()
    {
    }

    public Guid Id { get; private set; }

    public Guid ProductId { get; private set; }

    public int Position { get; private set; }

    public string Sku { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Unit price including VAT, in pence.</summary>
    public long PricePence { get; private set; }

    public Dictionary<string, string> Attributes { get; private set; } = [];

    public int WeightGrams { get; private set; }

    public string? Gtin { get; private set; }

    public static ProductVariant Create(string sku, long pricePence, IReadOnlyDictionary<string, string>? attributes, int weightGrams, string? gtin, string? name)
    {
        var variant = new ProductVariant { Id = Guid.NewGuid() };
        variant.Set(sku, pricePence, attributes, weightGrams, gtin, name);
        return variant;
    }

    internal void Set(string sku, long pricePence, IReadOnlyDictionary<string, string>? attributes, int weightGrams, string? gtin, string? name)
    {
        var trimmedSku = sku.Trim();
        if (trimmedSku.Length is 0 or > 64 || trimmedSku.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw CatalogErrors.Invalid("invalid_sku", "A SKU is 1 to 64 characters without spaces.");
        }

        if (pricePence is <= 0 or > 100_000_000)
        {
            throw CatalogErrors.Invalid("invalid_price", $"The price of {trimmedSku} must be between 1p and £1,000,000.");
        }

        if (weightGrams is < 0 or > 1_000_000)
        {
            throw CatalogErrors.Invalid("invalid_weight", $"The weight of {trimmedSku} must be between 0 and 1,000 kg.");
        }

        var normalizedGtin = string.IsNullOrWhiteSpace(gtin) ? null : gtin.Trim();
        if (normalizedGtin is not null && !IsValidGtin(normalizedGtin))
        {
            throw CatalogErrors.Invalid("invalid_gtin", $"The barcode of {trimmedSku} is not a valid GTIN-8/12/13/14.");
        }

        var cleanAttributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes ?? new Dictionary<string, string>())
        {
            var k = key.Trim();
            var v = value?.Trim() ?? "";
            if (k.Length is 0 or > 40 || v.Length is 0 or > 80)
            {
                throw CatalogErrors.Invalid("invalid_attribute", $"Attributes of {trimmedSku} need a name (1-40) and a value (1-80).");
            }

            cleanAttributes[k] = v;
        }

        Sku = trimmedSku;
        PricePence = pricePence;
        Attributes = cleanAttributes;
        WeightGrams = weightGrams;
        Gtin = normalizedGtin;
        Name = string.IsNullOrWhiteSpace(name)
            ? (cleanAttributes.Count == 0 ? "Standard" : string.Join(", ", cleanAttributes.Values))
            : name.Trim()[..Math.Min(name.Trim().Length, 120)];
    }

    internal void AttachTo(Guid productId, int position)
    {
        ProductId = productId;
        Position = position;
    }

    /// <summary>GS1 check digit over GTIN-8, -12, -13 or -14.</summary>
    public static bool IsValidGtin(string gtin)
    {
        if (gtin.Length is not (8 or 12 or 13 or 14) || !gtin.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = gtin.Length - 2; i >= 0; i--)
        {
            var digit = gtin[i] - '0';
            sum += (gtin.Length - 2 - i) % 2 == 0 ? digit * 3 : digit;
        }

        return (10 - (sum % 10)) % 10 == gtin[^1] - '0';
    }
}
