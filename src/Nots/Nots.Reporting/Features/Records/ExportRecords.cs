using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Reporting.Data;
using Platform.Documents;
using Platform.Identity;

namespace Nots.Reporting.Features.Records;

/// <summary>
/// <c>GET /v1/records?from=&amp;to=&amp;format=csv|pdf</c> (admin, owner): the statutory private-hire booking records
/// of journeys picked up in the period (UK dates), as CSV or as a printable PDF for a council licensing officer.
/// </summary>
internal static class ExportRecords
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("records", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Operations)
            .WithTags("Records")
            .WithSummary("Statutory booking records as CSV or PDF");

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> HandleAsync(
        string? from, string? to, string? format, ReportingDbContext db, Platform.Identity.IAccounts accounts, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var period = ReportPeriod.Parse(from, to, time, errors);
        var kind = (format ?? "csv").Trim().ToLowerInvariant();
        if (kind is not ("csv" or "pdf"))
        {
            errors["format"] = ["format is csv or pdf."];
        }

        if (period is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var facts = await db.Bookings.AsNoTracking()
            .Where(f => f.PickupAt >= period.FromUtc && f.PickupAt < period.ToUtc && f.ConfirmedAt > DateTimeOffset.MinValue)
            .ToListAsync(cancellationToken);
        // The record names the dispatcher; the projection keeps their user id (or "auto-dispatch").
        var dispatchers = await accounts.DisplayNamesAsync(
            facts.Select(f => Guid.TryParse(f.Dispatcher, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToHashSet(), cancellationToken);
        var rows = facts
            .OrderBy(f => f.PickupAt).ThenBy(f => f.Reference, StringComparer.Ordinal)
            .Select(f => StatutoryRecord.From(f, Guid.TryParse(f.Dispatcher, out var id) && dispatchers.TryGetValue(id, out var who) ? who : f.Dispatcher))
            .ToList();
        var name = $"booking-records-{period.From:yyyy-MM-dd}-to-{period.To:yyyy-MM-dd}";
        return kind == "pdf"
            ? TypedResults.File(Pdf(rows, period, time.GetUtcNow()), "application/pdf", name + ".pdf")
            : TypedResults.File(Csv(rows), "text/csv; charset=utf-8", name + ".csv");
    }

    private static byte[] Csv(List<StatutoryRecord> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, CsvWriterOptions.Default, true))
        {
            csv.WriteHeader(StatutoryRecord.Columns);
            foreach (var row in rows)
            {
                csv.WriteRecord(row.Fields());
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Pdf(List<StatutoryRecord> rows, ReportPeriod period, DateTimeOffset now)
    {
        var pdf = new TextPdf();
        const double Left = 36;
        var y = 0.0;
        void Header()
        {
            pdf.Text(Left, 40, "Private hire booking records", 14, bold: true);
            pdf.Text(Left, 56, $"Journeys picked up {period.From:d MMMM yyyy} to {period.To:d MMMM yyyy} (UK time). Printed {ReportPeriod.Local(now)}.", 9);
            y = 80;
        }

        Header();
        if (rows.Count == 0)
        {
            pdf.Text(Left, y, "No bookings in this period.");
        }

        foreach (var row in rows)
        {
            if (y > TextPdf.PageHeight - 100)
            {
                pdf.NewPage();
                Header();
            }

            pdf.Text(Left, y, $"{row.Reference}  pickup {row.PickupTime}  {row.Status}", 10, bold: true);
            pdf.Text(Left, y + 12, $"From {row.PickupPlace} to {row.Destination}", 9);
            pdf.Text(Left, y + 24, $"Booked {row.BookedAt} ({row.Channel}); fare £{row.FarePounds}; {row.Passengers} passenger(s); class {row.VehicleClass}" +
                (row.FlightNumber is null ? "" : $"; flight {row.FlightNumber}"), 9);
            pdf.Text(Left, y + 36, $"Hirer {row.HirerName ?? "-"}; " + (row.DriverName is null
                ? "not yet allocated"
                : $"driver {row.DriverName} (badge {row.BadgeNumber}), vehicle {row.VehicleRegistration} plate {row.PlateNumber}, allocated {row.AllocatedAt} by {row.Dispatcher}"), 9);
            pdf.Line(Left, y + 44, TextPdf.PageWidth - Left, y + 44);
            y += 56;
        }

        return pdf.ToBytes("Private hire booking records", "NOTS");
    }
}

/// <summary>One statutory booking record (CSV columns in this order).</summary>
internal sealed record StatutoryRecord(
    string Reference,
    string BookedAt,
    string Channel,
    string PickupTime,
    string PickupPlace,
    string Destination,
    int Passengers,
    string VehicleClass,
    string? FlightNumber,
    string FarePounds,
    string Status,
    string? HirerName,
    string? DriverName,
    string? BadgeNumber,
    string? VehicleRegistration,
    string? PlateNumber,
    string? AllocatedAt,
    string? Dispatcher)
{
    public static readonly string[] Columns =
    [
        "reference", "booked_at", "channel", "pickup_time", "pickup_place", "destination", "passengers", "vehicle_class",
        "flight_number", "fare_gbp", "status", "hirer_name", "driver_name", "driver_badge", "vehicle_registration", "vehicle_plate",
        "allocated_at", "dispatcher",
    ];

    public string[] Fields() =>
    [
        Reference, BookedAt, Channel, Cell(PickupTime), Cell(PickupPlace), Cell(Destination), Passengers.ToString(CultureInfo.InvariantCulture),
        VehicleClass, Cell(FlightNumber), FarePounds, Status, Cell(HirerName), Cell(DriverName), Cell(BadgeNumber), Cell(VehicleRegistration),
        Cell(PlateNumber), AllocatedAt ?? "", Cell(Dispatcher),
    ];

    // Text people typed (names, addresses) must not run as a formula when the file is opened in a spreadsheet.
    private static string Cell(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";

    public static StatutoryRecord From(BookingFact f, string? dispatcher) => new(
        f.Reference,
        ReportPeriod.Local(f.ConfirmedAt),
        f.Channel,
        ReportPeriod.Local(f.PickupAt),
        f.PickupName,
        f.DropoffName,
        f.Passengers,
        f.VehicleClass,
        f.FlightNumber,
        (f.TotalPence / 100m).ToString("0.00", CultureInfo.InvariantCulture),
        f.Status,
        f.HirerName,
        f.DriverName,
        f.BadgeNumber,
        f.VehicleRegistration,
        f.PlateNumber,
        f.AllocatedAt is { } allocated ? ReportPeriod.Local(allocated) : null,
        dispatcher);
}
