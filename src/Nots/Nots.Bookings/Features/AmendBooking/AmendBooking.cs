using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Dispatch;
using Nots.Bookings.Domain;
using Nots.Bookings.Notifications;
using Nots.Bookings.Features.StartPayment;
using Nots.Bookings.Payments;
using Nots.Contracts.Pricing;
using Platform.Messaging;

namespace Nots.Bookings.Features.AmendBooking;

/// <summary><c>PATCH /v1/bookings/{reference}</c>: only the fields given change; a journey change is re-priced.</summary>
/// <param name="PickupAt">New pickup time, as for a quote (UK local time, e.g. <c>2027-05-03T09:00</c>).</param>
/// <param name="Pickup">New pickup place.</param>
/// <param name="Dropoff">New destination.</param>
/// <param name="Passengers">Number of passengers.</param>
/// <param name="Suitcases">Large cases.</param>
/// <param name="HandLuggage">Small bags.</param>
/// <param name="ChildSeats">Child seats.</param>
/// <param name="BoosterSeats">Booster seats.</param>
/// <param name="MeetAndGreet">Driver meets the passenger inside the terminal.</param>
/// <param name="ExtraStops">Stops on the way.</param>
/// <param name="Passenger">The lead passenger's details.</param>
/// <param name="Notes">Remarks for the driver.</param>
/// <param name="FlightNumber">Flight number.</param>
/// <param name="Version">The version last read; a booking changed since is a 409.</param>
public sealed record AmendBookingRequest(
    [MaxLength(40)] string? PickupAt,
    PlaceRef? Pickup,
    PlaceRef? Dropoff,
    [Range(1, 16)] int? Passengers,
    [Range(0, 20)] int? Suitcases,
    [Range(0, 20)] int? HandLuggage,
    [Range(0, 4)] int? ChildSeats,
    [Range(0, 4)] int? BoosterSeats,
    bool? MeetAndGreet,
    [Range(0, 5)] int? ExtraStops,
    PassengerRequest? Passenger,
    [MaxLength(1000)] string? Notes,
    [MaxLength(12)] string? FlightNumber,
    int? Version);

public sealed record AmendBookingResponse(BookingResponse Booking, int PriceChangePence, PaymentResponse? Payment, int RefundPence);

internal static class AmendBooking
{
    public static void Map(RouteGroupBuilder bookings) =>
        bookings.MapPatch("{reference}", HandleAsync).AllowAnonymous().WithName("AmendBooking")
            .WithSummary("Amend time, places, party or extras until the cut-off; re-priced (owner, staff, or ?token=)");

    private static Task<Results<Ok<AmendBookingResponse>, ValidationProblem>> HandleAsync(
        string reference,
        string? token,
        AmendBookingRequest request,
        HttpContext http,
        IAuthorizationService authorization,
        [FromServices] IQuotes quotes,
        BookingsDbContext db,
        BookingsOptions options,
        CheckoutStarter checkout,
        RefundProcessor refunds,
        TimeProvider time,
        CancellationToken cancellationToken) =>
        AmendAsync(reference, token, request, http, authorization, quotes, db, options, checkout, refunds, time, null, cancellationToken);

