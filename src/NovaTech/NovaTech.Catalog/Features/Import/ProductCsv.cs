using System.Globalization;
using System.Text.Json;
using CsvHelper;
using NovaTech.Catalog.Domain;
using NovaTech.Catalog.Features.Products;

namespace NovaTech.Catalog.Features.Import;

/// <summary>One data row of an import file: its row number (the header is row 1) and its fields, or why it is unreadable.</summary>
internal sealed record CsvProductRow(int Row, string? Handle, ProductRequest? Request, string? Error);

/// <summary>
/// The product CSV format. One row per variant. Columns (header names, any order, case-insensitive):
/// <c>name, brand, category, sku, price_pence</c> (required) and <c>handle, description, status, vat_rate_bp,
/// attributes, specs, filterable_specs, weight_grams, gtin, image_urls</c>. <c>attributes</c> and <c>specs</c> are
/// <c>Name=Value</c> pairs separated by <c>;</c>; <c>image_urls</c> and <c>filterable_specs</c> are separated by <c>|</c>.
/// Rows that share a <c>handle</c> (the product slug) are variants of one product: the first creates it, later ones
/// add or replace their SKU on it.
/// </summary>
internal static class ProductCsv
{
    public static readonly string[] RequiredColumns = ["name", "brand", "category", "sku", "price_pence"];

    // CsvHelper 34: comma-separated with a header, RFC 4180 quoting, line numbers tracked so errors name the line a
    // spreadsheet shows (the header is line 1); short rows read missing fields as empty.
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        TrimWhitespace = true,
        TrackLineNumbers = true,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>The required columns the header lacks, and the number of data rows.</summary>
    public static (IReadOnlyList<string> MissingColumns, int Rows) Inspect(string content)
    {
        using var csv = CsvReader.FromText(content, Options);
        csv.ReadHeader();
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        var rows = 0;
        while (csv.Read())
        {
            rows++;
        }

        return (missing, rows);
    }

    /// <summary>Reads the data rows after the first <paramref name="skip"/>.</summary>
    public static IEnumerable<CsvProductRow> Read(string content, int skip)
    {
        using var csv = CsvReader.FromText(content, Options);
        var index = 0;
        while (csv.Read())
        {
            if (index++ < skip)
            {
                continue;
            }

            yield return Parse(csv);
        }
    }

    private static CsvProductRow Parse(CsvReader csv)
    {
        var row = (int)csv.LineNumber;
        string? Field(string name) => csv.TryGetFieldIndex(name, out var i) && i < csv.FieldCount && csv.GetString(i) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var handle = Field("handle");
        try
        {
            var name = Field("name") ?? throw new FormatException("name is empty.");
            var brand = Field("brand") ?? throw new FormatException("brand is empty.");
            var category = Field("category") ?? throw new FormatException("category is empty.");
            var sku = Field("sku") ?? throw new FormatException("sku is empty.");
            var priceText = Field("price_pence") ?? throw new FormatException("price_pence is empty.");
            if (!long.TryParse(priceText, NumberStyles.None, CultureInfo.InvariantCulture, out var price) || price <= 0)
            {
                throw new FormatException($"price_pence '{priceText}' is not a whole number of pence above zero.");
            }

            var vat = Integer(Field("vat_rate_bp"), "vat_rate_bp");
            var weight = Integer(Field("weight_grams"), "weight_grams");
            if (handle is not null && !Slugs.IsValid(handle))
            {
                throw new FormatException($"handle '{handle}' is not a slug (lowercase letters and digits joined by hyphens).");
            }

            var specs = Pairs(Field("specs"), "specs").ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.OrdinalIgnoreCase);
            var request = new ProductRequest(
                name,
                brand,
                category,
                Field("description"),
                Field("status")?.ToLowerInvariant(),
                handle,
                vat,
                Field("image_urls")?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                specs,
                Field("filterable_specs")?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                [new VariantRequest(sku, price, Pairs(Field("attributes"), "attributes"), weight, Field("gtin"), null)],
                null);
            return new CsvProductRow(row, handle, request, null);
        }
        catch (FormatException exception)
        {
            return new CsvProductRow(row, handle, null, exception.Message);
        }
    }

    private static int? Integer(string? text, string column) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"{column} '{text}' is not a whole number.");

    private static Dictionary<string, string> Pairs(string? text, string column)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == part.Length - 1)
            {
                throw new FormatException($"{column} entry '{part}' is not Name=Value.");
            }

            pairs[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        return pairs;
    }
}
