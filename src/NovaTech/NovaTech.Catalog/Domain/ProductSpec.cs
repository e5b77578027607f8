using System.Globalization;
using System.Text.RegularExpressions;

namespace NovaTech.Catalog.Domain;

/// <summary>The type of a specification attribute's value.</summary>
internal enum SpecKind
{
    Text,
    Number,
    Boolean,
}

/// <summary>
/// A typed specification attribute of a product: text ("OLED"), number with unit ("55 in", "1.2 kg") or boolean
/// ("Yes"). Filterable attributes drive search filters and facets.
/// </summary>
internal sealed partial class ProductSpec
{
    private ProductSpec()
    {
    }

    public Guid Id { get; private set; }

    public Guid ProductId { get; private set; }

    public int Position { get; private set; }

    public string Name { get; private set; } = "";

    public SpecKind Kind { get; private set; }

    public string? TextValue { get; private set; }

    public double? NumberValue { get; private set; }

    public string? Unit { get; private set; }

    public bool? BooleanValue { get; private set; }

    public bool Filterable { get; private set; }

    /// <summary>How a shopper reads it, and the facet value.</summary>
    public string DisplayValue => Kind switch
    {
        SpecKind.Number => NumberValue!.Value.ToString("0.###", CultureInfo.InvariantCulture) + (Unit is null ? "" : " " + Unit),
        SpecKind.Boolean => BooleanValue!.Value ? "Yes" : "No",
        _ => TextValue ?? "",
    };

    public static ProductSpec Text(string name, string value, bool? filterable = null) => Create(name, SpecKind.Text, value, null, null, null, filterable);

    public static ProductSpec Number(string name, double value, string? unit, bool? filterable = null) => Create(name, SpecKind.Number, null, value, unit, null, filterable);

    public static ProductSpec Boolean(string name, bool value, bool? filterable = null) => Create(name, SpecKind.Boolean, null, null, null, value, filterable);

    /// <summary>
    /// Reads a value as typed: "55 in" and "1.2 kg" are numbers with units, "yes"/"no"/"true"/"false" booleans,
    /// anything else text. Unless told, short values are filterable and long prose is not.
    /// </summary>
    public static ProductSpec Parse(string name, string value, bool? filterable = null)
    {
        var trimmed = value.Trim();
        if (trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return Boolean(name, true, filterable);
        }

        if (trimmed.Equals("no", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return Boolean(name, false, filterable);
        }

        var match = NumberWithUnit().Match(trimmed);
        if (match.Success && double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var unit = match.Groups["u"].Value.Trim();
            return Number(name, number, unit.Length == 0 ? null : unit, filterable);
        }

        return Text(name, trimmed, filterable);
    }

    private static ProductSpec Create(string name, SpecKind kind, string? text, double? number, string? unit, bool? boolean, bool? filterable)
    {
        var trimmedName = name.Trim();
        if (trimmedName.Length is 0 or > 60)
        {
            throw CatalogErrors.Invalid("invalid_spec", "A specification name is 1 to 60 characters.");
        }

        if (kind == SpecKind.Text && (text is null || text.Length is 0 or > 500))
        {
            throw CatalogErrors.Invalid("invalid_spec", $"Specification '{trimmedName}' needs a value of 1 to 500 characters.");
        }

        if (kind == SpecKind.Number && (number is null || !double.IsFinite(number.Value) || unit?.Length > 20))
        {
            throw CatalogErrors.Invalid("invalid_spec", $"Specification '{trimmedName}' has an invalid number or unit.");
        }

        return new ProductSpec
        {
            Id = Guid.NewGuid(),
            Name = trimmedName,
            Kind = kind,
            TextValue = text,
            NumberValue = number,
            Unit = unit,
            BooleanValue = boolean,
            Filterable = filterable ?? (kind != SpecKind.Text || text!.Length <= 40),
        };
    }

    internal void AttachTo(Guid productId, int position)
    {
        ProductId = productId;
        Position = position;
    }

    [GeneratedRegex(@"^(?<n>-?\d+(\.\d+)?)\s*(?<u>[A-Za-z%""″µ/][A-Za-z%""″µ/0-9 ]{0,19})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberWithUnit();
}
