using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Features;
using Platform.Notifications;

namespace Nots.Bookings.Notifications;

/// <summary>
/// Asks for the customer's confirmation, cancellation and amendment messages through the module's outbox, in the same
/// <c>SaveChanges</c> as the change that causes them: they are sent (once, with the platform's delivery log) only if
/// that change commits, and never from inside a booking transaction. Values are taken from the booking as changed.
/// </summary>
internal static class BookingMessages
{
    /// <summary>Paid in full: e-mail, and SMS when the customer gave a phone. Notes what was asked for on the booking.</summary>
    public static void Confirmed(BookingsDbContext db, Booking booking, BookingsOptions options, DateTimeOffset now) =>
        Request(db, booking, BookingTemplates.Confirmed, withSms: true, withLink: true, options, now, "Confirmation");

    /// <summary>Cancelled: the fee and the refund, by e-mail and SMS.</summary>
    public static void Cancelled(BookingsDbContext db, Booking booking, BookingsOptions options, DateTimeOffset now) =>
        Request(db, booking, BookingTemplates.Cancelled, withSms: true, withLink: false, options, now, "Cancellation");

    /// <summary>A confirmed booking changed: the new details by e-mail (there is no amendment SMS).</summary>
    public static void Amended(BookingsDbContext db, Booking booking, BookingsOptions options, DateTimeOffset now) =>
        Request(db, booking, BookingTemplates.Amended, withSms: false, withLink: true, options, now, "Amendment");

    /// <summary>A refund the office gave (the booking stays as it is): the amount by e-mail.</summary>
    public static void Refunded(BookingsDbContext db, Booking booking, int amountPence, BookingsOptions options, DateTimeOffset now) =>
        Request(db, booking, BookingTemplates.Refunded, withSms: false, withLink: true, options, now, "Refund notice", amountPence);

    private static void Request(
        BookingsDbContext db, Booking booking, string template, bool withSms, bool withLink, BookingsOptions options, DateTimeOffset now, string what,
        int? refundPence = null)
    {
        // A fresh manage token per message: only its hash is stored (in this same transaction), so the link lives
        // only in the message itself.
        var manageUrl = withLink
            ? BookingAccess.ManagePageUrl(BookingAccess.BaseUrl(options, null), booking.Reference, ManageTokens.Issue(db, booking.Id, now))
            : "";
        var model = Model(booking, manageUrl);
        if (refundPence is { } refund)
        {
            model["Refund"] = BookingViews.Money(refund);
        }

        db.RequestEmail(template, booking.PassengerEmail, model, booking.Reference);
        var channels = "e-mail";
        if (withSms && booking.PassengerPhone.Length > 0 && E164.IsValid(booking.PassengerPhone))
        {
            db.RequestSms(template, booking.PassengerPhone, model, booking.Reference);
            channels = "e-mail and SMS";
        }

        booking.Note(HistoryKind.Notification, $"{what} requested by {channels}", null, now);
    }

    private static Dictionary<string, object?> Model(Booking booking, string manageUrl)
    {
        var lines = BookingViews.Lines(booking);
        return new Dictionary<string, object?>
        {
            ["Reference"] = booking.Reference,
            ["PassengerName"] = booking.PassengerName,
            ["PickupAt"] = booking.PickupAt,
            ["PickupName"] = booking.PickupName,
            ["DropoffName"] = booking.DropoffName,
            ["VehicleClass"] = booking.VehicleClass,
            ["Passengers"] = booking.Passengers,
            ["FlightNumber"] = booking.FlightNumber ?? "none",
            ["Notes"] = booking.Notes ?? "none",
            ["Lines"] = string.Join("\n", lines.Select(l => $"{l.Description}: {BookingViews.Money(l.AmountPence)}")),
            ["Total"] = BookingViews.Money(booking.TotalPence),
            ["Paid"] = BookingViews.Money(booking.NetPaidPence),
            ["Due"] = BookingViews.Money(booking.BalanceDuePence),
            ["Fee"] = BookingViews.Money(booking.CancellationFeePence),
            ["Refund"] = BookingViews.Money(booking.Status == BookingStatus.Cancelled ? booking.RefundedPence : 0),
            ["ManageUrl"] = manageUrl,
        };
    }
}
