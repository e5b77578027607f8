using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;

namespace NovaTech.Web.Merchant;

/// <summary>What every merchant page's frame shows: who is signed in, what they may do, the section, the form token, a message.</summary>
/// <param name="Email">The signed-in staff member (null on the sign-in pages).</param>
/// <param name="Roles">Their NovaTech staff roles.</param>
/// <param name="Section">The navigation entry to mark as current.</param>
/// <param name="FormField">The antiforgery form field name.</param>
/// <param name="FormToken">The antiforgery request token.</param>
/// <param name="Flash">A one-time message from the previous action.</param>
public sealed record Desk(string? Email, IReadOnlyList<string> Roles, string Section, string FormField, string FormToken, Flash? Flash)
{
    public bool IsAdmin => Roles.Contains(NovaTechRoles.Admin);

    /// <summary>Merchants and admins ship orders and edit the catalog; support staff look and refund.</summary>
    public bool CanShip => IsAdmin || Roles.Contains(NovaTechRoles.Merchant);

    public bool CanEditCatalog => CanShip;
}

/// <summary>Per-request helpers of the merchant console: the frame, flash messages, the merchant's "today".</summary>
internal sealed class MerchantContext(IAntiforgery antiforgery, TimeProvider time)
{
    private const string FlashCookie = "novatech_merchant_flash";
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public Desk Desk(HttpContext http, string section)
    {
        var (field, token) = PageForms.Issue(http, antiforgery);
        var user = http.User;
        var email = user.Identity?.IsAuthenticated == true ? user.FindFirstValue("email") ?? user.Identity.Name : null;
        string[] staff = [NovaTechRoles.Merchant, NovaTechRoles.Support, NovaTechRoles.Admin];
        return new Desk(email, [.. staff.Where(user.IsInRole)], section, field, token, FlashMessages.Take(http, FlashCookie));
    }

    public static void SetFlash(HttpContext http, Flash flash) => FlashMessages.Set(http, FlashCookie, flash);

    /// <summary>Midnight to midnight in UK time, as UTC instants.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Today()
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), London);
        var midnight = new DateTime(local.Year, local.Month, local.Day, 0, 0, 0, DateTimeKind.Unspecified);
        var from = new DateTimeOffset(midnight, London.GetUtcOffset(midnight));
        var next = midnight.AddDays(1);
        return (from.ToUniversalTime(), new DateTimeOffset(next, London.GetUtcOffset(next)).ToUniversalTime());
    }

    public DateTimeOffset Now => time.GetUtcNow();
}
