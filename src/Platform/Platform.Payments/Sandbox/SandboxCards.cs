using System.Globalization;

namespace Platform.Payments.Sandbox;

/// <summary>What a test card does, as in Stripe's test mode.</summary>
internal sealed record CardOutcome(bool Succeeds, string? Code = null, string? DeclineCode = null, string? Message = null);

/// <summary>Card-form validation and Stripe's documented test cards.</summary>
internal static class SandboxCards
{
    private static readonly CardOutcome Success = new(true);

    private static readonly Dictionary<string, CardOutcome> Outcomes = new(StringComparer.Ordinal)
    {
        ["4242424242424242"] = Success,
        ["4000056655665556"] = Success,
        ["5555555555554444"] = Success,
        ["378282246310005"] = Success,
        ["4000000000000002"] = new(false, "card_declined", "generic_decline", "Your card was declined."),
        ["4000000000009995"] = new(false, "card_declined", "insufficient_funds", "Your card has insufficient funds."),
        ["4000000000009987"] = new(false, "card_declined", "lost_card", "Your card was declined."),
        ["4000000000000069"] = new(false, "expired_card", "expired_card", "Your card has expired."),
        ["4000000000000127"] = new(false, "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
    };

    /// <summary>A card the Sandbox does not know behaves like a real card in Stripe's test mode: declined.</summary>
    private static readonly CardOutcome LiveCardInTestMode =
        new(false, "card_declined", "test_mode_live_card", "Your card was declined. Use a Stripe test card in the Sandbox.");

    public static CardOutcome OutcomeOf(string digits) => Outcomes.GetValueOrDefault(digits) ?? LiveCardInTestMode;

    /// <summary>Validates the three fields; returns field errors keyed by form field name.</summary>
    public static Dictionary<string, string> Validate(string? number, string? expiry, string? cvc, DateTimeOffset now, out string digits)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        digits = new string((number ?? "").Where(char.IsAsciiDigit).ToArray());
        var onlyDigitsAndSpaces = (number ?? "").All(c => char.IsAsciiDigit(c) || c is ' ' or '-');
        if (digits.Length == 0)
        {
            errors["card_number"] = "Enter your card number.";
        }
        else if (!onlyDigitsAndSpaces || digits.Length is < 12 or > 19 || !PassesLuhn(digits))
        {
            errors["card_number"] = "Your card number is invalid.";
        }

        var expiryText = new string((expiry ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (expiryText.Length == 0)
        {
            errors["expiry"] = "Enter your card's expiry date.";
        }
        else if (!TryParseExpiry(expiryText, out var month, out var year))
        {
            errors["expiry"] = "Your card's expiry date is invalid. Use MM/YY.";
        }
        else if (year < now.Year || (year == now.Year && month < now.Month))
        {
            errors["expiry"] = "Your card's expiry date is in the past.";
        }

        var cvcText = (cvc ?? "").Trim();
        var amex = digits.StartsWith("34", StringComparison.Ordinal) || digits.StartsWith("37", StringComparison.Ordinal);
        if (cvcText.Length == 0)
        {
            errors["cvc"] = "Enter your card's security code.";
        }
        else if (!cvcText.All(char.IsAsciiDigit) || (amex ? cvcText.Length != 4 : cvcText.Length != 3))
        {
            errors["cvc"] = amex ? "Your card's security code is 4 digits." : "Your card's security code is 3 digits.";
        }

        return errors;
    }

    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    private static bool TryParseExpiry(string text, out int month, out int year)
    {
        month = 0;
        year = 0;
        var parts = text.Split('/');
        string mm;
        string yy;
        if (parts.Length == 2)
        {
            (mm, yy) = (parts[0], parts[1]);
        }
        else if (parts.Length == 1 && text.Length == 4)
        {
            (mm, yy) = (text[..2], text[2..]);
        }
        else
        {
            return false;
        }

        if (mm.Length is < 1 or > 2 || yy.Length is not (2 or 4)
            || !int.TryParse(mm, NumberStyles.None, CultureInfo.InvariantCulture, out month)
            || !int.TryParse(yy, NumberStyles.None, CultureInfo.InvariantCulture, out year)
            || month is < 1 or > 12)
        {
            return false;
        }

        if (yy.Length == 2)
        {
            year += 2000;
        }

        return true;
    }
}
