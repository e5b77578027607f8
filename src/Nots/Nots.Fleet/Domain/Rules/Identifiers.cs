using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Nots.Fleet.Domain.Rules;

/// <summary>The form e-mail uniqueness is checked on (as Identity does): upper case, invariant.</summary>
internal static class EmailKey
{
    public static string Of(string email) => email.ToUpperInvariant();
}

/// <summary>
/// DVLA driving licence numbers (GB photocard, 16 characters): 5 from the surname (padded with 9), 6 digits (decade,
/// month — plus 5 for women — day, year), 2 initials (padded with 9), 1 digit, 2 check characters. Spaces are ignored.
/// </summary>
internal static partial class LicenceNumber
{
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? licence)
    {
        licence = null;
        var text = input?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (text is null || !Pattern().IsMatch(text))
        {
            return false;
        }

        var month = int.Parse(text.AsSpan(6, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(text.AsSpan(8, 2), CultureInfo.InvariantCulture);
        if (month is not ((>= 1 and <= 12) or (>= 51 and <= 62)) || day is < 1 or > 31)
        {
            return false;
        }

        licence = text;
        return true;
    }

    [GeneratedRegex("^[A-Z9]{5}[0-9]{6}[A-Z9]{2}[0-9][A-Z0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>Council badge and plate numbers: letters, digits, <c>-</c> and <c>/</c>, upper-cased, 1–30 characters.</summary>
internal static partial class CouncilNumber
{
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? number)
    {
        number = null;
        var text = input?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(text) || !Pattern().IsMatch(text))
        {
            return false;
        }

        number = text;
        return true;
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9/ -]{0,28}[A-Z0-9]?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>
/// UK registration marks, upper-cased and written the DVLA way: current (<c>HF71 ABC</c>), prefix (<c>A123 BCD</c>),
/// suffix (<c>ABC 123D</c>), dateless (<c>ABC 123</c>, <c>1234 AB</c>) and Northern Ireland (<c>ABZ 1234</c>).
/// </summary>
internal static partial class Registration
{
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? registration)
    {
        registration = null;
        var text = input?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        if (string.IsNullOrEmpty(text) || text.Length > 8)
        {
            return false;
        }

        if (Current().IsMatch(text))
        {
            registration = text[..4] + " " + text[4..];
        }
        else if (Prefix().Match(text) is { Success: true } prefix)
        {
            registration = prefix.Groups[1].Value + " " + prefix.Groups[2].Value;
        }
        else if (Suffix().Match(text) is { Success: true } suffix)
        {
            registration = suffix.Groups[1].Value + " " + suffix.Groups[2].Value;
        }
        else if (DatelessLettersFirst().Match(text) is { Success: true } lettersFirst)
        {
            registration = lettersFirst.Groups[1].Value + " " + lettersFirst.Groups[2].Value;
        }
        else if (DatelessDigitsFirst().Match(text) is { Success: true } digitsFirst)
        {
            registration = digitsFirst.Groups[1].Value + " " + digitsFirst.Groups[2].Value;
        }

        return registration is not null;
    }

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Current();

    [GeneratedRegex("^([A-Z][0-9]{1,3})([A-Z]{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex("^([A-Z]{3})([0-9]{1,3}[A-Z])$", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();

    [GeneratedRegex("^([A-Z]{1,3})([0-9]{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatelessLettersFirst();

    [GeneratedRegex("^([0-9]{1,4})([A-Z]{1,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatelessDigitsFirst();
}
