using System.Security.Cryptography;
using System.Text;
using Platform.Web;

namespace NovaTech.Ordering.Domain;

internal enum OrderStatus
{
    PendingPayment,
    Paid,
    Fulfilling,
    Shipped,
    Delivered,
    Cancelled,
    PaymentFailed,
    Refunded,
    PartiallyRefunded,
}

/// <summary>Where the goods of a paid order are, whatever happened to the money meanwhile. Only moves forward.</summary>
internal enum FulfilmentStage
{
    None,
    Fulfilling,
    Shipped,
    Delivered,
}

/// <summary>What goes into a new order line (catalog facts as read at checkout).</summary>
internal sealed record NewOrderLine(string Sku, string ProductName, string VariantName, long UnitPricePence, int Quantity, int VatRateBasisPoints, int WeightGrams);

/// <summary>One line of a refund: how many units of which order line, and whether they came back to a warehouse.</summary>
internal sealed record RefundLineRequest(int LineNumber, int Quantity, bool Returned);

/// <summary>
/// An order: from <see cref="OrderStatus.PendingPayment"/> to <see cref="OrderStatus.Delivered"/>, or
/// <see cref="OrderStatus.Cancelled"/>, <see cref="OrderStatus.PaymentFailed"/>, <see cref="OrderStatus.Refunded"/> /
/// <see cref="OrderStatus.PartiallyRefunded"/>. Every business method checks its transition and throws otherwise;
/// <see cref="Version"/> makes two nodes changing one order at once conflict instead of overwrite.
/// </summary>
internal sealed partial class Order
{
    private Order()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public OrderStatus Status { get; private set; }

    public string Email { get; private set; } = "";

    public Guid? CustomerId { get; private set; }

    public Guid CartId { get; private set; }

    /// <summary>SHA-256 of the guest's order token; the token itself is shown once.</summary>
    public string GuestTokenHash { get; private set; } = "";

    public ShippingAddress ShippingAddress { get; private set; } = null!;

    public string ShippingMethod { get; private set; } = "";

    public long ShippingPence { get; private set; }

    public long SubtotalPence { get; private set; }

    public long TotalPence { get; private set; }

    public long VatPence { get; private set; }

    public string Currency { get; private set; } = "gbp";

    public DateOnly EarliestDelivery { get; private set; }

    public DateOnly LatestDelivery { get; private set; }

    /// <summary>The stock reservation currently backing the order (a new one if it was re-reserved after expiry).</summary>
    public Guid ReservationId { get; private set; }

    public string? PaymentSessionId { get; private set; }

    public string? CheckoutUrl { get; private set; }

    public string? PaymentIntentId { get; private set; }

    public string? PaymentFailureCode { get; private set; }

    public long RefundedPence { get; private set; }

