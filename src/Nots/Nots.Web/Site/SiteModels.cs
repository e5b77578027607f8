using Nots.Bookings.Features.Site;
using Nots.Pricing.Features;
using Nots.Pricing.Features.SearchPlaces;

namespace Nots.Web.Site;

/// <summary>Where the "Sign in" link of the header goes (signed-in visitors are sent on to their account).</summary>
internal static class SiteLinks
{
    public static string? SignIn { get; } = Account.AccountPages.SignInPath;
}

public sealed record MessageModel(SiteChrome Chrome, string Title, string Text, string? LinkText = null, string? LinkUrl = null);

public sealed record HomeModel(
    SiteChrome Chrome,
    QuoteForm Form,
    IReadOnlyList<PlaceResponse> Places,
    IReadOnlyDictionary<string, string> Errors,
    string? Problem,
    string Today)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}

public sealed record QuoteModel(SiteChrome Chrome, QuoteResponse Quote);

public sealed record BookModel(
    SiteChrome Chrome,
    QuoteResponse Quote,
    QuoteOptionResponse Option,
    BookingForm Form,
    IReadOnlyDictionary<string, string> Errors,
    string? Problem)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}

public sealed record ConfirmationModel(SiteChrome Chrome, SiteBooking Booking, string ManageUrl, string QrSvg);

public sealed record ManageModel(
    SiteChrome Chrome,
    SiteBooking Booking,
    string Token,
    AmendForm Form,
    IReadOnlyDictionary<string, string> Errors,
    string? Problem)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public string ManagePath => SiteContext.ManagePath(Booking.Booking.Reference, Token);
}

public sealed record CancelModel(SiteChrome Chrome, SiteBooking Booking, string Token)
{
    public string ManagePath => SiteContext.ManagePath(Booking.Booking.Reference, Token);
}

/// <summary>The booking form (lead passenger and remarks).</summary>
public sealed class BookingForm
{
    public string? Vehicle { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Notes { get; set; }

    public string? FlightNumber { get; set; }
}

/// <summary>The amendment form: fields left as shown (or blank, for luggage) stay as booked.</summary>
public sealed class AmendForm
{
    public string? Token { get; set; }

    public string? Date { get; set; }

    public string? Time { get; set; }

    public string? Passengers { get; set; }

    public string? Suitcases { get; set; }

    public string? HandLuggage { get; set; }

    public string? Notes { get; set; }

    public string? FlightNumber { get; set; }
}
