using Microsoft.EntityFrameworkCore;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Features.Orders;
using NovaTech.Ordering.Features.Payments;
using Platform.Web;

namespace NovaTech.Ordering.Features.Merchant;

/// <summary>An order in the merchant console's list.</summary>
public sealed record MerchantOrderRow(string OrderNumber, string Status, string FulfilmentStatus, string Email, long TotalPence, long RefundedPence, int Units, DateTimeOffset PlacedAt);

/// <summary>A page of orders, newest first; <c>NextCursor</c> continues (null at the end).</summary>
public sealed record MerchantOrderPage(IReadOnlyList<MerchantOrderRow> Items, string? NextCursor);

/// <summary>The dashboard's order figures for a period (the merchant's "today").</summary>
/// <param name="OrdersPlaced">Orders placed in the period (any status).</param>
/// <param name="RevenuePence">Money taken in the period: totals of orders paid in it, less refunds made in it.</param>
/// <param name="AwaitingFulfilment">Paid orders (now) with units still to ship.</param>
/// <param name="FailedPayments">Orders whose payment failed in the period and that are still unpaid.</param>
public sealed record MerchantOrderFigures(int OrdersPlaced, long RevenuePence, int AwaitingFulfilment, int FailedPayments);

/// <summary>
/// The ordering module's surface for the host's merchant console (staff pages). Reads are the module's own queries; the
/// refund runs the same handler as <c>POST orders/{number}/refunds</c>. Callers authorise (staff policy) first.
/// </summary>
public interface IMerchantOrders
{
    /// <summary>Statuses an order can have, for the list's filter.</summary>
    static IReadOnlyList<string> Statuses { get; } = Enum.GetNames<OrderStatus>();

    /// <summary>Orders newest first, optionally with one status and a search on the order number or the e-mail address.</summary>
    /// <exception cref="DomainException"><c>invalid_cursor</c> / <c>invalid_status</c>.</exception>
    Task<MerchantOrderPage> ListAsync(string? status, string? search, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>The order as <c>GET orders/{number}</c> shows it to staff, or null.</summary>
    Task<OrderResponse?> FindAsync(string number, CancellationToken cancellationToken);

    /// <summary><c>POST orders/{number}/refunds</c>: refunds the given lines (or everything left when <paramref name="lines"/> is null).</summary>
    Task<OrderResponse> RefundAsync(string number, IReadOnlyList<RefundLineInput>? lines, string? reason, CancellationToken cancellationToken);

    /// <summary>Figures for the dashboard between <paramref name="from"/> (inclusive) and <paramref name="to"/> (exclusive).</summary>
    Task<MerchantOrderFigures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

internal sealed class MerchantOrders(OrderingDbContext db, OrderPayments payments) : IMerchantOrders
{
    public const int MaxLimit = 100;

    public async Task<MerchantOrderPage> ListAsync(string? status, string? search, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit, 1, MaxLimit);
        var query = db.Orders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted))
            {
                throw new DomainException("invalid_status", $"Status is one of: {string.Join(", ", IMerchantOrders.Statuses)}.");
            }

            query = query.Where(o => o.Status == wanted);
        }

        if (search?.Trim() is { Length: > 0 } term)
        {
            term = term.Length > 100 ? term[..100] : term;
            var number = term.ToUpperInvariant();
            var pattern = "%" + term.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(o => o.Number.StartsWith(number) || EF.Functions.Like(o.Email.ToLower(), pattern, "\\"));
        }

        if (!string.IsNullOrEmpty(cursor))
        {
            var (at, last) = ListOrders.Decode(cursor);
            query = query.Where(o => o.PlacedAt < at || (o.PlacedAt == at && string.Compare(o.Number, last) < 0));
        }

        var rows = await query.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Number).Take(take + 1)
            .Select(o => new { o.Number, o.Status, o.Fulfilment, o.Email, o.TotalPence, o.RefundedPence, Units = o.Lines.Sum(l => l.Quantity), o.PlacedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Take(take)
            .Select(o => new MerchantOrderRow(o.Number, o.Status.ToString(), o.Fulfilment.ToString(), o.Email, o.TotalPence, o.RefundedPence, o.Units, o.PlacedAt))
            .ToList();
        return new MerchantOrderPage(items, rows.Count > take ? ListOrders.Encode(items[^1].PlacedAt, items[^1].OrderNumber) : null);
    }

    public async Task<OrderResponse?> FindAsync(string number, CancellationToken cancellationToken)
    {
        var order = await payments.LoadAsync((number ?? "").Trim().ToUpperInvariant(), cancellationToken);
        return order is null ? null : OrderEndpoints.ToResponse(order);
    }

    public async Task<OrderResponse> RefundAsync(string number, IReadOnlyList<RefundLineInput>? lines, string? reason, CancellationToken cancellationToken)
    {
        var request = lines?.Select(l => new RefundLineRequest(l.LineNumber, l.Quantity, l.Returned)).ToList();
        var order = await payments.RefundAsync(number.Trim().ToUpperInvariant(), request, string.IsNullOrWhiteSpace(reason) ? "merchant" : reason.Trim(), cancellationToken);
        return OrderEndpoints.ToResponse(order);
    }

    public async Task<MerchantOrderFigures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var orders = db.Orders.AsNoTracking();
        var placed = await orders.CountAsync(o => o.PlacedAt >= from && o.PlacedAt < to, cancellationToken);
        var paid = await orders.Where(o => o.PaidAt != null && o.PaidAt >= from && o.PaidAt < to).SumAsync(o => (long?)o.TotalPence, cancellationToken) ?? 0;
        var refunded = await orders.SelectMany(o => o.Refunds)
            .Where(r => r.Status == "succeeded" && r.CompletedAt != null && r.CompletedAt >= from && r.CompletedAt < to)
            .SumAsync(r => (long?)r.AmountPence, cancellationToken) ?? 0;
        var awaiting = await orders.CountAsync(o => o.Status == OrderStatus.Paid || o.Status == OrderStatus.Fulfilling
            || (o.Status == OrderStatus.PartiallyRefunded && (o.Fulfilment == FulfilmentStage.None || o.Fulfilment == FulfilmentStage.Fulfilling)), cancellationToken);
        var failed = await orders.CountAsync(o => o.Status == OrderStatus.PaymentFailed && o.UpdatedAt >= from && o.UpdatedAt < to, cancellationToken);
        return new MerchantOrderFigures(placed, paid - refunded, awaiting, failed);
    }
}
