using Microsoft.EntityFrameworkCore;
using NovaTech.Contracts.Ordering;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using Platform.Privacy;

namespace NovaTech.Ordering.Features.PersonalData;

internal sealed record OrderLineExport(string Sku, string ProductName, string VariantName, int Quantity, long UnitPricePence, long LineTotalPence, long VatPence, int RefundedQuantity);

internal sealed record OrderShipmentExport(string Carrier, string TrackingNumber, string Status);

internal sealed record OrderExport(
    string Number,
    string Status,
    DateTimeOffset PlacedAt,
    DateTimeOffset? PaidAt,
    DateTimeOffset? CancelledAt,
    string Email,
    ShippingAddress ShippingAddress,
    string ShippingMethod,
    IReadOnlyList<OrderLineExport> Lines,
    long SubtotalPence,
    long ShippingPence,
    long VatPence,
    long TotalPence,
    long RefundedPence,
    string Currency,
    IReadOnlyList<OrderShipmentExport> Shipments,
    DateTimeOffset? PersonalDataErasedAt);

internal sealed record SavedAddressExport(string Name, string Line1, string? Line2, string City, string Postcode, string Country, DateTimeOffset CreatedAt);

internal sealed record OrdersExport(IReadOnlyList<OrderExport> Orders, IReadOnlyList<SavedAddressExport> SavedAddresses, string Note);

/// <summary>
/// The orders a person placed, signed in or as a guest with their confirmed e-mail, and the account's saved addresses.
/// Erasure replaces the e-mail and delivery address and keeps what accounting needs, and deletes the saved addresses;
/// orders still on their way block it.
/// </summary>
internal sealed class OrdersPersonalData(OrderingDbContext db, TimeProvider time) : IPersonalDataSource, ICustomerOrders
{
    public string Name => "orders";

    public async Task<object?> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var orders = await Of(subject).AsNoTracking()
            .Include(o => o.Lines).Include(o => o.Shipments)
            .OrderBy(o => o.PlacedAt)
            .ToListAsync(cancellationToken);
        var addresses = await db.SavedAddresses.AsNoTracking().Where(a => a.CustomerId == subject.UserId).OrderBy(a => a.CreatedAt)
            .Select(a => new SavedAddressExport(a.Name, a.Line1, a.Line2, a.City, a.Postcode, a.Country, a.CreatedAt))
            .ToListAsync(cancellationToken);
        return new OrdersExport(
            [.. orders.Select(o => new OrderExport(
                o.Number, o.Status.ToString(), o.PlacedAt, o.PaidAt, o.CancelledAt, o.Email, o.ShippingAddress, o.ShippingMethod,
                [.. o.Lines.OrderBy(l => l.LineNumber).Select(l => new OrderLineExport(
                    l.Sku, l.ProductName, l.VariantName, l.Quantity, l.UnitPricePence, l.LineTotalPence, l.VatPence, l.RefundedQuantity))],
                o.SubtotalPence, o.ShippingPence, o.VatPence, o.TotalPence, o.RefundedPence, o.Currency,
                [.. o.Shipments.Select(s => new OrderShipmentExport(s.Carrier, s.TrackingNumber, s.Status))],
                o.PersonalDataErasedAt))],
            addresses,
            "Order numbers, lines, prices, VAT and totals are accounting records, kept for six years (HMRC) after erasure; the e-mail and delivery address are not.");
    }

    public async Task<string?> ErasureBlockerAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var open = (await Of(subject).Where(o => o.PersonalDataErasedAt == null).ToListAsync(cancellationToken))
            .Where(o => o.StillNeedsAddress).Select(o => o.Number).Order(StringComparer.Ordinal).ToList();
        return open.Count == 0
            ? null
            : $"{open.Count} order(s) are still on their way ({string.Join(", ", open)}): ask again once they are delivered or cancelled.";
    }

    public async Task EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var orders = await Of(subject).Where(o => o.PersonalDataErasedAt == null).Include(o => o.History).ToListAsync(cancellationToken);
        foreach (var order in orders)
        {
            order.ErasePersonalData(now);
        }

        db.SavedAddresses.RemoveRange(await db.SavedAddresses.Where(a => a.CustomerId == subject.UserId).ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> OrderNumbersAsync(Guid customerId, CancellationToken cancellationToken = default) =>
        await db.Orders.Where(o => o.CustomerId == customerId).OrderBy(o => o.PlacedAt).Select(o => o.Number).ToListAsync(cancellationToken);

    private IQueryable<Order> Of(PersonalDataSubject subject)
    {
        var customer = subject.UserId;
        var email = subject.Email is null ? null : SqlLike.Escape(subject.Email);
        return db.Orders.Where(o => o.CustomerId == customer
            || (email != null && EF.Functions.Like(o.Email.ToLower(), email, SqlLike.EscapeCharacter)));
    }
}
