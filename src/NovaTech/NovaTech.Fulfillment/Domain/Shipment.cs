using System.Text.RegularExpressions;
using Platform.Web;

namespace NovaTech.Fulfillment.Domain;

/// <summary>
/// Units of one order that left a warehouse together with one carrier under one tracking number, and what the
/// carrier has said about them since. The recipient and address are copied at dispatch: they are what went on the label.
/// </summary>
internal sealed partial class Shipment
{
    private readonly List<ShipmentLine> _lines = [];
    private readonly List<TrackingEvent> _events = [];

    private Shipment()
    {
    }

    public Guid Id { get; private set; }

    public string OrderNumber { get; private set; } = "";

    public string Warehouse { get; private set; } = "";

    public string Carrier { get; private set; } = "";

    public string TrackingNumber { get; private set; } = "";

    public ShipmentStatus Status { get; private set; }

    /// <summary>The carrier's time of the event that set <see cref="Status"/> (dispatch time until the first scan).</summary>
    public DateTimeOffset StatusAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public ShipmentRecipient Recipient { get; private set; } = null!;

    public int Version { get; private set; }

    public IReadOnlyList<ShipmentLine> Lines => _lines;

    public IReadOnlyList<TrackingEvent> Events => _events;

    public Carrier CarrierInfo => Carriers.Find(Carrier) ?? throw new InvalidOperationException($"Unknown carrier {Carrier}.");

    public string TrackingUrl => CarrierInfo.TrackingUrl(TrackingNumber);

    /// <summary>Dispatches <paramref name="lines"/> (already checked against what is left to ship) with a carrier.</summary>
    public static Shipment Dispatch(string orderNumber, string warehouse, string carrier, string trackingNumber,
        IReadOnlyList<ShipmentLine> lines, ShipmentRecipient recipient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(recipient);
        var known = Carriers.Find(carrier)
            ?? throw new DomainException(FulfillmentErrors.UnsupportedCarrier,
                $"Carrier '{carrier}' is not supported. Use one of: {string.Join(", ", Carriers.All.Select(c => c.Code))}.");
        var tracking = NormaliseTrackingNumber(trackingNumber);
        var warehouseCode = (warehouse ?? "").Trim().ToUpperInvariant();
        if (!WarehousePattern().IsMatch(warehouseCode))
        {
            throw new DomainException(FulfillmentErrors.InvalidWarehouse, "The warehouse code must be 1-20 letters, digits or hyphens.");
        }

        if (lines.Count == 0)
        {
            throw new DomainException(FulfillmentErrors.NoLines, "A shipment needs at least one line.");
        }

        if (lines.Any(l => l.Quantity <= 0))
        {
            throw new DomainException(FulfillmentErrors.InvalidQuantity, "Every line ships at least one unit.");
        }

        if (lines.GroupBy(l => l.LineId).Any(g => g.Count() > 1))
        {
            throw new DomainException(FulfillmentErrors.DuplicateOrderLine, "Each order line appears once in a shipment.");
        }

        var shipment = new Shipment
        {
            Id = Guid.CreateVersion7(now),
            OrderNumber = orderNumber,
            Warehouse = warehouseCode,
            Carrier = known.Code,
            TrackingNumber = tracking,
            Status = ShipmentStatus.Created,
            StatusAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            Recipient = recipient,
        };
        shipment._lines.AddRange(lines);
        return shipment;
    }

    /// <summary>Upper-case, no spaces; 6-40 letters, digits or hyphens.</summary>
    public static string NormaliseTrackingNumber(string? trackingNumber)
    {
        var tracking = (trackingNumber ?? "").Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        return TrackingPattern().IsMatch(tracking)
            ? tracking
            : throw new DomainException(FulfillmentErrors.InvalidTrackingNumber, "The tracking number must be 6-40 letters, digits or hyphens.");
    }

    /// <summary>
    /// Records what the carrier reported. Events are at-least-once and unordered: a repeated event id has no effect,
    /// every new event joins the timeline, and the status only moves forward (an exception or a recovery from one
    /// only when it is newer than the current status; nothing moves a delivered parcel).
    /// </summary>
    public CarrierEventOutcome RecordCarrierEvent(string eventId, ShipmentStatus status, DateTimeOffset occurredAt, string? description, DateTimeOffset receivedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        if (status == ShipmentStatus.Created)
        {
            throw new DomainException(FulfillmentErrors.InvalidCarrierEvent, "A carrier cannot report a parcel as not yet collected.");
        }

        if (_events.Any(e => e.CarrierEventId == eventId))
        {
            return CarrierEventOutcome.Duplicate;
        }

        var applies = Moves(status, occurredAt);
        _events.Add(new TrackingEvent(Guid.CreateVersion7(receivedAt), eventId, status, occurredAt, description, receivedAt, applies));
        UpdatedAt = receivedAt;
        Version++;
        if (!applies)
        {
            return CarrierEventOutcome.Recorded;
        }

        Status = status;
        StatusAt = occurredAt;
        return CarrierEventOutcome.StatusChanged;
    }

    private bool Moves(ShipmentStatus reported, DateTimeOffset occurredAt)
    {
        if (Status == ShipmentStatus.Delivered || reported == Status)
        {
            return false;
        }

        if (reported == ShipmentStatus.Delivered)
        {
            return true;
        }

        if (reported == ShipmentStatus.Exception || Status == ShipmentStatus.Exception)
        {
            // Into or out of an exception only on news newer than what we know.
            return occurredAt >= StatusAt;
        }

        return ShipmentStatuses.Progress(reported) > ShipmentStatuses.Progress(Status);
    }

    [GeneratedRegex("^[A-Z0-9-]{6,40}$")]
    private static partial Regex TrackingPattern();

    [GeneratedRegex("^[A-Z0-9-]{1,20}$")]
    private static partial Regex WarehousePattern();
}

/// <summary>What recording a carrier event did.</summary>
internal enum CarrierEventOutcome
{
    /// <summary>This event id was already recorded: nothing changed.</summary>
    Duplicate,

    /// <summary>Added to the timeline; the status stays (older or repeated news).</summary>
    Recorded,

    /// <summary>Added to the timeline and the shipment moved to the reported status.</summary>
    StatusChanged,
}

/// <summary>Units of one order line in a shipment.</summary>
internal sealed record ShipmentLine(Guid LineId, string Sku, string Name, int Quantity);

/// <summary>One thing the carrier said, on the carrier's clock.</summary>
internal sealed record TrackingEvent(Guid Id, string CarrierEventId, ShipmentStatus Status, DateTimeOffset OccurredAt, string? Description, DateTimeOffset ReceivedAt, bool Applied);

/// <summary>Who the parcel goes to, as printed on the label.</summary>
internal sealed record ShipmentRecipient(string Email, string? Phone, string Name, string Line1, string? Line2, string City, string Postcode, string Country);
