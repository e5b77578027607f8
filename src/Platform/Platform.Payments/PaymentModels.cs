namespace Platform.Payments;

/// <summary>One line of a checkout: a name, a unit price in minor units and a quantity.</summary>
/// <param name="Name">What the customer sees, e.g. "Heathrow T5 → Oxford, 3 May 09:00".</param>
/// <param name="UnitAmountPence">Unit price in minor units (pence).</param>
/// <param name="Quantity">At least 1.</param>
public sealed record CheckoutLineItem(string Name, long UnitAmountPence, int Quantity = 1);

/// <summary>What to charge and where to send the customer afterwards.</summary>
/// <param name="ClientReferenceId">The product's own reference (booking reference, order number); echoed in every event.</param>
/// <param name="AmountPence">Total in minor units; must equal the sum of <see cref="LineItems"/> when they are given.</param>
/// <param name="Currency">ISO 4217 code in lower case, e.g. <c>gbp</c>.</param>
/// <param name="Description">Shown on the hosted page; also the single line item when <see cref="LineItems"/> is null.</param>
/// <param name="SuccessUrl">Absolute URL the customer returns to after paying.</param>
/// <param name="CancelUrl">Absolute URL the customer returns to when they give up.</param>
public sealed record CheckoutSessionRequest(
    string ClientReferenceId,
    long AmountPence,
    string Currency,
    string Description,
    string SuccessUrl,
    string CancelUrl)
{
    /// <summary>Itemised lines; null means one line of <see cref="Description"/> × 1.</summary>
    public IReadOnlyList<CheckoutLineItem>? LineItems { get; init; }

    /// <summary>Pre-fills the receipt e-mail on the hosted page.</summary>
    public string? CustomerEmail { get; init; }

    /// <summary>Key/value pairs echoed on the session, its payment and its events.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Makes a retried create safe: the same key and request return the same session.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>When the session stops accepting payment; default (and maximum) 24 hours, at least 30 minutes.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The line items to charge: <see cref="LineItems"/> or one line of the description.</summary>
    public IReadOnlyList<CheckoutLineItem> EffectiveLineItems =>
        LineItems is { Count: > 0 } items ? items : [new CheckoutLineItem(Description, AmountPence)];
}

/// <summary>A hosted checkout session.</summary>
/// <param name="Id">Provider id (<c>cs_…</c>).</param>
/// <param name="Url">Where to send the customer (absolute, or app-relative for the Sandbox without a base URL).</param>
/// <param name="Status"><c>open</c>, <c>complete</c> or <c>expired</c>.</param>
/// <param name="PaymentStatus"><c>unpaid</c> or <c>paid</c>.</param>
/// <param name="AmountTotal">Total in minor units.</param>
/// <param name="Currency">Lower-case ISO 4217 code.</param>
/// <param name="ClientReferenceId">The product's reference.</param>
/// <param name="PaymentIntentId">The payment (<c>pi_…</c>), once the customer has tried to pay.</param>
/// <param name="ExpiresAt">When the session stops accepting payment.</param>
/// <param name="Metadata">The metadata given at creation.</param>
public sealed record CheckoutSession(
    string Id,
    string? Url,
    string Status,
    string PaymentStatus,
    long AmountTotal,
    string Currency,
    string? ClientReferenceId,
    string? PaymentIntentId,
    DateTimeOffset ExpiresAt,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>True once the customer has paid.</summary>
    public bool IsPaid => PaymentStatus == "paid";
}

/// <summary>A refund of all or part of a payment.</summary>
/// <param name="PaymentIntentId">The payment to refund (<c>pi_…</c>).</param>
/// <param name="AmountPence">Amount in minor units; null refunds everything not yet refunded.</param>
public sealed record RefundRequest(string PaymentIntentId, long? AmountPence)
{
    /// <summary>Stripe's reasons: <c>duplicate</c>, <c>fraudulent</c>, <c>requested_by_customer</c>; null for none.</summary>
    public string? Reason { get; init; }

    /// <summary>Makes a retried refund safe: the same key and request return the same refund.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Key/value pairs kept on the refund.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>A refund.</summary>
/// <param name="Id">Provider id (<c>re_…</c>).</param>
/// <param name="Status"><c>succeeded</c>, <c>pending</c>, <c>failed</c> or <c>canceled</c>.</param>
/// <param name="AmountPence">Refunded amount in minor units.</param>
/// <param name="Currency">Lower-case ISO 4217 code.</param>
/// <param name="PaymentIntentId">The refunded payment.</param>
public sealed record PaymentRefund(string Id, string Status, long AmountPence, string Currency, string PaymentIntentId);
