using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NovaTech.Contracts.Ordering;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Web;

namespace NovaTech.Ordering.Features.Checkout;

/// <summary>
/// Saves the orders of every checkout waiting at that moment in one transaction: each order with its OrderPlaced
/// event and the close of its cart (a conditional UPDATE, so a cart checked out twice at once, on any node, places one
/// order and the other gets <see cref="OrderingErrors.CartNotActive"/>).
/// </summary>
internal sealed class OrderBatch(IServiceScopeFactory scopes, ILogger<OrderBatch> logger)
    : GroupTransaction<OrderingDbContext, Order, bool>(scopes, logger)
{
    /// <summary>Completes once the order is committed; throws a 409 <see cref="DomainException"/> when its cart was already checked out.</summary>
    public Task SaveAsync(Order order) => SubmitAsync(order);

    protected override async Task RunBatchAsync(OrderingDbContext db, IServiceProvider services, IReadOnlyList<Order> requests, Outcome[] outcomes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            var order = requests[i];
            var now = order.PlacedAt;
            var closed = await db.Carts.Where(c => c.Id == order.CartId && c.Status == CartStatus.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CartStatus.CheckedOut).SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
            if (closed == 0)
            {
                outcomes[i] = new(false, DomainException.Conflict(OrderingErrors.CartNotActive, "This cart has already been checked out."));
                continue;
            }

            db.Orders.Add(order);
            db.AddIntegrationEvent(new OrderPlacedIntegrationEvent(order.Number, order.CustomerId, order.TotalPence, order.Lines.Select(l => l.Sku).ToList(), now));
            outcomes[i] = new(true);
        }
    }
}