    public bool ShippingRefunded { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public List<OrderLine> Lines { get; private set; } = [];

    public List<OrderRefund> Refunds { get; private set; } = [];

    /// <summary>How far fulfilment got (from fulfilment's events); <see cref="Status"/> follows it unless the order ended.</summary>
    public FulfilmentStage Fulfilment { get; private set; }

    /// <summary>Parcels fulfilment dispatched for the order, as its events told us.</summary>
    public List<OrderShipment> Shipments { get; private set; } = [];

    /// <summary>What happened to the order, for the customer and support (appended, never rewritten).</summary>
    public List<OrderHistoryEntry> History { get; private set; } = [];

    public bool WasPaid => PaymentIntentId is not null;

    public static Order Place(string number, Guid cartId, Guid? customerId, string email, ShippingAddress address, ShippingQuote shipping,
        IReadOnlyList<NewOrderLine> lines, Guid reservationId, DateTimeOffset now, out string guestToken)
    {
        if (lines.Count == 0)
        {
            throw new DomainException(OrderingErrors.CartEmpty, "An order needs at least one line.");
        }

        guestToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Guid.CreateVersion7(now);
        var order = new Order
        {
            Id = id,
            Number = number,
            Status = OrderStatus.PendingPayment,
            Email = email.Trim(),
            CustomerId = customerId,
            CartId = cartId,
            GuestTokenHash = HashToken(guestToken),
            ShippingAddress = address,
            ShippingMethod = shipping.Method,
            ShippingPence = shipping.PricePence,
            EarliestDelivery = shipping.EarliestDelivery,
            LatestDelivery = shipping.LatestDelivery,
            ReservationId = reservationId,
            PlacedAt = now,
            UpdatedAt = now,
        };
        var number1 = 1;
        foreach (var line in lines)
        {
            order.Lines.Add(OrderLine.Create(id, number1++, line));
        }

        order.SubtotalPence = order.Lines.Sum(l => l.LineTotalPence);
        order.TotalPence = order.SubtotalPence + order.ShippingPence;
        order.VatPence = order.Lines.Sum(l => l.VatPence) + Vat.IncludedIn(order.ShippingPence, Vat.StandardRateBasisPoints);
        order.Note("Order placed; waiting for payment.", now);
        return order;
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool HasGuestToken(string? token) =>
        !string.IsNullOrEmpty(token) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashToken(token)), Encoding.ASCII.GetBytes(GuestTokenHash));

    public void AttachPaymentSession(string sessionId, string? url, DateTimeOffset now)
    {
        PaymentSessionId = sessionId;
        CheckoutUrl = url;
        Touch(now);
    }

    /// <summary>The payment arrived and the stock is ours (committed reservation <paramref name="reservationId"/>).</summary>
    public void MarkPaid(string? paymentIntentId, Guid reservationId, DateTimeOffset now)
    {
        Require(Status is OrderStatus.PendingPayment or OrderStatus.PaymentFailed, "mark as paid");
        Status = OrderStatus.Paid;
        PaymentIntentId = paymentIntentId;
        ReservationId = reservationId;
        PaymentFailureCode = null;
        PaidAt = now;
        Note("Payment received.", now);
        Touch(now);
    }

    /// <summary>
    /// The money arrived but there is nothing to sell (the reservation expired and the stock is gone, or the order was
    /// cancelled meanwhile): keep the payment on record and refund all of it.
    /// </summary>
    public OrderRefund AcceptPaymentToRefund(string? paymentIntentId, string reason, Guid refundId, DateTimeOffset now)
    {
        Require(Status is OrderStatus.PendingPayment or OrderStatus.PaymentFailed or OrderStatus.Cancelled, "refund a late payment for");
        PaymentIntentId = paymentIntentId;
        PaidAt = now;
        Status = OrderStatus.Cancelled;
        CancellationReason = reason;
        CancelledAt ??= now;
        Note($"Payment arrived for an order that cannot be fulfilled ({reason}); refunding it in full.", now);
        return AddRefund(refundId, Lines.Select(l => new RefundLineRequest(l.LineNumber, l.Quantity - l.RefundedQuantity, false)).ToList(), true, reason, now);
    }

    public void MarkPaymentFailed(string? failureCode, DateTimeOffset now)
    {
        Require(Status is OrderStatus.PendingPayment or OrderStatus.PaymentFailed, "record a failed payment for");
        Status = OrderStatus.PaymentFailed;
        PaymentFailureCode = failureCode;
        Note($"Payment failed ({failureCode ?? "declined"}).", now);
        Touch(now);
    }

    /// <summary>Before anything has shipped: once a parcel has left, the order is returned, not cancelled.</summary>
    public bool CanBeCancelledByCustomer => Status is OrderStatus.PendingPayment or OrderStatus.PaymentFailed or OrderStatus.Paid && Fulfilment == FulfilmentStage.None;

