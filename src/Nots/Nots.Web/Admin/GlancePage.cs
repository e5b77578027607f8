using Nots.Bookings.Features.Staff;
using Nots.Dispatch.Features.Desk;
using Nots.Fleet.Features.Desk;
using Nots.Web.Site;
using Platform.Messaging;
using Platform.Notifications;

namespace Nots.Web.Admin;

/// <summary>
/// <c>GET /admin</c>: today at a glance — today's bookings by status, jobs without a driver in the next 24 hours, and
/// what needs a person (non-compliant drivers and vehicles, documents to review, failed notifications, dead letters),
/// each linking to where it is dealt with. Fleet, notification and messaging figures are for operations staff only.
/// </summary>
internal static class GlancePage
{
    private const int FailedLimit = 200;
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static void Map(RouteGroupBuilder staff) => staff.MapGet("", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext http, AdminContext admin, IStaffBookings bookings, IDispatchDesk dispatch, IFleetDesk fleet,
        INotificationService notifications, IMessagingMonitor messaging, TimeProvider time)
    {
        var frame = await admin.FrameAsync(http);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, London).Date);
        var from = UkMidnight(today);
        var counts = await bookings.CountByStatusAsync(from, UkMidnight(today.AddDays(1)), http.RequestAborted);
        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var byStatus = counts.Select(c => new GlanceFigure(Format.Status(c.Key), c.Value, $"/admin/bookings?day={day}&status={c.Key}",
            c.Key is "PaymentFailed" or "PendingPayment", "status-" + c.Key)).ToList();
        var board = await dispatch.BoardAsync(null, http.RequestAborted);

        var alerts = new List<GlanceFigure>
        {
            new("Jobs without a driver in the next 24 hours", board.UnassignedNext24Hours.Count, "/admin/dispatch", board.UnassignedNext24Hours.Count > 0, "unassigned"),
        };
        if (frame.User?.IsOperations == true)
        {
            var health = await fleet.HealthAsync(http.RequestAborted);
            var failed = await notifications.ListAsync(new DeliveryQuery(DeliveryStatus.Failed, null, FailedLimit), http.RequestAborted);
            var status = await messaging.GetStatusAsync(http.RequestAborted);
            alerts.Add(new("Drivers not compliant", health.NonCompliantDrivers, "/admin/fleet#drivers", health.NonCompliantDrivers > 0, "non-compliant-drivers"));
            alerts.Add(new("Vehicles not compliant", health.NonCompliantVehicles, "/admin/fleet#vehicles", health.NonCompliantVehicles > 0, "non-compliant-vehicles"));
            alerts.Add(new("Documents awaiting review", health.DocumentsAwaitingReview, "/admin/compliance", health.DocumentsAwaitingReview > 0, "awaiting-review"));
            alerts.Add(new("Failed notifications", failed.Items.Count, "/admin/notifications?status=failed", failed.Items.Count > 0, "failed-notifications"));
            alerts.Add(new("Dead letters (messages that failed every retry)", (int)Math.Min(status.DeadDeliveries, int.MaxValue), "/admin/dead-letters",
                status.DeadDeliveries > 0, "dead-letters"));
        }

        return Pages.Render<GlanceView>(new GlanceModel(frame, Format.When(now)[..^7], byStatus, board.UnassignedNext24Hours, alerts));
    }

    internal static DateTimeOffset UkMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, London.GetUtcOffset(local)).ToUniversalTime();
    }
}
