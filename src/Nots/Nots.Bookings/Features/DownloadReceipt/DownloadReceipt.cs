using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nots.Bookings.Data;
using Platform.Documents;

namespace Nots.Bookings.Features.DownloadReceipt;

/// <summary><c>GET /v1/bookings/{reference}/receipt</c>: the booking's receipt as a PDF (owner, staff, or <c>?token=</c>).</summary>
internal static class DownloadReceipt
{
    public static void Map(RouteGroupBuilder bookings) =>
        bookings.MapGet("{reference}/receipt", HandleAsync).AllowAnonymous().WithName("DownloadReceipt")
            .WithSummary("The booking's receipt as a PDF: fare itemised, paid, refunded, fee (owner, staff, or ?token=)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");

    internal static async Task<FileContentHttpResult> HandleAsync(
        string reference,
        string? token,
        HttpContext http,
        IAuthorizationService authorization,
        BookingsDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = await Caller.FromAsync(http, authorization);
        var booking = await BookingAccess.LoadAsync(db, reference, caller, token, withHistory: false, cancellationToken);
        var pdf = ReceiptDocument.Render(BookingViews.ToResponse(booking), time.GetUtcNow());
        return TypedResults.File(pdf, "application/pdf", $"receipt-{booking.Reference}.pdf");
    }
}

/// <summary>The receipt: who, when, where, the fare line by line, and what was paid, refunded and kept.</summary>
internal static class ReceiptDocument
{
    private const double Left = 56;
    private const double Right = TextPdf.PageWidth - 56;
    private const double Bottom = TextPdf.PageHeight - 60;
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static byte[] Render(BookingResponse booking, DateTimeOffset now)
    {
        var pdf = new TextPdf(10);
        var y = 70.0;
        pdf.Text(Left, y, "NOTS airport & port transfers", 18, bold: true);
        y += 30;
        pdf.Text(Left, y, $"Receipt for booking {booking.Reference}", 13, bold: true);
        pdf.TextRight(Right, y, "Issued " + Local(now));
        y += 26;

        void Row(string label, string value)
        {
            if (y > Bottom)
            {
                pdf.NewPage();
                y = 70;
            }

            pdf.Text(Left, y, label, bold: true);
            pdf.Text(Left + 120, y, Fit(value, 70));
            y += 16;
        }

        Row("Status", Status(booking.Status));
        Row("Booked", Local(booking.BookedAt));
        Row("Lead passenger", booking.Passenger.Name);
        Row("Pickup time", Local(booking.PickupAt) + " (UK time)");
        Row("From", booking.PickupName);
        Row("To", booking.DropoffName);
        Row("Vehicle", booking.VehicleClass);
        Row("Passengers", booking.Passengers.ToString(CultureInfo.InvariantCulture));
        if (booking.FlightNumber is not null)
        {
            Row("Flight", booking.FlightNumber);
        }

        y += 10;
        pdf.Text(Left, y, "Fare", 12, bold: true);
        y += 6;
        pdf.Line(Left, y, Right, y);
        y += 16;
        void Amount(string label, int pence, bool bold = false)
        {
            if (y > Bottom)
            {
                pdf.NewPage();
                y = 70;
            }

            pdf.Text(Left, y, Fit(label, 80), bold: bold);
            pdf.TextRight(Right, y, BookingViews.Money(pence), bold: bold);
            y += 16;
        }

        foreach (var line in booking.Lines)
        {
            Amount(line.Description, line.AmountPence);
        }

        pdf.Line(Left, y - 10, Right, y - 10);
        y += 2;
        Amount("Total fare", booking.TotalPence, bold: true);
        y += 8;
        Amount("Paid", booking.PaidPence);
        if (booking.RefundedPence > 0)
        {
            Amount("Refunded", -booking.RefundedPence);
        }

        if (booking.CancelledAt is not null)
        {
            Amount("Cancellation fee kept", booking.CancellationFeePence);
        }

        if (booking.BalanceDuePence > 0)
        {
            Amount("Balance due", booking.BalanceDuePence, bold: true);
        }

        y += 20;
        pdf.Text(Left, y, "Prices in pounds sterling. Keep this receipt for your records.", 9);
        return pdf.ToBytes($"Receipt {booking.Reference}", "NOTS");
    }

    private static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    private static string Status(string status) => status switch
    {
        "PendingPayment" => "Awaiting payment",
        "PaymentFailed" => "Payment failed",
        "DriverEnRoute" => "Driver on the way",
        "PassengerOnBoard" => "On board",
        "NoShow" => "No-show",
        _ => status,
    };

    // The standard PDF fonts have no arrows: "Poole ↔ Heathrow" prints as "Poole - Heathrow".
    private static string Fit(string text, int max)
    {
        var printable = text.Replace(" ↔ ", " - ", StringComparison.Ordinal).Replace('↔', '-').Replace(" → ", " - ", StringComparison.Ordinal);
        return printable.Length <= max ? printable : printable[..(max - 1)] + "…";
    }
}
