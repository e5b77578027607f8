using System.Text.RegularExpressions;
using Platform.Web;

namespace NovaTech.Ordering.Domain;

/// <summary>Where we ship: the UK or an EU country we deliver to.</summary>
internal enum ShippingZone
{
    Uk,
    Eu,
}

/// <summary>A validated, normalised delivery address (postcode in the country's canonical form).</summary>
internal sealed partial record ShippingAddress(string Name, string Line1, string? Line2, string City, string Postcode, string Country)
{
    public ShippingZone Zone => Country == "GB" ? ShippingZone.Uk : ShippingZone.Eu;

    /// <summary>The country codes we deliver to (GB first).</summary>
    public static IReadOnlyList<string> Countries => [.. Postcodes.Keys];

    /// <summary>Validates the fields and the postcode format of the country (UK and the EU countries we ship to).</summary>
    public static ShippingAddress Create(string? name, string? line1, string? line2, string? city, string? postcode, string? country)
    {
        var countryCode = (country ?? "").Trim().ToUpperInvariant();
        if (countryCode == "UK")
        {
            countryCode = "GB";
        }

        if (!Postcodes.TryGetValue(countryCode, out var rule))
        {
            throw Invalid("country", $"We deliver to the UK and {string.Join(", ", Postcodes.Keys.Where(k => k != "GB").Order())}; not to '{country}'.", OrderingErrors.UnsupportedDestination);
        }

        var cleanName = Required(name, "name", 100);
        var cleanLine1 = Required(line1, "line1", 100);
        var cleanCity = Required(city, "city", 60);
        var cleanLine2 = string.IsNullOrWhiteSpace(line2) ? null : line2.Trim();
        if (cleanLine2 is { Length: > 100 })
        {
            throw Invalid("line2", "Address line 2 is at most 100 characters.");
        }

        var code = Whitespace().Replace((postcode ?? "").Trim().ToUpperInvariant(), " ");
        var match = rule.Pattern.Match(code);
        if (!match.Success)
        {
            throw Invalid("postcode", $"'{postcode}' is not a valid postcode for {countryCode} (e.g. {rule.Example}).");
        }

        return new ShippingAddress(cleanName, cleanLine1, cleanLine2, cleanCity, rule.Normalise(match), countryCode);
    }

    private static string Required(string? value, string field, int max)
    {
        var text = (value ?? "").Trim();
        return text.Length == 0 || text.Length > max
            ? throw Invalid(field, $"{field} is required (at most {max} characters).")
            : text;
    }

    private static DomainException Invalid(string field, string message, string code = OrderingErrors.InvalidAddress)
    {
        var exception = new DomainException(code, message);
        exception.Details["field"] = "shippingAddress." + field;
        return exception;
    }

    private sealed record PostcodeRule(Regex Pattern, string Example, Func<Match, string> Normalise);

    private static PostcodeRule Rule(string pattern, string example, Func<Match, string>? normalise = null) =>
        new(new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(100)), example, normalise ?? (m => m.Value));

    private static string Join(Match m) => m.Groups["a"].Value + " " + m.Groups["b"].Value;

    private static string Joined(Match m, string separator) => m.Groups["a"].Value + separator + m.Groups["b"].Value;

    // UK: the Royal Mail format (outward code, space, inward code), BFPO and overseas territories excluded.
    private static readonly Dictionary<string, PostcodeRule> Postcodes = new(StringComparer.Ordinal)
    {
        ["GB"] = Rule("^(?<a>GIR|[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?(?<b>[0-9][ABD-HJLNP-UW-Z]{2})$", "SW1A 1AA", Join),
        ["IE"] = Rule("^(?<a>[AC-FHKNPRTV-Y][0-9]{2}|D6W) ?(?<b>[0-9AC-FHKNPRTV-Y]{4})$", "D02 X285", Join),
        ["FR"] = Rule("^[0-9]{5}$", "75008"),
        ["DE"] = Rule("^[0-9]{5}$", "10115"),
        ["ES"] = Rule("^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$", "28013"),
        ["IT"] = Rule("^[0-9]{5}$", "00184"),
        ["FI"] = Rule("^[0-9]{5}$", "00100"),
        ["NL"] = Rule("^(?<a>[1-9][0-9]{3}) ?(?<b>[A-RT-Z][A-Z]|S[BCE-RT-Z])$", "1012 AB", Join),
        ["BE"] = Rule("^[1-9][0-9]{3}$", "1000"),
        ["AT"] = Rule("^[1-9][0-9]{3}$", "1010"),
        ["DK"] = Rule("^[1-9][0-9]{3}$", "1050"),
        ["LU"] = Rule("^(L-?)?(?<a>[0-9]{4})$", "1111", m => m.Groups["a"].Value),
        ["PT"] = Rule("^(?<a>[1-9][0-9]{3})-?(?<b>[0-9]{3})$", "1100-148", m => Joined(m, "-")),
        ["PL"] = Rule("^(?<a>[0-9]{2})-?(?<b>[0-9]{3})$", "00-950", m => Joined(m, "-")),
        ["SE"] = Rule("^(?<a>[1-9][0-9]{2}) ?(?<b>[0-9]{2})$", "114 55", Join),
        ["CZ"] = Rule("^(?<a>[1-7][0-9]{2}) ?(?<b>[0-9]{2})$", "110 00", Join),
    };

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
