using Microsoft.EntityFrameworkCore;

namespace NovaTech.Fulfillment.Data;

/// <summary>
/// The module's hand-written SQL (snake_case names need no quoting): the per-order lock and the conditional upsert
/// of shipped quantities. Both run inside the caller's transaction.
/// </summary>
internal static class OrderLocks
{
    /// <summary>
    /// Creates the order's progress row if needed and bumps its lock counter: on PostgreSQL the UPDATE holds the row
    /// lock until commit; on SQLite the first write takes the database write lock. Either way, shipments and carrier
    /// updates of one order run one at a time, on every node.
    /// </summary>
    public static async Task<OrderProgress> LockAsync(FulfillmentDbContext db, string orderNumber, CancellationToken cancellationToken)
    {
        var table = Table(db, "orders");
#pragma warning disable EF1002 // Table names are constants of this module; values are parameters.
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {table} (order_number, fully_shipped, lock_version) VALUES ({{0}}, {{1}}, 0) ON CONFLICT (order_number) DO NOTHING",
            [orderNumber, false], cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            $"UPDATE {table} SET lock_version = lock_version + 1 WHERE order_number = {{0}}",
            [orderNumber], cancellationToken);
#pragma warning restore EF1002
        return await db.Orders.SingleAsync(o => o.OrderNumber == orderNumber, cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="quantity"/> to the shipped quantity of a line only while the total stays within
    /// <paramref name="shippable"/>; false (nothing written) when it would not. The database decides, not this process.
    /// </summary>
    public static async Task<bool> TryAddShippedAsync(FulfillmentDbContext db, string orderNumber, Guid lineId, int quantity, int shippable, CancellationToken cancellationToken)
    {
        if (quantity > shippable)
        {
            return false;
        }

        var table = Table(db, "shipped_quantities");
#pragma warning disable EF1002 // Table names are constants of this module; values are parameters.
        var written = await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {table} AS s (order_number, line_id, quantity) VALUES ({{0}}, {{1}}, {{2}}) ON CONFLICT (order_number, line_id) DO UPDATE SET quantity = s.quantity + excluded.quantity WHERE s.quantity + excluded.quantity <= {{3}}",
            [orderNumber, lineId, quantity, shippable], cancellationToken);
#pragma warning restore EF1002
        return written == 1;
    }

    private static string Table(FulfillmentDbContext db, string name) =>
        db.Database.IsNpgsql() ? $"{FulfillmentDbContext.Module}.{name}" : $"{FulfillmentDbContext.Module}_{name}";
}
