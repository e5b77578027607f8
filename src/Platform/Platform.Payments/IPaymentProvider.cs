namespace Platform.Payments;

/// <summary>
/// The payment port: hosted checkout sessions and refunds, shaped like Stripe Checkout. Products never see
/// card data; the customer pays on the provider's hosted page and the outcome arrives as a signed webhook
/// (<see cref="Webhooks.PaymentEvent"/>). Implemented by the embedded Sandbox provider (default) and the
/// Stripe adapter (when <c>Payments:Stripe:SecretKey</c> is set).
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The provider's name: <c>Sandbox</c> or <c>Stripe</c>.</summary>
    string Name { get; }

    /// <summary>Creates a hosted checkout session; redirect the customer to <see cref="CheckoutSession.Url"/>.</summary>
    /// <exception cref="PaymentInvalidRequestException">The request is invalid.</exception>
    /// <exception cref="PaymentIdempotencyException">The idempotency key was used with a different request.</exception>
    Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a checkout session's current state.</summary>
    /// <exception cref="PaymentNotFoundException">No such session.</exception>
    Task<CheckoutSession> GetCheckoutSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Refunds all or part of a captured payment.</summary>
    /// <exception cref="RefundExceedsCapturedAmountException">The amount exceeds what is left to refund.</exception>
    /// <exception cref="PaymentNotFoundException">No such payment intent.</exception>
    /// <exception cref="PaymentIdempotencyException">The idempotency key was used with a different request.</exception>
    Task<PaymentRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default);
}
