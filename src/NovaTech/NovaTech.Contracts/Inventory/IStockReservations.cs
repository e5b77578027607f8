namespace NovaTech.Contracts.Inventory;

/// <summary>
/// Stock reservations as other NovaTech modules (Ordering) use them. Implemented by NovaTech.Inventory with
/// conditional updates, so several nodes reserving the last units at once never sell more than is on hand.
/// Every call is idempotent by its reservation (or return) id.
/// </summary>
public interface IStockReservations
{
    /// <summary>
    /// Reserves every line or none, choosing warehouses (one warehouse holding everything first, else the fewest
    /// splits). Calling again with the same <paramref name="reservationId"/> returns the first outcome.
    /// </summary>
    /// <param name="reservationId">The caller's id for this reservation (the idempotency key).</param>
    /// <param name="reference">The business reference, e.g. the order number.</param>
    /// <param name="lines">What to reserve; a SKU appears at most once.</param>
    /// <param name="timeToLive">How long the units stay held unless committed; the expiry releases them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ReservationResult> ReserveAsync(Guid reservationId, string reference, IReadOnlyList<ReservationLine> lines, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Turns an active reservation into a sale: on hand and reserved both go down.</summary>
    Task<ReservationOutcome> CommitAsync(Guid reservationId, CancellationToken cancellationToken = default);

    /// <summary>Gives the units of an active reservation back to sale (payment failed, order cancelled).</summary>
    Task<ReservationOutcome> ReleaseAsync(Guid reservationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts sold units back on hand in the warehouse they were sold from (a returned item, a cancelled paid order
    /// that never left the warehouse), recorded in the movement ledger with reason <c>return</c>.
    /// </summary>
    /// <param name="reservationId">The committed reservation the units were sold under.</param>
    /// <param name="sku">The SKU coming back.</param>
    /// <param name="quantity">Units coming back; at most what was sold under the reservation and not yet returned.</param>
    /// <param name="returnId">Idempotency key of this return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The units put back (0 when the reservation was never committed).</returns>
    Task<int> ReturnAsync(Guid reservationId, string sku, int quantity, Guid returnId, CancellationToken cancellationToken = default);
}

/// <summary>One SKU and quantity to reserve.</summary>
/// <param name="Sku">Stock keeping unit.</param>
/// <param name="Quantity">Units, at least 1.</param>
public sealed record ReservationLine(string Sku, int Quantity);

/// <summary>Units of one SKU held in one warehouse.</summary>
/// <param name="Sku">Stock keeping unit.</param>
/// <param name="WarehouseCode">The warehouse the units come from.</param>
/// <param name="Quantity">Units held.</param>
public sealed record ReservationAllocation(string Sku, string WarehouseCode, int Quantity);

/// <summary>The outcome of <see cref="IStockReservations.ReserveAsync"/>.</summary>
/// <param name="Succeeded">True when every line is held.</param>
/// <param name="ShortSku">On failure, the first SKU that could not be covered.</param>
/// <param name="Available">On failure, the units of <see cref="ShortSku"/> that were available.</param>
/// <param name="Allocations">On success, where the units are held.</param>
/// <param name="ExpiresAt">On success, when the hold lapses unless committed.</param>
public sealed record ReservationResult(bool Succeeded, string? ShortSku, int Available, IReadOnlyList<ReservationAllocation> Allocations, DateTimeOffset? ExpiresAt)
{
    /// <summary>A successful reservation.</summary>
    public static ReservationResult Held(IReadOnlyList<ReservationAllocation> allocations, DateTimeOffset expiresAt) => new(true, null, 0, allocations, expiresAt);

    /// <summary>Not enough stock of <paramref name="sku"/>.</summary>
    public static ReservationResult Insufficient(string sku, int available) => new(false, sku, available, [], null);
}

/// <summary>What a commit or release did.</summary>
public enum ReservationOutcome
{
    /// <summary>This call changed the reservation.</summary>
    Done,

    /// <summary>An earlier call already did the same (a replay).</summary>
    AlreadyDone,

    /// <summary>The reservation is no longer active: it expired or was released (for a commit) or was committed (for a release).</summary>
    NotActive,

    /// <summary>No such reservation.</summary>
    NotFound,
}
