using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Contracts.Dispatch;
using Platform.Messaging;
using Platform.Notifications;

namespace Nots.Bookings.Dispatch;

/// <summary>
/// A driver has the job: the booking moves to Assigned with the statutory driver and vehicle fields, and the customer
/// is told who is coming (email, and SMS when they gave a phone) through the outbox in the same transaction.
/// </summary>
internal sealed class DriverAssignedHandler(BookingsDbContext db, ILogger<DriverAssignedHandler> logger) : IIntegrationEventHandler<DriverAssignedIntegrationEvent>
{
    public async Task HandleAsync(DriverAssignedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var e = integrationEvent;
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == e.BookingId, cancellationToken);
        if (booking is null)
        {
            logger.LogWarning("Driver assigned to unknown booking {Reference}", e.BookingReference);
            return;
        }

        if (booking.Status != BookingStatus.Confirmed)
        {
            if (booking.Status == BookingStatus.Assigned && booking.AllocatedAt < e.AssignedAt)
            {
                // A re-allocation whose release has not been applied yet: try again after it.
                throw new InvalidOperationException($"Booking {booking.Reference} is still assigned to an earlier allocation.");
            }

            // Already assigned by this event, moved on, or cancelled: nothing to say.
            return;
        }

        booking.Assign(e.DriverName, e.BadgeNumber, e.Registration, e.PlateNumber, e.DispatcherUserId ?? "auto-dispatch", e.AssignedAt,
            e.DriverFirstName, new VehicleFacts(e.Make, e.Model, e.Colour).Describe());
        var model = DispatchMessages.Model(booking, e);
        var sent = DispatchMessages.Request(db, booking, DispatchTemplates.DriverAssigned, model);
        booking.Note(HistoryKind.Notification, $"Driver details requested by {sent}", null, e.AssignedAt);
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// The job moved on: the booking follows (en route, arrived, on board, completed, no-show, or back to Confirmed when a
/// dispatcher released the driver); the customer hears about en route and arrival. Events may arrive out of order:
/// one that is ahead of the booking is retried later, one that is behind is ignored.
/// </summary>
internal sealed class JobStatusChangedHandler(BookingsDbContext db, ILogger<JobStatusChangedHandler> logger) : IIntegrationEventHandler<JobStatusChangedIntegrationEvent>
{
    private static readonly Dictionary<BookingStatus, int> Progress = new()
    {
        [BookingStatus.Confirmed] = 0,
        [BookingStatus.Assigned] = 1,
        [BookingStatus.DriverEnRoute] = 2,
        [BookingStatus.Arrived] = 3,
        [BookingStatus.PassengerOnBoard] = 4,
        [BookingStatus.Completed] = 5,
        [BookingStatus.NoShow] = 5,
    };

    public async Task HandleAsync(JobStatusChangedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        var e = integrationEvent;
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == e.BookingId, cancellationToken);
        if (booking is null)
        {
            logger.LogWarning("Job status for unknown booking {Reference}", e.BookingReference);
            return;
        }

        if (e.Status == JobStatuses.Unassigned)
        {
            // Released by a dispatcher: only the allocation it released, not a newer one.
            if (booking.Status == BookingStatus.Assigned && booking.AllocatedAt <= e.At)
            {
                booking.Release(e.At, e.Detail);
                await db.SaveChangesAsync(cancellationToken);
            }

            return;
        }

        BookingStatus? target = e.Status switch
        {
            JobStatuses.EnRoute => BookingStatus.DriverEnRoute,
            JobStatuses.Arrived => BookingStatus.Arrived,
            JobStatuses.OnBoard => BookingStatus.PassengerOnBoard,
            JobStatuses.Completed => BookingStatus.Completed,
            JobStatuses.NoShow => BookingStatus.NoShow,
            _ => null,
        };
        if (target is not { } to || !Progress.TryGetValue(booking.Status, out var at))
        {
            return;
        }

        if (at >= Progress[to])
        {
            return;
        }

