namespace NovaTech.Fulfillment.Domain;

/// <summary>Where a parcel is. Stored and published by name.</summary>
internal enum ShipmentStatus
{
    /// <summary>Handed to the carrier; no scan yet.</summary>
    Created,

    /// <summary>Moving through the carrier's network.</summary>
    InTransit,

    /// <summary>On the van today.</summary>
    OutForDelivery,

    /// <summary>Delivered: final.</summary>
    Delivered,

    /// <summary>The carrier reported a problem (failed attempt, damage, address query); a later scan recovers it.</summary>
    Exception,
}

internal static class ShipmentStatuses
{
    /// <summary>Carrier wire values (<c>in_transit</c>…) to statuses; null for anything else.</summary>
    public static ShipmentStatus? FromCarrier(string? value) => value switch
    {
        "in_transit" => ShipmentStatus.InTransit,
        "out_for_delivery" => ShipmentStatus.OutForDelivery,
        "delivered" => ShipmentStatus.Delivered,
        "exception" => ShipmentStatus.Exception,
        _ => null,
    };

    /// <summary>How far along the journey a status is; an exception is not a step of it.</summary>
    public static int Progress(ShipmentStatus status) => status switch
    {
        ShipmentStatus.Created => 0,
        ShipmentStatus.InTransit => 1,
        ShipmentStatus.OutForDelivery => 2,
        ShipmentStatus.Delivered => 3,
        _ => -1,
    };
}