    /// <summary>
    /// Cancels before shipment. An unpaid order just ends (the caller releases its reservation); a paid one gets a
    /// pending refund of everything, with the units flagged as returned (they never left the warehouse).
    /// </summary>
    public OrderRefund? Cancel(string reason, Guid refundId, DateTimeOffset now)
    {
        if (!CanBeCancelledByCustomer)
        {
            throw DomainException.Conflict(OrderingErrors.NotCancellable, $"Order {Number} is {Status} and can no longer be cancelled.");
        }

        var paid = WasPaid;
        Status = OrderStatus.Cancelled;
        CancellationReason = reason;
        CancelledAt = now;
        Note($"Cancelled ({reason}).", now);
        Touch(now);
        return paid
            ? AddRefund(refundId, Lines.Where(l => l.Quantity > l.RefundedQuantity).Select(l => new RefundLineRequest(l.LineNumber, l.Quantity - l.RefundedQuantity, true)).ToList(), true, reason, now)
            : null;
    }

    /// <summary>The session expired unpaid: the order ends without a charge.</summary>
    public void ExpireUnpaid(DateTimeOffset now)
    {
        Require(Status is OrderStatus.PendingPayment or OrderStatus.PaymentFailed, "expire");
        Status = OrderStatus.Cancelled;
        CancellationReason = "payment_expired";
        CancelledAt = now;
        Note("Cancelled: the payment session expired unpaid.", now);
        Touch(now);
    }

    /// <summary>
    /// Fulfilment dispatched a parcel. The order becomes <see cref="OrderStatus.Fulfilling"/>, or
    /// <see cref="OrderStatus.Shipped"/> when nothing is left to ship. Events come at least once and unordered: a
    /// parcel already known changes nothing, and the stage never goes back.
    /// </summary>
    /// <returns>True when <see cref="Status"/> changed.</returns>
    public bool RecordShipmentDispatched(Guid shipmentId, string carrier, string trackingNumber, int units, bool orderFullyShipped, DateTimeOffset at, DateTimeOffset now)
    {
        if (Shipments.Any(s => s.ShipmentId == shipmentId))
        {
            return false;
        }

        Require(WasPaid, "ship");
        Shipments.Add(OrderShipment.Dispatched(Id, shipmentId, carrier, trackingNumber, units, at));
        Note($"{units} item(s) dispatched with {carrier}, tracking number {trackingNumber}.", now);
        return Advance(orderFullyShipped ? FulfilmentStage.Shipped : FulfilmentStage.Fulfilling, now);
    }

    /// <summary>
    /// A carrier moved one of the order's parcels. When every shipped line of a fully shipped order is delivered
    /// (<paramref name="orderFullyDelivered"/>) the order becomes <see cref="OrderStatus.Delivered"/>.
    /// </summary>
    /// <returns>True when <see cref="Status"/> changed.</returns>
    /// <exception cref="InvalidOperationException">The parcel's dispatch has not reached us yet: the caller retries later.</exception>
    public bool RecordShipmentStatus(Guid shipmentId, string status, string? description, bool orderFullyDelivered, DateTimeOffset at, DateTimeOffset now)
    {
        var shipment = Shipments.FirstOrDefault(s => s.ShipmentId == shipmentId)
            ?? throw new InvalidOperationException($"Shipment {shipmentId} of order {Number} is not known yet; its dispatch event comes first.");
        if (!shipment.Move(status, at))
        {
            return false;
        }

        Note($"Parcel {shipment.TrackingNumber}: {status}{(string.IsNullOrWhiteSpace(description) ? "" : " (" + description + ")")}.", now);
        if (orderFullyDelivered)
        {
            // Fulfilment saw every parcel delivered; another parcel's own event may still be on its way to us (and, older,
            // will then change nothing).
            foreach (var other in Shipments.Where(s => s.Status != "Delivered"))
            {
                other.Move("Delivered", at);
            }
        }

        var changed = orderFullyDelivered && Advance(FulfilmentStage.Delivered, now);
        Touch(now);
        return changed;
    }

