using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Features.Carts;
using NovaTech.Ordering.Features.Payments;
using NovaTech.Ordering.Invoices;
using Platform.Identity;
using Platform.Web;

namespace NovaTech.Ordering.Features.Orders;

/// <summary>An order line as the customer sees it. <c>LineId</c> is what a shipment names (<c>POST orders/{number}/shipments</c>).</summary>
public sealed record OrderLineResponse(Guid LineId, int LineNumber, string Sku, string ProductName, string VariantName, int Quantity, long UnitPricePence,
    long LineTotalPence, int VatRateBasisPoints, long VatPence, int RefundedQuantity, int ReturnedQuantity);

/// <summary>VAT contained in the order at one rate.</summary>
public sealed record VatLineResponse(int RateBasisPoints, long NetPence, long VatPence, long GrossPence);

/// <summary>Delivery address.</summary>
public sealed record AddressResponse(string Name, string Line1, string? Line2, string City, string Postcode, string Country);

/// <summary>A refund.</summary>
public sealed record RefundResponse(Guid Id, long AmountPence, string Status, string Reason, bool IncludesShipping, DateTimeOffset CreatedAt);

/// <summary>A parcel of the order (the full timeline is at <c>orders/{number}/tracking</c>).</summary>
public sealed record OrderShipmentResponse(Guid ShipmentId, string Carrier, string TrackingNumber, int Units, string Status, DateTimeOffset DispatchedAt, DateTimeOffset StatusAt);

/// <summary>One step of the order's history.</summary>
public sealed record OrderHistoryResponse(DateTimeOffset At, string Status, string Note);

/// <summary>
/// An order. <c>FulfilmentStatus</c> (<c>None</c>, <c>Fulfilling</c>, <c>Shipped</c>, <c>Delivered</c>) says where the goods
/// are even when <c>Status</c> reports money (e.g. <c>PartiallyRefunded</c> after a delivered line was refunded).
/// </summary>
public sealed record OrderResponse(string OrderNumber, string Status, string Email, long SubtotalPence, long ShippingPence, long TotalPence, long VatPence,
    string Currency, string ShippingMethod, AddressResponse ShippingAddress, DateOnly EarliestDelivery, DateOnly LatestDelivery,
    IReadOnlyList<OrderLineResponse> Lines, IReadOnlyList<VatLineResponse> Vat, IReadOnlyList<OrderShipmentResponse> Shipments, IReadOnlyList<RefundResponse> Refunds,
    long RefundedPence, string? CheckoutUrl, string? CancellationReason, DateTimeOffset PlacedAt, DateTimeOffset? PaidAt,
    string FulfilmentStatus, IReadOnlyList<OrderHistoryResponse> History);

/// <summary>One line of a refund request.</summary>
public sealed record RefundLineInput([property: Range(1, 1000)] int LineNumber, [property: Range(1, 1000)] int Quantity, bool Returned = false);

/// <summary>Body of <c>POST orders/{number}/refunds</c>: lines to refund, or none to refund everything left (with shipping).</summary>
public sealed record RefundOrderRequest(IReadOnlyList<RefundLineInput>? Lines, [property: StringLength(40)] string? Reason = null);

internal static class OrderEndpoints
{
    public static void MapOrders(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("orders").WithTags("Orders");
        orders.MapGet("{number}", GetAsync).AllowAnonymous().WithName("GetOrder");
        orders.MapGet("{number}/invoice.pdf", InvoiceAsync).AllowAnonymous().WithName("GetOrderInvoice");
        orders.MapPost("{number}/cancel", CancelAsync).AllowAnonymous().WithName("CancelOrder");
        orders.MapPost("{number}/refunds", RefundAsync).RequireAuthorization(PlatformPolicies.Staff).WithName("RefundOrder");
    }

    /// <summary>The customer who placed it, staff, or anyone holding the guest token (<c>?token=</c>); everyone else gets a 404.</summary>
    internal static async Task<Ok<OrderResponse>> GetAsync(string number, string? token, OrderPayments orders, ClaimsPrincipal user, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var order = await LoadVisibleAsync(number, token, orders, user, authorization, cancellationToken);
        return TypedResults.Ok(ToResponse(order));
    }

    private static async Task<FileContentHttpResult> InvoiceAsync(string number, string? token, OrderPayments orders, ClaimsPrincipal user, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var order = await LoadVisibleAsync(number, token, orders, user, authorization, cancellationToken);
        if (!order.WasPaid)
        {
            throw DomainException.Conflict(OrderingErrors.InvoiceNotAvailable, $"Order {order.Number} has not been paid; there is no invoice yet.");
        }

        return TypedResults.File(InvoiceDocument.Render(order), "application/pdf", $"invoice-{order.Number}.pdf");
    }

