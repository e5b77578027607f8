using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Contracts.Pricing;
using Platform.Persistence;

namespace Nots.Bookings.Features.BookTransfer;

/// <summary><c>POST /v1/bookings</c>: book a quoted journey in one vehicle class.</summary>
/// <param name="QuoteId">An unexpired quote from <c>POST /v1/quotes</c>.</param>
/// <param name="VehicleClass">One of the quote's available classes, e.g. <c>saloon</c>.</param>
/// <param name="Passenger">The lead passenger.</param>
/// <param name="Notes">Remarks for the driver.</param>
/// <param name="FlightNumber">For airport pickups, e.g. <c>BA123</c>.</param>
public sealed record BookTransferRequest(
    [Required] Guid? QuoteId,
    [Required, MaxLength(50)] string? VehicleClass,
    [Required] PassengerRequest? Passenger,
    [MaxLength(1000)] string? Notes,
    [MaxLength(12)] string? FlightNumber);

internal static class BookTransfer
{
    private const int ReferenceAttempts = 5;

    public static void Map(RouteGroupBuilder bookings) =>
        bookings.MapPost("", HandleAsync).AllowAnonymous().WithName("BookTransfer")
            .WithSummary("Book a quoted transfer (guest, signed-in customer, or staff taking a phone booking)");

    internal static async Task<Results<Created<BookingResponse>, ValidationProblem>> HandleAsync(
        BookTransferRequest request,
        HttpContext http,
        IAuthorizationService authorization,
        [FromServices] IQuotes quotes,
        BookingsDbContext db,
        GroupCommit<BookingsDbContext> writer,
        BookingsOptions options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var passenger = PassengerInput.Validate(request.Passenger, errors);
        var flight = PassengerInput.Flight(request.FlightNumber, errors);
        if (errors.Count > 0 || passenger is null)
        {
            return Problems.Validation(errors);
        }

        var caller = await Caller.FromAsync(http, authorization);
        var now = time.GetUtcNow();
        var quote = await quotes.FindAsync(request.QuoteId!.Value, cancellationToken) ?? throw BookingErrors.QuoteNotFound();
        if (quote.ExpiresAt <= now)
        {
            throw BookingErrors.QuoteExpired();
        }

        var option = BookingViews.OptionFor(quote, request.VehicleClass!.Trim());
        var booking = Booking.Create(
            BookingReference.New(),
            option.VehicleClass,
            BookingViews.TermsFrom(quote, option),
            passenger,
            PassengerInput.Notes(request.Notes),
            flight,
            caller.IsStaff ? BookingChannel.Phone : BookingChannel.Online,
            caller.IsStaff ? null : caller.Sub,
            caller.IsStaff ? caller.Who : null,
            now);
        var (token, tokenRow) = ManageTokens.New(booking.Id, now);

        // Group commit: this booking's rows commit in one transaction with every other booking waiting at that moment,
        // and this request answers only once they are committed. It still fails alone: a random reference that
        // collides with an existing one (unique index) fails only this request, which draws again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await writer.SaveAsync(ctx =>
                {
                    ctx.Bookings.Add(booking);
                    ctx.ManageTokens.Add(tokenRow);
                });
                break;
            }
            catch (DbUpdateException) when (attempt < ReferenceAttempts)
            {
                if (!await db.Bookings.AsNoTracking().AnyAsync(b => b.Reference == booking.Reference, cancellationToken))
                {
                    throw;
                }

                booking.ChangeReference(BookingReference.New());
            }
        }

        var response = BookingViews.ToResponse(booking) with
        {
            ManageUrl = BookingAccess.ManageUrl(BookingAccess.BaseUrl(options, http.Request), booking.Reference, token),
            ManageToken = token,
        };
        return TypedResults.Created($"/v1/bookings/{booking.Reference}", response);
    }
}