    /// <summary>Moves the stage forward; the status follows unless the order ended (cancelled, fully refunded).</summary>
    private bool Advance(FulfilmentStage stage, DateTimeOffset now)
    {
        if (stage <= Fulfilment)
        {
            return false;
        }

        Fulfilment = stage;
        Touch(now);
        if (Status is not (OrderStatus.Paid or OrderStatus.Fulfilling or OrderStatus.Shipped or OrderStatus.PartiallyRefunded))
        {
            return false;
        }

        Status = stage switch
        {
            FulfilmentStage.Fulfilling => OrderStatus.Fulfilling,
            FulfilmentStage.Shipped => OrderStatus.Shipped,
            _ => OrderStatus.Delivered,
        };
        Note(Status switch
        {
            OrderStatus.Fulfilling => "Part of the order has shipped; the rest follows.",
            OrderStatus.Shipped => "Everything has shipped.",
            _ => "Everything has been delivered.",
        }, now);
        return true;
    }

    /// <summary>
    /// A merchant refunds lines (or, with no lines, everything left including shipping). The refund is pending until
    /// the provider confirms; the quantities count at once so two refunds cannot exceed what was bought.
    /// </summary>
    public OrderRefund RequestRefund(Guid refundId, IReadOnlyList<RefundLineRequest>? lines, string reason, DateTimeOffset now)
    {
        if (!WasPaid || Status is OrderStatus.PendingPayment or OrderStatus.PaymentFailed or OrderStatus.Refunded or OrderStatus.Cancelled)
        {
            throw DomainException.Conflict(OrderingErrors.NotRefundable, $"Order {Number} is {Status}; there is nothing to refund.");
        }

        var whole = lines is null || lines.Count == 0;
        var requested = whole
            ? Lines.Where(l => l.Quantity > l.RefundedQuantity).Select(l => new RefundLineRequest(l.LineNumber, l.Quantity - l.RefundedQuantity, false)).ToList()
            : lines!;
        return AddRefund(refundId, requested, whole, reason, now);
    }

