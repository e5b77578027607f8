using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Platform.Notifications;

/// <summary>
/// Phone numbers as people type them, UK and international, normalised to E.164 (what the SMS port needs).
/// UK: <c>07700 900123</c>, <c>+44 7700 900123</c>, <c>+44 (0)7700 900123</c>, <c>0044 7700 900123</c>, landlines
/// <c>01202 123456</c> / <c>020 7946 0000</c>. International: <c>+</c> or <c>00</c>, country code, 8–15 digits in all.
/// </summary>
public static partial class PhoneNumber
{
    /// <summary>The number in E.164 (<c>+447700900123</c>), or false when it is not a phone number.</summary>
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
            var national = international[2..];
            if (!IsUkNationalNumber(national))
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

    // UK national significant numbers: 10 digits (9 for a few 01 areas); first digit 1, 2, 3, 5, 7 or 8.
    private static bool IsUkNationalNumber(string national) =>
        national.Length > 0 && national[0] is '1' or '2' or '3' or '5' or '7' or '8'
        && (national.Length == 10 || (national.Length == 9 && national[0] == '1'));

    [GeneratedRegex(@"^\+?[0-9 ()\-.]{6,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedCharacters();
}

/// <summary>E-mail addresses: one address, no display name, a dotted domain.</summary>
public static class EmailAddress
{
    /// <summary>The address trimmed, or false when it is not one plain address.</summary>
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
}
