using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Payments.Webhooks;

/// <summary>Outcome of checking a <c>Stripe-Signature</c> header.</summary>
public enum WebhookSignatureResult
{
    /// <summary>The payload was signed with the secret within the tolerance.</summary>
    Valid,

    /// <summary>No header, or an empty one.</summary>
    MissingHeader,

    /// <summary>The header has no usable <c>t=</c> timestamp or no <c>v1=</c> signature.</summary>
    MalformedHeader,

    /// <summary>The timestamp is further from now than the tolerance (a replay, or a clock far off).</summary>
    TimestampOutsideTolerance,

    /// <summary>No <c>v1</c> signature matches: wrong secret or a tampered payload.</summary>
    SignatureMismatch,
}

/// <summary>
/// Stripe's webhook signature scheme: header <c>t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.payload")&gt;</c>.
/// The secret's UTF-8 bytes (including any <c>whsec_</c> prefix) are the HMAC key, as in Stripe's libraries.
/// </summary>
public static class StripeWebhookSignature
{
    /// <summary>The HTTP header Stripe puts the signature in.</summary>
    public const string HeaderName = "Stripe-Signature";

    /// <summary>Stripe's default tolerance.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Signs a payload as Stripe does and returns the header value.</summary>
    public static string Sign(string payload, string secret, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Compute(t, payload, secret))}";
    }

    /// <summary>
    /// Verifies a header against the payload as Stripe documents: every <c>v1</c> entry is tried (several appear
    /// while a secret is being rolled), compared in constant time; other schemes (<c>v0</c>) are ignored.
    /// </summary>
    public static WebhookSignatureResult Verify(string payload, string? header, string secret, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return WebhookSignatureResult.MissingHeader;
        }

        string? timestamp = null;
        var signatures = new List<byte[]>();
        var sawV1 = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key == "t")
            {
                if (timestamp is not null)
                {
                    return WebhookSignatureResult.MalformedHeader;
                }

                timestamp = value;
            }
            else if (key == "v1")
            {
                sawV1 = true;
                if (value.Length == 64 && IsHex(value))
                {
                    signatures.Add(Convert.FromHexString(value));
                }
            }
        }

        if (timestamp is null || !sawV1
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || unix is < 0 or > 253402300799)
        {
            return WebhookSignatureResult.MalformedHeader;
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(unix);
        if ((now - signedAt).Duration() > (tolerance ?? DefaultTolerance))
        {
            return WebhookSignatureResult.TimestampOutsideTolerance;
        }

        var expected = Compute(timestamp, payload, secret);
        var match = false;
        foreach (var signature in signatures)
        {
            // No early exit: every candidate is compared in constant time.
            match |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        return match ? WebhookSignatureResult.Valid : WebhookSignatureResult.SignatureMismatch;
    }

    private static byte[] Compute(string timestamp, string payload, string secret) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + payload));

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
