namespace Platform.Payments;

/// <summary>
/// A payment provider refused or failed a request. <see cref="Code"/> is Stripe's error code
/// (e.g. <c>card_declined</c>, <c>resource_missing</c>) for both providers, so callers map it once.
/// </summary>
public abstract class PaymentException(string message, string? code, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Stripe-style error code, when there is one.</summary>
    public string? Code { get; } = code;

    /// <summary>HTTP status the provider answered with (Stripe adapter), when known.</summary>
    public int? ProviderStatusCode { get; internal set; }
}

/// <summary>The request is invalid (HTTP 400 from Stripe).</summary>
public class PaymentInvalidRequestException(string message, string? code = null, string? parameter = null)
    : PaymentException(message, code)
{
    /// <summary>The offending parameter, when the provider names it.</summary>
    public string? Parameter { get; } = parameter;
}

/// <summary>The refund is larger than what was captured and not yet refunded.</summary>
public sealed class RefundExceedsCapturedAmountException(string message, long? refundablePence = null)
    : PaymentInvalidRequestException(message, "amount_too_large", "amount")
{
    /// <summary>What can still be refunded, when known.</summary>
    public long? RefundablePence { get; } = refundablePence;
}

/// <summary>The idempotency key was already used with a different request.</summary>
public sealed class PaymentIdempotencyException(string message) : PaymentException(message, "idempotency_key_in_use");

/// <summary>The card was declined (HTTP 402 from Stripe).</summary>
public sealed class PaymentCardException(string message, string? code, string? declineCode) : PaymentException(message, code)
{
    /// <summary>The issuer's reason, e.g. <c>insufficient_funds</c>.</summary>
    public string? DeclineCode { get; } = declineCode;
}

/// <summary>No such session, payment or refund (HTTP 404 from Stripe).</summary>
public sealed class PaymentNotFoundException(string message) : PaymentException(message, "resource_missing");

/// <summary>The request conflicts with another one in flight (HTTP 409 from Stripe).</summary>
public sealed class PaymentConflictException(string message, string? code) : PaymentException(message, code);

/// <summary>The provider rejected the API key (HTTP 401/403 from Stripe).</summary>
public sealed class PaymentAuthenticationException(string message, string? code) : PaymentException(message, code);

/// <summary>Too many requests (HTTP 429), still failing after the adapter's retries.</summary>
public sealed class PaymentRateLimitException(string message, string? code) : PaymentException(message, code);

/// <summary>The provider is down or unreachable (5xx, network), still failing after the adapter's retries.</summary>
public sealed class PaymentProviderUnavailableException(string message, string? code, Exception? inner = null)
    : PaymentException(message, code, inner);
