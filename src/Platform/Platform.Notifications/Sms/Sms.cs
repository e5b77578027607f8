using System.Text.RegularExpressions;

namespace Platform.Notifications;

/// <summary>A text message.</summary>
/// <param name="To">The recipient in E.164 form, e.g. <c>+447700900123</c>.</param>
/// <param name="Text">The message text.</param>
public sealed record SmsMessage(string To, string Text);

/// <summary>
/// Delivers text messages. The embedded default writes them to the SMS log table (the "provider" of the
/// embedded mode); an HTTP SMS provider adapter can replace it.
/// </summary>
public interface ISmsSender
{
    /// <summary>Hands the message to the provider; throws when it was not accepted.</summary>
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}

/// <summary>E.164 phone numbers.</summary>
public static partial class E164
{
    /// <summary>True for <c>+</c> followed by 8 to 15 digits, the first not zero.</summary>
    public static bool IsValid(string? number) => number is not null && Pattern().IsMatch(number);

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>How a text message is encoded on the air.</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 03.38 7-bit alphabet: 160 characters, 153 per part when split.</summary>
    Gsm7,

    /// <summary>UCS-2 for anything outside GSM-7 (emoji, most accents): 70 units, 67 per part when split.</summary>
    Ucs2,
}

/// <summary>Counts the parts (segments) a text message is billed and sent as.</summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Escaped characters cost two septets each.
    private const string Extension = "^{}\\[~]|€\f";

    /// <summary>The encoding a text needs: GSM-7 when every character is in the GSM alphabet, UCS-2 otherwise.</summary>
    public static SmsEncoding EncodingOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (!Basic.Contains(c, StringComparison.Ordinal) && !Extension.Contains(c, StringComparison.Ordinal))
            {
                return SmsEncoding.Ucs2;
            }
        }

        return SmsEncoding.Gsm7;
    }

    /// <summary>The number of parts: 0 for empty text; otherwise per GSM-7 (160/153) or UCS-2 (70/67) rules.</summary>
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 0;
        }

        var gsm = EncodingOf(text) == SmsEncoding.Gsm7;
        var single = gsm ? 160 : 70;
        var part = gsm ? 153 : 67;

        var total = 0;
        var costs = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            int cost;
            if (gsm)
            {
                cost = Extension.Contains(text[i], StringComparison.Ordinal) ? 2 : 1;
            }
            else if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A surrogate pair is never split across parts.
                cost = 2;
                i++;
            }
            else
            {
                cost = 1;
            }

            costs.Add(cost);
            total += cost;
        }

        if (total <= single)
        {
            return 1;
        }

        // Escape sequences and surrogate pairs stay whole, so pack greedily rather than divide.
        var parts = 1;
        var used = 0;
        foreach (var cost in costs)
        {
            if (used + cost > part)
            {
                parts++;
                used = 0;
            }

            used += cost;
        }

        return parts;
    }
}
