using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using NovaTech.Contracts.Ordering;
using NovaTech.Ordering.Data;

namespace NovaTech.Ordering.Features.Fulfilment;

/// <summary>What fulfilment may know about an order (lines, address, guest token check), read from Ordering's tables.</summary>
internal sealed class OrderLookup(OrderingDbContext db) : IOrderLookup, IOrderTokens
{
    public async Task<OrderForFulfilment?> FindForFulfilmentAsync(string orderNumber, CancellationToken cancellationToken = default)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .SingleOrDefaultAsync(o => o.Number == orderNumber, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var address = order.ShippingAddress;
        return new OrderForFulfilment(
            order.Number,
            order.Status.ToString(),
            order.Email,
            null,
            new ShippingAddressSnapshot(address.Name, address.Line1, address.Line2, address.City, address.Postcode, address.Country),
            order.ShippingMethod,
            order.Lines.OrderBy(l => l.LineNumber)
                .Select(l => new OrderLineForFulfilment(LineId(order.Id, l.LineNumber), l.Sku, l.ProductName, l.Quantity, l.RefundedQuantity, null))
                .ToList());
    }

    public async Task<bool> IsOrderTokenValidAsync(string orderNumber, string token, CancellationToken cancellationToken = default)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Number == orderNumber, cancellationToken);
        return order is not null && order.HasGuestToken(token);
    }

    // Lines are keyed by (order, line number); the contract wants one stable id per line.
    public static Guid LineId(Guid orderId, int lineNumber)
    {
        Span<byte> bytes = stackalloc byte[16];
        orderId.TryWriteBytes(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes[12..], lineNumber);
        return new Guid(bytes);
    }
}
