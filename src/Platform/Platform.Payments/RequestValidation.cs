using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Payments;

/// <summary>Checks both providers apply before anything is sent or stored (Stripe's own limits).</summary>
internal static class RequestValidation
{
    private static readonly string[] RefundReasons = ["duplicate", "fraudulent", "requested_by_customer"];

    public static void Validate(CheckoutSessionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(!string.IsNullOrWhiteSpace(request.ClientReferenceId) && request.ClientReferenceId.Length <= 200,
            "client_reference_id must be 1–200 characters.", "client_reference_id");
        Require(request.AmountPence > 0, "The amount must be greater than zero.", "amount", "amount_too_small");
        Require(request.Currency is { Length: 3 } c && c.All(char.IsAsciiLetterLower), "currency must be a lower-case ISO 4217 code, e.g. gbp.", "currency");
        Require(!string.IsNullOrWhiteSpace(request.Description) && request.Description.Length <= 500, "description must be 1–500 characters.", "description");
        Require(IsAbsoluteHttpUrl(request.SuccessUrl), "success_url must be an absolute http(s) URL.", "success_url", "url_invalid");
        Require(IsAbsoluteHttpUrl(request.CancelUrl), "cancel_url must be an absolute http(s) URL.", "cancel_url", "url_invalid");
        foreach (var item in request.EffectiveLineItems)
        {
            Require(!string.IsNullOrWhiteSpace(item.Name) && item.UnitAmountPence >= 0 && item.Quantity >= 1,
                "Each line item needs a name, a unit amount ≥ 0 and a quantity ≥ 1.", "line_items");
        }

        Require(request.EffectiveLineItems.Sum(i => i.UnitAmountPence * i.Quantity) == request.AmountPence,
            "The amount must equal the sum of the line items.", "line_items");
        Require(request.CustomerEmail is null || (request.CustomerEmail.Length <= 320 && request.CustomerEmail.IndexOf('@', StringComparison.Ordinal) > 0
                && !request.CustomerEmail.EndsWith('@') && !request.CustomerEmail.Any(char.IsWhiteSpace)),
            "customer_email must be an e-mail address.", "customer_email", "email_invalid");
        ValidateMetadata(request.Metadata);
        if (request.ExpiresAt is { } expiresAt)
        {
            Require(expiresAt >= now.AddMinutes(30) && expiresAt <= now.AddHours(24),
                "expires_at must be between 30 minutes and 24 hours from now.", "expires_at");
        }

        ValidateIdempotencyKey(request.IdempotencyKey);
    }

    public static void Validate(RefundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(!string.IsNullOrWhiteSpace(request.PaymentIntentId), "payment_intent is required.", "payment_intent");
        Require(request.AmountPence is null or > 0, "The refund amount must be greater than zero.", "amount");
        Require(request.Reason is null || RefundReasons.Contains(request.Reason),
            "reason must be duplicate, fraudulent or requested_by_customer.", "reason");
        ValidateMetadata(request.Metadata);
        ValidateIdempotencyKey(request.IdempotencyKey);
    }

    /// <summary>Fingerprint of a request without its idempotency key: same key + same fingerprint = a replay.</summary>
    public static string Fingerprint<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    private static void ValidateMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        Require(metadata.Count <= 50, "metadata can have at most 50 keys.", "metadata");
        foreach (var (key, value) in metadata)
        {
            Require(key.Length is > 0 and <= 40 && !key.Contains('[', StringComparison.Ordinal) && !key.Contains(']', StringComparison.Ordinal),
                "metadata keys must be 1–40 characters without square brackets.", "metadata");
            Require(value is not null && value.Length <= 500, "metadata values must be at most 500 characters.", "metadata");
        }
    }

    private static void ValidateIdempotencyKey(string? key) =>
        Require(key is null || key.Length is > 0 and <= 255, "Idempotency keys must be 1–255 characters.", "idempotency_key");

    private static bool IsAbsoluteHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void Require(bool condition, string message, string parameter, string code = "parameter_invalid")
    {
        if (!condition)
        {
            throw new PaymentInvalidRequestException(message, code, parameter);
        }
    }
}
