using NovaTech.Fulfillment.Domain;

namespace NovaTech.Fulfillment.Features;

/// <summary>A shipment as staff see it.</summary>
public sealed record ShipmentResponse(
    Guid Id,
    string OrderNumber,
    string Warehouse,
    string Carrier,
    string CarrierName,
    string TrackingNumber,
    string TrackingUrl,
    string Status,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ShipmentLineResponse> Lines,
    IReadOnlyList<TrackingEventResponse> Timeline);

/// <summary>Units of one order line in a shipment.</summary>
public sealed record ShipmentLineResponse(Guid LineId, string Sku, string Name, int Quantity);

/// <summary>One step of a parcel's journey, on the carrier's clock (UTC) and in UK time for people.</summary>
public sealed record TrackingEventResponse(string Status, DateTimeOffset OccurredAt, string OccurredAtUk, string? Description);

/// <summary>The answer to creating a shipment.</summary>
public sealed record CreatedShipmentResponse(ShipmentResponse Shipment, bool OrderFullyShipped);

internal static class ShipmentViews
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static ShipmentResponse ToResponse(Shipment shipment) => new(
        shipment.Id,
        shipment.OrderNumber,
        shipment.Warehouse,
        shipment.Carrier,
        shipment.CarrierInfo.Name,
        shipment.TrackingNumber,
        shipment.TrackingUrl,
        shipment.Status.ToString(),
        shipment.CreatedAt,
        [.. shipment.Lines.Select(l => new ShipmentLineResponse(l.LineId, l.Sku, l.Name, l.Quantity))],
        Timeline(shipment));

    /// <summary>Dispatch, then every carrier event in the order it happened (not the order it arrived).</summary>
    public static IReadOnlyList<TrackingEventResponse> Timeline(Shipment shipment) =>
    [
        new("Dispatched", shipment.CreatedAt, UkTime(shipment.CreatedAt), $"Left warehouse {shipment.Warehouse} with {shipment.CarrierInfo.Name}"),
        .. shipment.Events
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.ReceivedAt)
            .Select(e => new TrackingEventResponse(e.Status.ToString(), e.OccurredAt, UkTime(e.OccurredAt), e.Description)),
    ];

    public static string UkTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
}
