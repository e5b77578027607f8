using System.Text.RegularExpressions;
using Platform.Web;

namespace NovaTech.Inventory.Domain;

/// <summary>
/// Units of one SKU in one warehouse. Quantities change only through conditional UPDATEs (see
/// <see cref="Reservations.StockReservations"/>), so the database — not this process — decides who gets the last unit.
/// The table's CHECK keeps 0 ≤ reserved ≤ on hand whatever any node does.
/// </summary>
internal sealed partial class StockLevel
{
    private StockLevel()
    {
    }

    public string Sku { get; private set; } = "";

    public string WarehouseCode { get; private set; } = "";

    public int OnHand { get; private set; }

    public int Reserved { get; private set; }

    /// <summary>Bumped by every change; lets readers tell two snapshots apart.</summary>
    public long Version { get; private set; }

    public int Available => OnHand - Reserved;

    public static StockLevel Empty(string sku, string warehouseCode) => new() { Sku = sku, WarehouseCode = warehouseCode };

    /// <summary>A first receipt of <paramref name="onHand"/> units (demo data; live stock changes go through conditional UPDATEs).</summary>
    public static StockLevel Received(string sku, string warehouseCode, int onHand) => new() { Sku = sku, WarehouseCode = warehouseCode, OnHand = onHand };

    public static string NormaliseSku(string? sku)
    {
        var value = (sku ?? "").Trim();
        return SkuPattern().IsMatch(value)
            ? value
            : throw new DomainException(InventoryErrors.InvalidSku, "A SKU is 1 to 64 letters, digits, dots, dashes or underscores.");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SkuPattern();
}

/// <summary>Why on-hand stock changed; the ledger keeps one row per change.</summary>
internal static class MovementReasons
{
    public const string Receipt = "receipt";
    public const string Count = "count";
    public const string Damage = "damage";
    public const string Correction = "correction";
    public const string Sale = "sale";
    public const string Return = "return";

    /// <summary>Reasons a merchant may give for setting on-hand by hand.</summary>
    public static readonly IReadOnlySet<string> Manual = new HashSet<string>(StringComparer.Ordinal) { Receipt, Count, Damage, Correction, Return };
}

/// <summary>One entry of the stock ledger: what changed on hand, why, and what it became.</summary>
internal sealed class StockMovement
{
    private StockMovement()
    {
    }

    public Guid Id { get; private set; }

    public string Sku { get; private set; } = "";

    public string WarehouseCode { get; private set; } = "";

    /// <summary>Change of on-hand units (negative for a sale or damage).</summary>
    public int Delta { get; private set; }

    public int OnHandAfter { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>Order number, reservation or note.</summary>
    public string? Reference { get; private set; }

    /// <summary>Makes a retried return a no-op; unique when set.</summary>
    public string? IdempotencyKey { get; private set; }

    /// <summary>The user who made a manual adjustment.</summary>
    public string? Actor { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public static StockMovement Record(string sku, string warehouseCode, int delta, int onHandAfter, string reason, string? reference, string? actor, DateTimeOffset at, string? idempotencyKey = null) => new()
    {
        Id = Guid.CreateVersion7(at),
        Sku = sku,
        WarehouseCode = warehouseCode,
        Delta = delta,
        OnHandAfter = onHandAfter,
        Reason = reason,
        Reference = reference,
        Actor = actor,
        OccurredAt = at,
        IdempotencyKey = idempotencyKey,
    };
}