    public void CompleteRefund(Guid refundId, string providerRefundId, DateTimeOffset now)
    {
        var refund = Refunds.Single(r => r.Id == refundId);
        refund.Succeed(providerRefundId, now);
        if (Status != OrderStatus.Cancelled)
        {
            Status = Lines.All(l => l.RefundedQuantity == l.Quantity) ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
        }

        Note(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Refunded {refund.AmountPence / 100m:0.00} GBP ({refund.Reason})."), now);

        Touch(now);
    }

    /// <summary>The provider refused: the quantities and amount are available to refund again.</summary>
    public void FailRefund(Guid refundId, string error, DateTimeOffset now)
    {
        var refund = Refunds.Single(r => r.Id == refundId);
        refund.Fail(error, now);
        foreach (var line in refund.Lines)
        {
            Lines.Single(l => l.LineNumber == line.LineNumber).Unrefund(line.Quantity);
        }

        RefundedPence -= refund.AmountPence;
        if (refund.IncludesShipping)
        {
            ShippingRefunded = false;
        }

        Touch(now);
    }

    public bool FullyRefunded => RefundedPence >= TotalPence;

    private OrderRefund AddRefund(Guid refundId, IReadOnlyList<RefundLineRequest> lines, bool includeShipping, string reason, DateTimeOffset now)
    {
        if (lines.GroupBy(l => l.LineNumber).Any(g => g.Count() > 1))
        {
            throw new DomainException(OrderingErrors.InvalidRefund, "Each order line may appear once in a refund.");
        }

        long amount = 0;
        foreach (var request in lines)
        {
            var line = Lines.FirstOrDefault(l => l.LineNumber == request.LineNumber)
                ?? throw new DomainException(OrderingErrors.InvalidRefund, $"Order {Number} has no line {request.LineNumber}.");
            if (request.Quantity < 1 || request.Quantity > line.Quantity - line.RefundedQuantity)
            {
                throw new DomainException(OrderingErrors.InvalidRefund,
                    $"Line {line.LineNumber} ({line.Sku}) has {line.Quantity - line.RefundedQuantity} unit(s) left to refund.");
            }

            line.Refund(request.Quantity, request.Returned);
            amount += line.RefundAmount(request.Quantity);
        }

        var shipping = includeShipping && !ShippingRefunded;
        if (shipping)
        {
            amount += ShippingPence;
            ShippingRefunded = true;
        }

        if (amount <= 0)
        {
            throw new DomainException(OrderingErrors.InvalidRefund, $"Order {Number} has nothing left to refund.");
        }

        RefundedPence += amount;
        var refund = OrderRefund.Pending(refundId, Id, amount, shipping, reason, lines, now);
        Refunds.Add(refund);
        Touch(now);
        return refund;
    }

    private void Require(bool allowed, string action)
    {
        if (!allowed)
        {
            throw DomainException.Conflict(OrderingErrors.InvalidTransition, $"Cannot {action} order {Number} while it is {Status}.");
        }
    }

    // Callers load the history with the order (OrderPayments.LoadAsync), so the next sequence number is known.
    private void Note(string note, DateTimeOffset now) =>
        History.Add(OrderHistoryEntry.Create(Id, History.Count == 0 ? 1 : History.Max(h => h.Sequence) + 1, Status, note, now));

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

internal sealed class OrderLine
{
    private OrderLine()
    {
    }

    public Guid OrderId { get; private set; }

    public int LineNumber { get; private set; }

    public string Sku { get; private set; } = "";

    public string ProductName { get; private set; } = "";

    public string VariantName { get; private set; } = "";

    public long UnitPricePence { get; private set; }

    public int Quantity { get; private set; }

    public int VatRateBasisPoints { get; private set; }

    public long LineTotalPence { get; private set; }

    /// <summary>VAT contained in the line total, rounded once per line.</summary>
    public long VatPence { get; private set; }

    public int WeightGrams { get; private set; }

    public int RefundedQuantity { get; private set; }

    public int ReturnedQuantity { get; private set; }

    public static OrderLine Create(Guid orderId, int lineNumber, NewOrderLine line)
    {
        var total = line.UnitPricePence * line.Quantity;
        return new OrderLine
        {
            OrderId = orderId,
            LineNumber = lineNumber,
            Sku = line.Sku,
            ProductName = line.ProductName,
            VariantName = line.VariantName,
            UnitPricePence = line.UnitPricePence,
            Quantity = line.Quantity,
            VatRateBasisPoints = line.VatRateBasisPoints,
            LineTotalPence = total,
            VatPence = Vat.IncludedIn(total, line.VatRateBasisPoints),
            WeightGrams = line.WeightGrams,
        };
    }

    public long RefundAmount(int quantity) => UnitPricePence * quantity;

    public void Refund(int quantity, bool returned)
    {
        RefundedQuantity += quantity;
        if (returned)
        {
            ReturnedQuantity += quantity;
        }
    }

    public void Unrefund(int quantity)
    {
        RefundedQuantity -= quantity;
        ReturnedQuantity = Math.Min(ReturnedQuantity, RefundedQuantity);
    }
}

internal sealed class OrderRefund
{
    private OrderRefund()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public long AmountPence { get; private set; }

    public bool IncludesShipping { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary><c>pending</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public string Status { get; private set; } = "pending";

    public string? ProviderRefundId { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public List<OrderRefundLine> Lines { get; private set; } = [];

    public static OrderRefund Pending(Guid id, Guid orderId, long amount, bool shipping, string reason, IReadOnlyList<RefundLineRequest> lines, DateTimeOffset now) => new()
    {
        Id = id,
        OrderId = orderId,
        AmountPence = amount,
        IncludesShipping = shipping,
        Reason = reason,
        CreatedAt = now,
        Lines = lines.Select(l => new OrderRefundLine(id, l.LineNumber, l.Quantity, l.Returned)).ToList(),
    };

    public void Succeed(string providerRefundId, DateTimeOffset now)
    {
        Status = "succeeded";
        ProviderRefundId = providerRefundId;
        CompletedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        Status = "failed";
        Error = error.Length > 500 ? error[..500] : error;
        CompletedAt = now;
    }
}

internal sealed class OrderRefundLine(Guid refundId, int lineNumber, int quantity, bool returned)
{
    public Guid RefundId { get; private set; } = refundId;

    public int LineNumber { get; private set; } = lineNumber;

    public int Quantity { get; private set; } = quantity;

    public bool Returned { get; private set; } = returned;
}

/// <summary>A parcel of the order, as fulfilment's events described it.</summary>
internal sealed class OrderShipment
{
    private OrderShipment()
    {
    }

    public Guid ShipmentId { get; private set; }

    public Guid OrderId { get; private set; }

    public string Carrier { get; private set; } = "";

    public string TrackingNumber { get; private set; } = "";

    public int Units { get; private set; }

    /// <summary>Fulfilment's shipment status name (<c>Created</c>, <c>InTransit</c>, …, <c>Delivered</c>).</summary>
    public string Status { get; private set; } = "";

    public DateTimeOffset DispatchedAt { get; private set; }

    public DateTimeOffset StatusAt { get; private set; }

    public static OrderShipment Dispatched(Guid orderId, Guid shipmentId, string carrier, string trackingNumber, int units, DateTimeOffset at) => new()
    {
        ShipmentId = shipmentId,
        OrderId = orderId,
        Carrier = carrier,
        TrackingNumber = trackingNumber,
        Units = units,
        Status = "Created",
        DispatchedAt = at,
        StatusAt = at,
    };

    /// <summary>
    /// Takes a newer status; an older or repeated one (events arrive unordered: a handler retried after a conflict runs
    /// after the next event) is ignored. Two statuses stamped with the same instant are told apart by how far along the
    /// journey they are, so a late "out for delivery" never undoes "delivered".
    /// </summary>
    public bool Move(string status, DateTimeOffset at)
    {
        if (at < StatusAt || (at == StatusAt && Progress(status) <= Progress(Status)))
        {
            return false;
        }

        Status = status;
        StatusAt = at;
        return true;
    }

    // Fulfilment's journey (ShipmentStatusChangedIntegrationEvent's statuses); Exception and anything unknown rank below.
    private static int Progress(string status) => Array.IndexOf(Journey, status);

    private static readonly string[] Journey = ["Created", "InTransit", "OutForDelivery", "Delivered"];
}

/// <summary>One step of an order's history: the status after it and what happened, in words.</summary>
internal sealed class OrderHistoryEntry
{
    private OrderHistoryEntry()
    {
    }

    public Guid OrderId { get; private set; }

    /// <summary>1, 2, 3… within the order (with the order's version, two writers cannot both append the same step).</summary>
    public int Sequence { get; private set; }

    public OrderStatus Status { get; private set; }

    public string Note { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public static OrderHistoryEntry Create(Guid orderId, int sequence, OrderStatus status, string note, DateTimeOffset at) => new()
    {
        OrderId = orderId,
        Sequence = sequence,
        Status = status,
        Note = note.Length > 300 ? note[..300] : note,
        At = at,
    };
}

/// <summary>A Stripe event already acted on; inserted in the same transaction as the effect.</summary>
internal sealed class ProcessedWebhook(string eventId, string type, string? orderNumber, DateTimeOffset processedAt)
{
    public string EventId { get; private set; } = eventId;

    public string Type { get; private set; } = type;

    public string? OrderNumber { get; private set; } = orderNumber;

    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}

/// <summary>Order numbers customers can read out on the phone: <c>NV-yyMMdd-</c> + 6 characters without 0/O, 1/I/L.</summary>
internal static class OrderNumbers
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static string Next(DateTimeOffset now)
    {
        var date = TimeZoneInfo.ConvertTime(now, London);
        Span<char> suffix = stackalloc char[6];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"NV-{date:yyMMdd}-{suffix}";
    }
}
