using Microsoft.AspNetCore.Antiforgery;

namespace Nots.Web.Site;

/// <summary>What every page's frame needs: the form token (pages with a form) and a one-time message.</summary>
/// <param name="Form">The antiforgery field and token, or null on pages without a form.</param>
/// <param name="Flash">A one-time message from the previous action.</param>
public sealed record SiteChrome(FormToken? Form, Flash? Flash);

/// <summary>Per-request helpers of the customer website: chrome, flash messages, the booking cookie, absolute links.</summary>
internal sealed class SiteContext(IAntiforgery antiforgery)
{
    public const string AntiforgeryCookie = "nots_af";

    /// <summary>"REFERENCE:token" of the booking this browser is paying for, so the payment page's return lands on it.</summary>
    public const string BookingCookie = "nots_booking";

    private const string FlashCookie = "nots_flash";

    public SiteChrome Chrome(HttpContext http, bool withForm = true) =>
        new(withForm ? PageForms.Issue(http, antiforgery) : null, FlashMessages.Take(http, FlashCookie));

    public static void SetFlash(HttpContext http, Flash flash) => FlashMessages.Set(http, FlashCookie, flash);

    /// <summary>The site's own absolute base URL (the payment provider needs absolute return URLs).</summary>
    public static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>The manage page; without a token for the signed-in owner (the bookings module lets the owner in).</summary>
    public static string ManagePath(string reference, string token) =>
        token.Length == 0 ? $"/manage/{reference}" : $"/manage/{reference}?token={Uri.EscapeDataString(token)}";

    /// <summary>Remembers the booking being paid for (a day; only sent to /bookings/…).</summary>
    public static void RememberBooking(HttpContext http, string reference, string token) =>
        http.Response.Cookies.Append(BookingCookie, reference + ":" + token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/bookings",
            MaxAge = TimeSpan.FromDays(1),
            IsEssential = true,
        });

    /// <summary>The manage token this browser holds for <paramref name="reference"/>, if any.</summary>
    public static string? RememberedToken(HttpContext http, string reference) =>
        http.Request.Cookies[BookingCookie] is { } value && value.Split(':', 2) is [var cookieReference, var token]
            && string.Equals(cookieReference, reference.Trim(), StringComparison.OrdinalIgnoreCase)
            ? token
            : null;
}
