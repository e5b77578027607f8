using System.Collections.Frozen;

namespace NovaTech.Fulfillment.Domain;

/// <summary>A carrier NovaTech ships with, and where a customer tracks a parcel on its site.</summary>
internal sealed record Carrier(string Code, string Name, string TrackingUrlTemplate)
{
    public string TrackingUrl(string trackingNumber) =>
        TrackingUrlTemplate.Replace("{tracking}", Uri.EscapeDataString(trackingNumber), StringComparison.Ordinal);
}

/// <summary>The supported carriers; a shipment names one by code.</summary>
internal static class Carriers
{
    public static readonly IReadOnlyList<Carrier> All =
    [
        new("royal-mail", "Royal Mail", "https://www.royalmail.com/track-your-item#/tracking-results/{tracking}"),
        new("dpd", "DPD", "https://track.dpd.co.uk/parcels/{tracking}"),
        new("evri", "Evri", "https://www.evri.com/track/parcel/{tracking}"),
        new("ups", "UPS", "https://www.ups.com/track?loc=en_GB&tracknum={tracking}"),
        new("dhl", "DHL", "https://www.dhl.com/gb-en/home/tracking/tracking-parcel.html?tracking-id={tracking}"),
    ];

    private static readonly FrozenDictionary<string, Carrier> ByCode = All.ToFrozenDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    public static Carrier? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim());
}
