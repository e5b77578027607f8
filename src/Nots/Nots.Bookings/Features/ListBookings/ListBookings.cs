using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Platform.Identity;

namespace Nots.Bookings.Features.ListBookings;

/// <summary>A page of bookings and the cursor of the next, if any.</summary>
public sealed record BookingPage(IReadOnlyList<BookingSummaryResponse> Items, string? NextCursor);

/// <summary>
/// <c>GET /v1/bookings</c>: customers see their own; staff see all and may filter by customer. Ordered by pickup
/// time then reference, keyset (cursor) paged so pages stay stable while bookings are added.
/// </summary>
internal static class ListBookings
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static void Map(RouteGroupBuilder bookings) =>
        bookings.MapGet("", HandleAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("ListBookings")
            .WithSummary("List bookings: ?from=&to= (pickup, ISO 8601), status, customerId (staff), limit, cursor");

    private static async Task<Results<Ok<BookingPage>, ValidationProblem>> HandleAsync(
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? status,
        string? customerId,
        int? limit,
        string? cursor,
        HttpContext http,
        IAuthorizationService authorization,
        BookingsDbContext db,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        BookingStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<BookingStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"Unknown status. Use one of: {string.Join(", ", Enum.GetNames<BookingStatus>())}."];
            }
        }

        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be 1 to {MaxLimit}."];
        }

        (DateTimeOffset PickupAt, string Reference)? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = DecodeCursor(cursor);
            if (after is null)
            {
                errors["cursor"] = ["The cursor is not one this API gave out."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var caller = await Caller.FromAsync(http, authorization);
        var owner = !caller.IsStaff ? http.User.FindFirstValue("sub") ?? "" : string.IsNullOrEmpty(customerId) ? null : customerId;
        return TypedResults.Ok(await QueryAsync(db, owner, statusFilter, from, to, after, take, cancellationToken));
    }

    /// <summary>
    /// One page of bookings in pickup order: of <paramref name="customerId"/> (null: everyone's), from the cursor's
    /// position. Shared with the customer website's booking history (<see cref="Site.ISiteBookings.ListMineAsync"/>).
    /// </summary>
    internal static async Task<BookingPage> QueryAsync(
        BookingsDbContext db,
        string? customerId,
        BookingStatus? status,
        DateTimeOffset? from,
        DateTimeOffset? to,
        (DateTimeOffset PickupAt, string Reference)? after,
        int take,
        CancellationToken cancellationToken)
    {
        var query = db.Bookings.AsNoTracking();
        if (customerId is not null)
        {
            query = query.Where(b => b.CustomerId == customerId);
        }

        if (status is { } s)
        {
            query = query.Where(b => b.Status == s);
        }

        if (from is { } f)
        {
            var fromUtc = f.ToUniversalTime();
            query = query.Where(b => b.PickupAt >= fromUtc);
        }

        if (to is { } t)
        {
            var toUtc = t.ToUniversalTime();
            query = query.Where(b => b.PickupAt < toUtc);
        }

        if (after is { } a)
        {
            query = query.Where(b => b.PickupAt > a.PickupAt || (b.PickupAt == a.PickupAt && string.Compare(b.Reference, a.Reference) > 0));
        }

        var rows = await query.OrderBy(b => b.PickupAt).ThenBy(b => b.Reference).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? EncodeCursor(page[^1]) : null;
        return new BookingPage(page.Select(BookingViews.ToSummary).ToList(), next);
    }

    internal static string EncodeCursor(Booking last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(last.PickupAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + last.Reference))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static (DateTimeOffset, string)? DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks && BookingReference.IsWellFormed(parts[1])
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
