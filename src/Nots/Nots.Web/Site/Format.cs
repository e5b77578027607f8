using System.Globalization;

namespace Nots.Web.Site;

/// <summary>Money, times and statuses as a British reader expects them.</summary>
internal static class Format
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static string Money(int pence) =>
        (pence < 0 ? "−£" : "£") + (Math.Abs(pence) / 100m).ToString("#,##0.00", British);

    public static string Money(int? pence) => pence is { } p ? Money(p) : "";

    /// <summary>"Tue 4 May 2027, 09:30" in UK time.</summary>
    public static string When(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("ddd d MMM yyyy, HH:mm", British);

    /// <summary>The UK local date (yyyy-MM-dd) and time (HH:mm) of an instant, for date and time inputs.</summary>
    public static (string Date, string Time) LocalParts(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, London);
        return (local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), local.ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    public static string Today(TimeProvider time) => LocalParts(time.GetUtcNow()).Date;

    public static string Minutes(int minutes) => minutes < 60 ? $"{minutes} min" : $"{minutes / 60} h {minutes % 60:00} min";

    public static string Status(string status) => status switch
    {
        "PendingPayment" => "Awaiting payment",
        "PaymentFailed" => "Payment failed",
        "Confirmed" => "Confirmed",
        "Assigned" => "Driver assigned",
        "DriverEnRoute" => "Driver on the way",
        "Arrived" => "Driver has arrived",
        "PassengerOnBoard" => "On board",
        "Completed" => "Completed",
        "Cancelled" => "Cancelled",
        "NoShow" => "No-show",
        _ => status,
    };

    /// <summary>The vehicle class as the quote page names it.</summary>
    public static string Vehicle(string vehicleClass) => vehicleClass switch
    {
        "saloon" => "Saloon",
        "estate" => "Estate",
        "executive" => "Executive",
        "mpv6" => "MPV (6 seats)",
        "mpv8" => "MPV (8 seats)",
        _ => vehicleClass,
    };

    public static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";
}
