using Nots.Bookings.Features;
using Platform.Identity.Browser;

namespace Nots.Web.Site.Account;

/// <summary>A form page of the account area: what was typed (never the password), messages per field, where to go after.</summary>
public sealed record AccountFormModel(SiteChrome Chrome, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors, string? ReturnUrl)
{
    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    /// <summary>Problems that belong to the form as a whole (key "").</summary>
    public string? FormError => Errors.GetValueOrDefault("");

    public string ReturnQuery => ReturnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(ReturnUrl);
}

/// <summary>The authenticator set-up page.</summary>
public sealed record MfaSetupModel(SiteChrome Chrome, MfaEnrollment Enrollment, bool Required, string? Error, string? ReturnUrl);

/// <summary>The account overview: details, recent bookings, security, your data.</summary>
public sealed record AccountOverviewModel(SiteChrome Chrome, AccountSummary Account, IReadOnlyList<BookingSummaryResponse> RecentBookings, bool MoreBookings,
    string? ErasureError);

/// <summary>The booking history, a page at a time.</summary>
public sealed record BookingHistoryModel(SiteChrome Chrome, IReadOnlyList<BookingSummaryResponse> Bookings, string? NextCursor, bool FirstPage);