    internal static async Task<Ok<OrderResponse>> CancelAsync(string number, string? token, OrderPayments orders, ClaimsPrincipal user, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var order = await LoadVisibleAsync(number, token, orders, user, authorization, cancellationToken);
        var cancelled = await orders.CancelAsync(order.Number, cancellationToken);
        return TypedResults.Ok(ToResponse(cancelled));
    }

    private static async Task<Ok<OrderResponse>> RefundAsync(string number, RefundOrderRequest request, OrderPayments orders, CancellationToken cancellationToken)
    {
        var lines = request.Lines?.Select(l => new RefundLineRequest(l.LineNumber, l.Quantity, l.Returned)).ToList();
        var order = await orders.RefundAsync(number, lines, string.IsNullOrWhiteSpace(request.Reason) ? "merchant" : request.Reason.Trim(), cancellationToken);
        return TypedResults.Ok(ToResponse(order));
    }

    private static async Task<Order> LoadVisibleAsync(string number, string? token, OrderPayments orders, ClaimsPrincipal user, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var order = await orders.LoadAsync(number.Trim().ToUpperInvariant(), cancellationToken) ?? throw OrderPayments.OrderNotFound();
        if (order.HasGuestToken(token))
        {
            return order;
        }

        if (CartEndpoints.CustomerIdOf(user) is { } customer && customer == order.CustomerId)
        {
            return order;
        }

        if (user.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(user, PlatformPolicies.Staff)).Succeeded)
        {
            return order;
        }

        throw OrderPayments.OrderNotFound();
    }

    public static IReadOnlyList<VatLineResponse> VatBreakdown(Order order) =>
        order.Lines.Select(l => (Rate: l.VatRateBasisPoints, Gross: l.LineTotalPence, Vat: l.VatPence))
            .Append((Rate: Vat.StandardRateBasisPoints, Gross: order.ShippingPence, Vat: Vat.IncludedIn(order.ShippingPence, Vat.StandardRateBasisPoints)))
            .Where(x => x.Gross > 0)
            .GroupBy(x => x.Rate)
            .OrderByDescending(g => g.Key)
            .Select(g => new VatLineResponse(g.Key, g.Sum(x => x.Gross) - g.Sum(x => x.Vat), g.Sum(x => x.Vat), g.Sum(x => x.Gross)))
            .ToList();

    public static OrderResponse ToResponse(Order order) => new(
        order.Number,
        order.Status.ToString(),
        order.Email,
        order.SubtotalPence,
        order.ShippingPence,
        order.TotalPence,
        order.VatPence,
        order.Currency,
        order.ShippingMethod,
        new AddressResponse(order.ShippingAddress.Name, order.ShippingAddress.Line1, order.ShippingAddress.Line2, order.ShippingAddress.City, order.ShippingAddress.Postcode, order.ShippingAddress.Country),
        order.EarliestDelivery,
        order.LatestDelivery,
        order.Lines.OrderBy(l => l.LineNumber).Select(l => new OrderLineResponse(Features.Fulfilment.OrderLookup.LineId(order.Id, l.LineNumber), l.LineNumber, l.Sku, l.ProductName, l.VariantName, l.Quantity, l.UnitPricePence,
            l.LineTotalPence, l.VatRateBasisPoints, l.VatPence, l.RefundedQuantity, l.ReturnedQuantity)).ToList(),
        VatBreakdown(order),
        order.Shipments.OrderBy(x => x.DispatchedAt).Select(x => new OrderShipmentResponse(x.ShipmentId, x.Carrier, x.TrackingNumber, x.Units, x.Status, x.DispatchedAt, x.StatusAt)).ToList(),
        order.Refunds.OrderBy(r => r.CreatedAt).Select(r => new RefundResponse(r.Id, r.AmountPence, r.Status, r.Reason, r.IncludesShipping, r.CreatedAt)).ToList(),
        order.RefundedPence,
        order.Status == OrderStatus.PendingPayment ? order.CheckoutUrl : null,
        order.CancellationReason,
        order.PlacedAt,
        order.PaidAt,
        order.Fulfilment.ToString(),
        order.History.OrderBy(h => h.Sequence).Select(h => new OrderHistoryResponse(h.At, h.Status.ToString(), h.Note)).ToList());
}
