using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Nots.Fleet.Domain.Rules;

/// <summary>
/// Phone numbers: E.164 as given (<c>+33123456789</c>), or a UK number as people type it (<c>07700 900123</c>,
/// <c>+44 (0)7700 900123</c>, <c>0044 …</c>, <c>01202 123456</c>) normalised to E.164 — what the SMS port needs.
/// </summary>
internal static partial class PhoneNumber
{
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var text = input.Trim().Replace("(0)", "", StringComparison.Ordinal);
        if (!AllowedCharacters().IsMatch(text) || text.LastIndexOf('+') > 0)
        {
            return false;
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        string international;
        if (text.StartsWith('+'))
        {
            international = digits;
        }
        else if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            international = digits[2..];
        }
        else if (digits.StartsWith('0'))
        {
            international = "44" + digits[1..];
        }
        else
        {
            return false;
        }

        if (international.StartsWith("44", StringComparison.Ordinal))
        {
            // UK national significant numbers: 10 digits (9 for a few 01 areas); first digit 1, 2, 3, 5, 7 or 8.
            var national = international[2..];
            if (!(national.Length > 0 && national[0] is '1' or '2' or '3' or '5' or '7' or '8'
                && (national.Length == 10 || (national.Length == 9 && national[0] == '1'))))
            {
                return false;
            }
        }
        else if (international.Length is < 8 or > 15 || international[0] == '0')
        {
            return false;
        }

        e164 = "+" + international;
        return true;
    }

    [GeneratedRegex(@"^\+?[0-9 ()\-.]{6,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedCharacters();
}

/// <summary>E-mail addresses: one address, no display name, a dotted domain.</summary>
internal static class EmailAddress
{
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? email)
    {
        email = null;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 254 || !MailAddress.TryCreate(text, out var parsed)
            || parsed.Address != text || !parsed.Host.Contains('.', StringComparison.Ordinal) || parsed.Host.EndsWith('.'))
        {
            return false;
        }

        email = text;
        return true;
    }

    /// <summary>The form uniqueness is checked on (as Identity does): upper case, invariant.</summary>
    public static string Key(string email) => email.ToUpperInvariant();
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