        if (!BookingTransitions.CanMove(booking.Status, to))
        {
            throw new InvalidOperationException($"Booking {booking.Reference} is {booking.Status}; {e.Status} must wait for the earlier steps.");
        }

        switch (to)
        {
            case BookingStatus.DriverEnRoute:
                booking.StartEnRoute(e.At);
                break;
            case BookingStatus.Arrived:
                booking.Arrive(e.At);
                break;
            case BookingStatus.PassengerOnBoard:
                booking.Board(e.At);
                break;
            case BookingStatus.Completed:
                booking.Complete(e.At);
                break;
            default:
                booking.MarkNoShow(e.Detail ?? "No-show", e.At);
                break;
        }

        if (to is BookingStatus.DriverEnRoute or BookingStatus.Arrived)
        {
            var template = to == BookingStatus.DriverEnRoute ? DispatchTemplates.DriverEnRoute : DispatchTemplates.DriverArrived;
            var sent = DispatchMessages.Request(db, booking, template, DispatchMessages.Model(booking, null));
            booking.Note(HistoryKind.Notification, $"{(to == BookingStatus.DriverEnRoute ? "En route" : "Arrival")} message requested by {sent}", null, e.At);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The values the driver messages use, and asking for them through the outbox.</summary>
internal static class DispatchMessages
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>Asks for the email, and the SMS when the customer gave a phone; returns "email" or "email and SMS".</summary>
    public static string Request(BookingsDbContext db, Booking booking, string template, Dictionary<string, object?> model)
    {
        db.RequestEmail(template, booking.PassengerEmail, model, booking.Reference);
        if (booking.PassengerPhone.Length > 0)
        {
            db.RequestSms(template, booking.PassengerPhone, model, booking.Reference);
            return "email and SMS";
        }

        return "email";
    }

    /// <summary>
    /// The message values. The vehicle comes from the assignment event, or from the statutory fields for later
    /// messages (make and colour are then taken from the assignment's history line).
    /// </summary>
    public static Dictionary<string, object?> Model(Booking booking, DriverAssignedIntegrationEvent? assigned)
    {
        var vehicle = assigned is null ? VehicleFacts.Parse(booking.VehicleDescription) : new VehicleFacts(assigned.Make, assigned.Model, assigned.Colour);
        return new Dictionary<string, object?>
        {
            ["Reference"] = booking.Reference,
            ["PassengerName"] = booking.PassengerName,
            ["PickupAt"] = booking.PickupAt,
            ["PickupTime"] = TimeZoneInfo.ConvertTime(booking.PickupAt, London).ToString("d MMM HH:mm", CultureInfo.GetCultureInfo("en-GB")),
            ["PickupName"] = booking.PickupName,
            ["DriverFirstName"] = assigned?.DriverFirstName ?? booking.DriverFirstName ?? "Your driver",
            ["BadgeNumber"] = assigned?.BadgeNumber ?? booking.DriverBadge ?? "",
            ["BadgePhoto"] = assigned?.BadgePhotoUrl is { Length: > 0 } url ? "Your driver's badge photo: " + url : "",
            ["Registration"] = assigned?.Registration ?? booking.VehicleRegistration ?? "",
            ["Make"] = vehicle.Make,
            ["Model"] = vehicle.Model,
            ["Colour"] = vehicle.Colour,
            ["MeetingPoint"] = booking.FlightNumber is null
                ? "Your driver will wait for you at the pickup point."
                : "Your driver will meet you in the arrivals hall with a name board.",
        };
    }
}

/// <summary>Make, model and colour of the allocated vehicle as the booking keeps them ("colour|make|model").</summary>
internal sealed record VehicleFacts(string Make, string Model, string Colour)
{
    public static VehicleFacts Parse(string? description)
    {
        var parts = (description ?? "").Split('|');
        return parts.Length == 3 ? new VehicleFacts(parts[1], parts[2], parts[0]) : new VehicleFacts("car", "", "");
    }

    public string Describe() => $"{Colour}|{Make}|{Model}";
}
