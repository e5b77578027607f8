using System.Globalization;

namespace Nots.Web.Driver;

/// <summary>Words and links of the driver app: button labels, statuses, phone and maps links, countdowns.</summary>
internal static class DriverText
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static string Button(string action) => action switch
    {
        "accept" => "Accept job",
        "reject" => "Reject",
        "en-route" => "On my way",
        "arrived" => "I have arrived",
        "on-board" => "Passenger on board",
        "complete" => "Complete job",
        "no-show" => "Passenger did not show",
        _ => action,
    };

    public static string Status(string status) => status switch
    {
        "Offered" => "Offer waiting for you",
        "Assigned" => "Accepted — not started",
        "EnRoute" => "On the way to pickup",
        "Arrived" => "At pickup",
        "OnBoard" => "Passenger on board",
        "Completed" => "Completed",
        "NoShow" => "No-show",
        "Cancelled" => "Cancelled",
        _ => status,
    };

    public static string Document(string type) => type switch
    {
        "driving-licence" => "Driving licence",
        "ph-badge" => "Private hire badge",
        "dbs" => "DBS check",
        "medical" => "Medical certificate",
        "right-to-work" => "Right to work",
        "v5c" => "V5C logbook",
        "mot" => "MOT certificate",
        "insurance" => "Hire & reward insurance",
        "plate-licence" => "Vehicle plate licence",
        _ => type,
    };

    /// <summary>"09:30" UK time.</summary>
    public static string Time(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, London).ToString("HH:mm", British);

    /// <summary>"Tue 4 May, 09:30" UK time.</summary>
    public static string When(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, London).ToString("ddd d MMM, HH:mm", British);

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", British);

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    /// <summary>"1:05" left to answer an offer (0:00 when expired).</summary>
    public static string Countdown(DateTimeOffset expires, DateTimeOffset now)
    {
        var left = expires - now;
        var seconds = Math.Max(0, (int)Math.Ceiling(left.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    /// <summary>ISO 8601 instant for the page's scripts.</summary>
    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Tel(string phone) => "tel:" + new string(phone.Where(c => char.IsDigit(c) || c == '+').ToArray());

    /// <summary>A maps link that opens turn-by-turn directions (coordinates when known, else the place name).</summary>
    public static string Directions(double? lat, double? lng, string name) =>
        "https://www.google.com/maps/dir/?api=1&destination=" + (lat is { } la && lng is { } lo
            ? string.Create(CultureInfo.InvariantCulture, $"{la:0.######},{lo:0.######}")
            : Uri.EscapeDataString(name));
}
