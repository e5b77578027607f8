using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Nots.Bookings.Domain;

/// <summary>Flight numbers: IATA (<c>BA123</c>, <c>U2 8012</c>) or ICAO (<c>EZY8012</c>) airline code, 1–4 digits, optional suffix.</summary>
internal static partial class FlightNumber
{
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? flight)
    {
        flight = null;
        var text = input?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (string.IsNullOrEmpty(text) || !Pattern().IsMatch(text))
        {
            return false;
        }

        flight = text;
        return true;
    }

    [GeneratedRegex(@"^(?:[A-Z]{3}|[A-Z][A-Z0-9]|[0-9][A-Z])[0-9]{1,4}[A-Z]?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
