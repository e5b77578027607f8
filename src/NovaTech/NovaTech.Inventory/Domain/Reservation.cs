namespace NovaTech.Inventory.Domain;

/// <summary>Units held for an order until it is paid (committed), or given back (released, expired).</summary>
internal sealed class Reservation
{
    private Reservation()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The order number.</summary>
    public string Reference { get; private set; } = "";

    /// <summary>One of <see cref="ReservationStatus"/>; changed only by conditional UPDATEs so one node wins.</summary>
    public string Status { get; private set; } = ReservationStatus.Active;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public List<ReservedStock> Lines { get; private set; } = [];

    public static Reservation Hold(Guid id, string reference, IEnumerable<(string Sku, string Warehouse, int Quantity)> allocations, DateTimeOffset now, DateTimeOffset expiresAt) => new()
    {
        Id = id,
        Reference = reference,
        CreatedAt = now,
        ExpiresAt = expiresAt,
        Lines = allocations.Select(a => new ReservedStock(id, a.Sku, a.Warehouse, a.Quantity)).ToList(),
    };
}

/// <summary>Units of one SKU held in one warehouse under a reservation.</summary>
internal sealed class ReservedStock(Guid reservationId, string sku, string warehouseCode, int quantity)
{
    public Guid ReservationId { get; private set; } = reservationId;

    public string Sku { get; private set; } = sku;

    public string WarehouseCode { get; private set; } = warehouseCode;

    public int Quantity { get; private set; } = quantity;

    /// <summary>Units sold under this reservation that came back.</summary>
    public int ReturnedQuantity { get; private set; }
}

internal static class ReservationStatus
{
    public const string Active = "active";
    public const string Committed = "committed";
    public const string Released = "released";
    public const string Expired = "expired";
}