    /// <summary>The amendment; a balance checkout returns to <paramref name="returnTo"/> (the website) or to the API.</summary>
    internal static async Task<Results<Ok<AmendBookingResponse>, ValidationProblem>> AmendAsync(
        string reference,
        string? token,
        AmendBookingRequest request,
        HttpContext http,
        IAuthorizationService authorization,
        IQuotes quotes,
        BookingsDbContext db,
        BookingsOptions options,
        CheckoutStarter checkout,
        RefundProcessor refunds,
        TimeProvider time,
        CheckoutReturn? returnTo,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var passenger = request.Passenger is null ? null : PassengerInput.Validate(request.Passenger, errors);
        var flight = PassengerInput.Flight(request.FlightNumber, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var caller = await Caller.FromAsync(http, authorization);
        // An explicit version means "only if unchanged": no silent retry then.
        var (booking, wasConfirmed, delta, planned, validation) = await Conflicts.RetryAsync(db, async () =>
        {
            var booking = await BookingAccess.LoadAsync(db, reference, caller, token, withHistory: false, cancellationToken);
            if (request.Version is { } version && version != booking.Version)
            {
                throw Platform.Web.DomainException.Conflict("stale_version", $"The booking has changed since version {version}; it is now version {booking.Version}.");
            }

            var now = time.GetUtcNow();
            booking.EnsureAmendable(now, options.AmendCutoff);
            var wasConfirmed = booking.Status == BookingStatus.Confirmed;
            var (journey, changes) = ChangedJourney(booking, request);
            JourneyTerms? terms = null;
            if (journey is not null)
            {
                // Re-priced with the current tariff (stored as a new quote by the pricing module).
                var quote = await quotes.PriceAsync(journey, cancellationToken);
                terms = BookingViews.TermsFrom(quote, BookingViews.OptionFor(quote, booking.VehicleClass));
            }

            if (passenger is not null)
            {
                changes.Add("passenger");
            }

            if (request.Notes is not null)
            {
                changes.Add("notes");
            }

            if (flight is not null)
            {
                changes.Add("flight");
            }

            if (changes.Count == 0)
            {
                return (booking, false, 0, new List<Refund>(), Problems.Validation(new Dictionary<string, string[]> { [""] = ["Nothing to change: give at least one field."] }));
            }

            var delta = booking.Amend(terms, passenger, PassengerInput.Notes(request.Notes), flight, "Amended: " + string.Join(", ", changes), now, options.AmendCutoff);

            // Paid more than the new fare: the difference goes back now.
            var overpaid = booking.NetPaidPence - booking.TotalPence;
            var planned = new List<Refund>();
            if (overpaid > 0)
            {
                var payments = await db.Payments.Where(p => p.BookingId == booking.Id).ToListAsync(cancellationToken);
                planned = Refund.Plan(booking, payments, overpaid, "Refund of price decrease after amendment", now);
                db.Refunds.AddRange(planned);
            }

            if (wasConfirmed)
            {
                db.AddIntegrationEvent(BookingEvents.Amended(booking, now, caller.IsStaff ? caller.Sub : null));
                BookingMessages.Amended(db, booking, options, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return (booking, wasConfirmed, delta, planned, (ValidationProblem?)null);
        }, request.Version is null ? 3 : 1);
        if (validation is not null)
        {
            return validation;
        }

        // A price increase on a paid booking needs a further payment: hand out the checkout for the difference.
        PaymentResponse? payment = null;
        if (wasConfirmed && booking.BalanceDuePence > 0)
        {
            payment = PaymentResponse.From(await checkout.StartAsync(booking, http.Request, cancellationToken, returnTo));
        }

        await refunds.ProcessAsync(planned.Select(r => r.Id), cancellationToken);
        db.ChangeTracker.Clear();
        var fresh = await db.Bookings.AsNoTracking().Include(b => b.History).FirstAsync(b => b.Id == booking.Id, cancellationToken);
        return TypedResults.Ok(new AmendBookingResponse(BookingViews.ToResponse(fresh), delta, payment, planned.Sum(r => r.AmountPence)));
    }

    private static (JourneyInput? Journey, List<string> Changes) ChangedJourney(Booking booking, AmendBookingRequest request)
    {
        var current = JsonSerializer.Deserialize<JourneyInput>(booking.JourneyJson, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Booking {booking.Reference} has no journey.");
        var changes = new List<string>();
        var next = current;
        void Change<T>(T? value, string name, Func<JourneyInput, T, JourneyInput> apply)
            where T : class
        {
            if (value is not null)
            {
                next = apply(next, value);
                changes.Add(name);
            }
        }

        void ChangeValue<T>(T? value, string name, Func<JourneyInput, T, JourneyInput> apply)
            where T : struct
        {
            if (value is { } v)
            {
                next = apply(next, v);
                changes.Add(name);
            }
        }

        Change(request.PickupAt, "time", (j, v) => j with { PickupAt = v });
        Change(request.Pickup, "pickup", (j, v) => j with { Pickup = v });
        Change(request.Dropoff, "destination", (j, v) => j with { Dropoff = v });
        ChangeValue(request.Passengers, "passengers", (j, v) => j with { Passengers = v });
        ChangeValue(request.Suitcases, "suitcases", (j, v) => j with { Suitcases = v });
        ChangeValue(request.HandLuggage, "hand luggage", (j, v) => j with { HandLuggage = v });
        ChangeValue(request.ChildSeats, "child seats", (j, v) => j with { ChildSeats = v });
        ChangeValue(request.BoosterSeats, "booster seats", (j, v) => j with { BoosterSeats = v });
        ChangeValue(request.MeetAndGreet, "meet and greet", (j, v) => j with { MeetAndGreet = v });
        ChangeValue(request.ExtraStops, "extra stops", (j, v) => j with { ExtraStops = v });
        if (request.FlightNumber is not null)
        {
            next = next with { FlightNumber = request.FlightNumber };
        }

        return (changes.Count > 0 ? next with { VehicleClass = booking.VehicleClass } : null, changes);
    }
}
