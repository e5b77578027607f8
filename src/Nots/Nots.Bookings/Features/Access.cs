using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Platform.Identity;

namespace Nots.Bookings.Features;

/// <summary>Who is asking: a signed-in customer (by <c>sub</c>), staff, or a guest holding a manage token.</summary>
internal sealed record Caller(string? Sub, string? Email, bool IsAuthenticated, bool IsStaff)
{
    public string Who => Email ?? Sub ?? "guest";

    public static async Task<Caller> FromAsync(HttpContext http, IAuthorizationService authorization)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return new Caller(null, null, false, false);
        }

        // The platform policies include the staff-MFA rule: a staff token without MFA counts as signed out here.
        var authenticated = (await authorization.AuthorizeAsync(user, PlatformPolicies.Authenticated)).Succeeded;
        if (!authenticated)
        {
            return new Caller(null, null, false, false);
        }

        var staff = (await authorization.AuthorizeAsync(user, PlatformPolicies.Staff)).Succeeded;
        return new Caller(user.FindFirstValue("sub"), user.FindFirstValue("email"), true, staff);
    }
}

/// <summary>Manage-booking tokens: 256 random bits, only their SHA-256 stored; each message may issue a fresh one.</summary>
internal static class ManageTokens
{
    public static string Issue(BookingsDbContext db, Guid bookingId, DateTimeOffset now)
    {
        var (token, row) = New(bookingId, now);
        db.ManageTokens.Add(row);
        return token;
    }

    /// <summary>A new token and the row that stores its hash, for the caller to add.</summary>
    public static (string Token, ManageToken Row) New(Guid bookingId, DateTimeOffset now)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, new ManageToken { TokenHash = Hash(token), BookingId = bookingId, IssuedAt = now });
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static async Task<bool> IsValidAsync(BookingsDbContext db, Guid bookingId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return false;
        }

        var hash = Hash(token);
        return await db.ManageTokens.AnyAsync(t => t.TokenHash == hash && t.BookingId == bookingId, cancellationToken);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Loads a booking for a caller; anyone who may not see it gets the same 404 as for a missing one.</summary>
internal static class BookingAccess
{
    public static async Task<Booking> LoadAsync(BookingsDbContext db, string reference, Caller caller, string? token, bool withHistory, CancellationToken cancellationToken)
    {
        var normalised = BookingReference.Normalise(reference ?? "");
        if (!BookingReference.IsWellFormed(normalised))
        {
            throw BookingErrors.NotFound(reference ?? "");
        }

        IQueryable<Booking> query = withHistory ? db.Bookings.Include(b => b.History) : db.Bookings;
        var booking = await query.FirstOrDefaultAsync(b => b.Reference == normalised, cancellationToken)
            ?? throw BookingErrors.NotFound(normalised);
        if (!await MaySeeAsync(db, booking, caller, token, cancellationToken))
        {
            throw BookingErrors.NotFound(normalised);
        }

        return booking;
    }

    public static async Task<bool> MaySeeAsync(BookingsDbContext db, Booking booking, Caller caller, string? token, CancellationToken cancellationToken) =>
        caller.IsStaff
        || (caller.Sub is not null && booking.CustomerId == caller.Sub)
        || await ManageTokens.IsValidAsync(db, booking.Id, token, cancellationToken);

    /// <summary>Base of links we hand out: configured, else the request's own.</summary>
    public static string BaseUrl(BookingsOptions options, HttpRequest? request) =>
        options.PublicBaseUrl
        ?? (request is not null ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.FallbackBaseUrl);

    /// <summary>The API resource with its token (handed to API clients in the booking response).</summary>
    public static string ManageUrl(string baseUrl, string reference, string token) =>
        $"{baseUrl}/v1/bookings/{reference}?token={Uri.EscapeDataString(token)}";

    /// <summary>The website's manage page (<c>/manage/{reference}</c>, served by Nots.Web) with its token: what people get in messages.</summary>
    public static string ManagePageUrl(string baseUrl, string reference, string token) =>
        $"{baseUrl}/manage/{reference}?token={Uri.EscapeDataString(token)}";
}
