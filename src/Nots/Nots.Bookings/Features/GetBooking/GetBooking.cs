using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nots.Bookings.Data;

namespace Nots.Bookings.Features.GetBooking;

/// <summary><c>GET /v1/bookings/{reference}</c>: the booking with its history, for its owner, staff, or the holder of its manage token.</summary>
internal static class GetBooking
{
    public static void Map(RouteGroupBuilder bookings) =>
        bookings.MapGet("{reference}", HandleAsync).AllowAnonymous().WithName("GetBooking")
            .WithSummary("A booking with its history (owner, staff, or ?token= from the manage link)");

    internal static async Task<Ok<BookingResponse>> HandleAsync(
        string reference,
        string? token,
        HttpContext http,
        IAuthorizationService authorization,
        BookingsDbContext db,
        CancellationToken cancellationToken)
    {
        var caller = await Caller.FromAsync(http, authorization);
        var booking = await BookingAccess.LoadAsync(db, reference, caller, token, withHistory: true, cancellationToken);
        return TypedResults.Ok(BookingViews.ToResponse(booking));
    }
}
