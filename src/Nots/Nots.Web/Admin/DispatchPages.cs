using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Features;
using Nots.Dispatch.Features.Desk;
using Platform.Web;

namespace Nots.Web.Admin;

/// <summary>
/// The dispatch board at <c>/admin/dispatch</c>: the UK day's jobs by pickup time, jobs still without a driver in the next
/// 24 hours, drivers available now with their last positions (a list, and a Leaflet map over it when tiles load). Offer,
/// assign, auto-dispatch and unassign are plain forms (post/redirect/get) running the dispatch module's own command
/// (<see cref="IDispatchDesk"/>), so a broken eligibility rule comes back as its message. <c>/js/admin-board.js</c> keeps
/// the board live: it listens to the module's SSE feed (<c>/v1/dispatch/live</c>) and re-reads the board on every change.
/// </summary>
internal static class DispatchPages
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static void Map(RouteGroupBuilder staff)
    {
        staff.MapGet("dispatch", BoardAsync);
        staff.MapPost("dispatch/allocate", AllocateAsync);
        staff.MapPost("dispatch/unassign", UnassignAsync);
    }

    private static async Task<IResult> BoardAsync(string? day, HttpContext http, AdminContext admin, IDispatchDesk dispatch, IFleetDirectory fleet, TimeProvider time)
    {
        DateOnly? date = DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var board = await dispatch.BoardAsync(date, http.RequestAborted);
        var shown = DateOnly.ParseExact(board.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), London).Date);
        var choices = new List<DriverChoice>();
        foreach (var driver in await fleet.ListDispatchableDriversAsync(http.RequestAborted))
        {
            foreach (var vehicleId in driver.VehicleIds)
            {
                if (await fleet.FindVehicleAsync(vehicleId, http.RequestAborted) is { Active: true, Compliant: true } vehicle)
                {
                    choices.Add(new DriverChoice(driver.Id, vehicle.Id, $"{driver.Name} — {vehicle.Registration} ({vehicle.VehicleClass}, {vehicle.Seats} seats)"));
                }
            }
        }

        return Pages.Render<BoardView>(new BoardModel(await admin.FrameAsync(http), board, choices.OrderBy(c => c.Label, StringComparer.Ordinal).ToList(),
            Day(shown.AddDays(-1)), Day(shown.AddDays(1)), shown == today));
    }

    private static async Task<IResult> AllocateAsync([FromForm] string? reference, [FromForm] string? choice, [FromForm] string? mode, [FromForm] string? day,
        HttpContext http, IDispatchDesk dispatch)
    {
        var back = "/admin/dispatch" + (day is { Length: 10 } ? "?day=" + Uri.EscapeDataString(day) : "");
        Guid? driverId = null;
        Guid? vehicleId = null;
        if (choice?.Split(':') is [var d, var v] && Guid.TryParse(d, out var driver) && Guid.TryParse(v, out var vehicle))
        {
            driverId = driver;
            vehicleId = vehicle;
        }
        else if (mode != "auto")
        {
            return AdminContext.Back(http, back, false, $"Choose a driver and vehicle for {reference}.");
        }

        try
        {
            var result = await dispatch.DispatchAsync(reference ?? "", driverId, vehicleId, mode ?? "", http);
            var what = mode switch { "assign" => "assigned", "offer" => "offered to the driver", _ => "handed to auto-dispatch" };

            // Back to the board of the job's own UK day: a job from "waiting for a driver" may be tomorrow's.
            var job = await dispatch.FindByBookingAsync(reference ?? "", http.RequestAborted);
            return AdminContext.Back(http, job is null ? back : BoardOf(job), true, $"{reference?.Trim().ToUpperInvariant()} {what} (job {result.Status}).");
        }
        catch (DomainException exception)
        {
            return AdminContext.Back(http, back, false, $"{reference} was not dispatched: {exception.Message}");
        }
    }

    private static async Task<IResult> UnassignAsync([FromForm] Guid? jobId, [FromForm] string? reason, [FromForm] string? day, HttpContext http, IDispatchDesk dispatch)
    {
        var back = "/admin/dispatch" + (day is { Length: 10 } ? "?day=" + Uri.EscapeDataString(day) : "");
        if (jobId is null)
        {
            return AdminContext.Back(http, back, false, "Choose a job to unassign.");
        }

        try
        {
            var job = await dispatch.UnassignAsync(jobId.Value, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), http);
            return AdminContext.Back(http, BoardOf(job), true, $"{job.BookingReference} is back without a driver.");
        }
        catch (DomainException exception)
        {
            return AdminContext.Back(http, back, false, "The job was not unassigned: " + exception.Message);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string BoardOf(JobView job) =>
        "/admin/dispatch?day=" + Day(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(job.PickupAt, London).Date));
}
