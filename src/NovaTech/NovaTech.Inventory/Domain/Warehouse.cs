using System.Text.RegularExpressions;
using Platform.Web;

namespace NovaTech.Inventory.Domain;

/// <summary>A place stock is kept and shipped from.</summary>
internal sealed partial class Warehouse
{
    private Warehouse()
    {
    }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>ISO 3166-1 alpha-2 country code, upper case.</summary>
    public string Country { get; private set; } = "";

    public string? Address { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Warehouse Create(string code, string name, string country, string? address, DateTimeOffset now)
    {
        var normalised = NormaliseCode(code);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw new DomainException(InventoryErrors.InvalidWarehouse, "A warehouse needs a name of at most 100 characters.");
        }

        var countryCode = (country ?? "").Trim().ToUpperInvariant();
        if (!CountryPattern().IsMatch(countryCode))
        {
            throw new DomainException(InventoryErrors.InvalidWarehouse, "Country must be an ISO 3166-1 alpha-2 code such as GB or DE.");
        }

        return new Warehouse
        {
            Code = normalised,
            Name = name.Trim(),
            Country = countryCode,
            Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim(),
            CreatedAt = now,
        };
    }

    /// <summary>Codes are short upper-case identifiers (<c>LON1</c>, <c>MAN-2</c>); lookups are case-insensitive.</summary>
    public static string NormaliseCode(string? code)
    {
        var value = (code ?? "").Trim().ToUpperInvariant();
        return CodePattern().IsMatch(value)
            ? value
            : throw new DomainException(InventoryErrors.InvalidWarehouse, "A warehouse code is 2 to 16 letters, digits or dashes.");
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,15}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();
}
