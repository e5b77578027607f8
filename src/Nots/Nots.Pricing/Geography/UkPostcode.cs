using System.Text.RegularExpressions;

namespace Nots.Pricing.Geography;

/// <summary>
/// A syntactically valid UK postcode, full (<c>BH15 1HJ</c>) or outward code only (<c>BH15</c>).
/// Girobank's <c>GIR 0AA</c>, BFPO numbers and overseas-territory codes are rejected: none is a place we can drive to.
/// </summary>
public sealed partial record UkPostcode(string Area, string Outward, string? Inward)
{
    public string Normalised => Inward is null ? Outward : $"{Outward} {Inward}";

    public override string ToString() => Normalised;

    public static bool TryParse(string? input, out UkPostcode? postcode, out string? problem)
    {
        postcode = null;
        var compact = new string((input ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        if (compact.Length == 0)
        {
            problem = "The postcode is empty.";
            return false;
        }

        if (compact.StartsWith("BFPO", StringComparison.Ordinal))
        {
            problem = "BFPO (British Forces) addresses cannot be used for a transfer.";
            return false;
        }

        if (compact == "GIR0AA")
        {
            problem = "GIR 0AA is a non-geographic postcode.";
            return false;
        }

        var match = PostcodePattern().Match(compact);
        if (!match.Success)
        {
            problem = $"'{input}' is not a UK postcode.";
            return false;
        }

        problem = null;
        var inward = match.Groups["in"].Success ? match.Groups["in"].Value : null;
        postcode = new UkPostcode(match.Groups["area"].Value, match.Groups["out"].Value, inward);
        return true;
    }

    public static UkPostcode Parse(string input) =>
        TryParse(input, out var postcode, out var problem)
            ? postcode!
            : throw PricingErrors.Error(PricingErrors.InvalidPostcode, problem!);

    // Outward: area (1-2 letters) + district (digit, then an optional digit or letter). Inward: digit + two letters
    // that are never C, I, K, M, O or V (Royal Mail's rule).
    [GeneratedRegex("^(?<out>(?<area>[A-Z]{1,2})[0-9][0-9A-Z]?)(?<in>[0-9][ABD-HJLNP-UW-Z]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex PostcodePattern();
}
