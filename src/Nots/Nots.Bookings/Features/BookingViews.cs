using System.Globalization;
using System.Text.Json;
using Nots.Bookings.Domain;
using Nots.Contracts.Pricing;

namespace Nots.Bookings.Features;

public sealed record PriceLineResponse(string Code, string Description, int AmountPence);

public sealed record PassengerResponse(string Name, string Email, string Phone);

public sealed record HistoryResponse(int Sequence, DateTimeOffset At, string Kind, string? FromStatus, string? ToStatus, string? Detail, int? AmountPence);

/// <summary>The private-hire record fields that come with dispatch.</summary>
public sealed record DispatchResponse(string? DriverName, string? DriverBadge, string? VehicleRegistration, string? VehiclePlate, string? DispatchedBy, DateTimeOffset? AllocatedAt);

public sealed record BookingResponse(
    string Reference,
    string Status,
    string Channel,
    string? TakenBy,
    DateTimeOffset BookedAt,
    string VehicleClass,
    DateTimeOffset PickupAt,
    string PickupAtLocal,
    string PickupName,
    string DropoffName,
    int Passengers,
    PassengerResponse Passenger,
    string? Notes,
    string? FlightNumber,
    int TotalPence,
    string Currency,
    IReadOnlyList<PriceLineResponse> Lines,
    int PaidPence,
    int RefundedPence,
    int BalanceDuePence,
    int CancellationFeePence,
    DateTimeOffset? CancelledAt,
    DispatchResponse Dispatch,
    IReadOnlyList<HistoryResponse> History,
    int Version)
{
    /// <summary>Only in the create response: the link that lets a guest see and manage the booking.</summary>
    public string? ManageUrl { get; init; }

    /// <summary>Only in the create response: the token inside <see cref="ManageUrl"/>.</summary>
    public string? ManageToken { get; init; }
}

/// <summary>A booking in a list (<c>GET /v1/bookings</c>, the website's booking history).</summary>
public sealed record BookingSummaryResponse(
    string Reference,
    string Status,
    DateTimeOffset PickupAt,
    string PickupName,
    string DropoffName,
    string VehicleClass,
    string PassengerName,
    int TotalPence,
    string Channel,
    string? CustomerId);

internal static class BookingViews
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static BookingResponse ToResponse(Booking b) => new(
        b.Reference,
        b.Status.ToString(),
        b.Channel,
        b.TakenBy,
        b.BookedAt,
        b.VehicleClass,
        b.PickupAt,
        LocalTime(b.PickupAt),
        b.PickupName,
        b.DropoffName,
        b.Passengers,
        new PassengerResponse(b.PassengerName, b.PassengerEmail, b.PassengerPhone),
        b.Notes,
        b.FlightNumber,
        b.TotalPence,
        b.Currency,
        Lines(b),
        b.PaidPence,
        b.RefundedPence,
        b.BalanceDuePence,
        b.CancellationFeePence,
        b.CancelledAt,
        new DispatchResponse(b.DriverName, b.DriverBadge, b.VehicleRegistration, b.VehiclePlate, b.DispatchedBy, b.AllocatedAt),
        b.History.OrderBy(h => h.Sequence)
            .Select(h => new HistoryResponse(h.Sequence, h.At, h.Kind.ToString(), h.FromStatus?.ToString(), h.ToStatus?.ToString(), h.Detail, h.AmountPence))
            .ToList(),
        b.Version);

    public static BookingSummaryResponse ToSummary(Booking b) =>
        new(b.Reference, b.Status.ToString(), b.PickupAt, b.PickupName, b.DropoffName, b.VehicleClass, b.PassengerName, b.TotalPence, b.Channel, b.CustomerId);

    public static IReadOnlyList<PriceLineResponse> Lines(Booking b) =>
        JsonSerializer.Deserialize<List<PriceLineResponse>>(b.PriceLinesJson, JsonSerializerOptions.Web) ?? [];

    public static string LinesJson(IEnumerable<QuoteLineSnapshot> lines) =>
        JsonSerializer.Serialize(lines.Select(l => new PriceLineResponse(l.Code, l.Description, l.AmountPence)).ToList(), JsonSerializerOptions.Web);

    public static string LocalTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>£12.34 as a British reader expects it.</summary>
    public static string Money(int pence) =>
        (pence < 0 ? "-£" : "£") + (Math.Abs(pence) / 100m).ToString("#,##0.00", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>The terms a booking takes from a priced quote option.</summary>
    public static JourneyTerms TermsFrom(QuoteSnapshot quote, QuoteOptionSnapshot option) => new(
        quote.Id,
        quote.TariffVersion,
        JsonSerializer.Serialize(quote.Journey with { VehicleClass = option.VehicleClass }, JsonSerializerOptions.Web),
        quote.PickupName,
        quote.DropoffName,
        quote.PickupAtUtc,
        quote.Journey.Passengers,
        option.TotalPence ?? throw new InvalidOperationException("An available option has a price."),
        option.Currency.ToUpperInvariant(),
        LinesJson(option.Lines),
        quote.DistanceMiles,
        quote.DurationMinutes,
        quote.PickupLat ?? quote.Journey.Pickup?.Lat,
        quote.PickupLng ?? quote.Journey.Pickup?.Lng,
        quote.DropoffLat ?? quote.Journey.Dropoff?.Lat,
        quote.DropoffLng ?? quote.Journey.Dropoff?.Lng);

    /// <summary>The option of <paramref name="vehicleClass"/>, or the 422 that says why it cannot be booked.</summary>
    public static QuoteOptionSnapshot OptionFor(QuoteSnapshot quote, string vehicleClass)
    {
        var option = quote.Options.FirstOrDefault(o => string.Equals(o.VehicleClass, vehicleClass, StringComparison.OrdinalIgnoreCase))
            ?? throw BookingErrors.UnknownVehicleClass(vehicleClass);
        if (!option.Available || option.TotalPence is null)
        {
            throw BookingErrors.VehicleClassUnavailable(option.VehicleClass, option.Reason);
        }

        return option;
    }
}
