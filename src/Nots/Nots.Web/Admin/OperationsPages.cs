using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nots.Reporting.Features.Desk;
using Nots.Web.Site;
using Platform.Messaging;
using Platform.Notifications;

namespace Nots.Web.Admin;

/// <summary>
/// Admin and owner pages over the platform and reporting: the notification delivery log with resend (the platform's
/// <see cref="INotificationService"/>, as <c>/v1/admin/notifications</c>), and the statutory records export (links to
/// the reporting module's <c>/v1/records</c> CSV and PDF, which the staff cookie opens), and the messages a consumer gave
/// up on (<see cref="IDeadLetters"/>, as <c>/v1/admin/dead-letters</c>) with replay.
/// </summary>
internal static class OperationsPages
{
    public static void Map(RouteGroupBuilder operations)
    {
        operations.MapGet("notifications", NotificationsAsync);
        operations.MapPost("notifications/{id:guid}/resend", ResendAsync);
        operations.MapGet("dead-letters", DeadLettersAsync);
        operations.MapPost("dead-letters/{id:guid}/replay", ReplayAsync);
        operations.MapGet("records", RecordsAsync);
        operations.MapGet("analytics", AnalyticsAsync);
        operations.MapGet("audit", AuditAsync);
    }

    private static async Task<IResult> NotificationsAsync(string? status, string? reference, string? cursor, HttpContext http, AdminContext admin,
        INotificationService notifications)
    {
        var filter = DeliveryStatus.IsValid(status) ? status : null;
        var text = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim() is { Length: <= 100 } r ? r : null;
        var safeCursor = cursor is not null && Guid.TryParseExact(cursor, "N", out _) ? cursor : null;
        var page = await notifications.ListAsync(new DeliveryQuery(filter, text, 50, safeCursor), http.RequestAborted);
        return Pages.Render<NotificationsView>(new NotificationsModel(await admin.FrameAsync(http), filter, text, page));
    }

    private static async Task<IResult> ResendAsync(Guid id, [FromForm] string? back, HttpContext http, INotificationService notifications)
    {
        var to = back is not null && back.StartsWith("/admin/notifications", StringComparison.Ordinal) && FlashMessages.IsLocal(back) ? back : "/admin/notifications";
        var result = await notifications.ResendAsync(id, http.RequestAborted);
        return result is null
            ? AdminContext.Back(http, to, false, "There is no such notification.")
            : AdminContext.Back(http, to, result.Status == DeliveryStatus.Sent, result.Status == DeliveryStatus.Sent ? "Sent again." : "Sending again failed: " + result.Error);
    }

    private static async Task<IResult> DeadLettersAsync(string? cursor, HttpContext http, AdminContext admin, IDeadLetters deadLetters)
    {
        var after = cursor is not null && Guid.TryParse(cursor, out var parsed) ? parsed : (Guid?)null;
        var page = await deadLetters.ListAsync(50, after, http.RequestAborted);
        return Pages.Render<DeadLettersView>(new DeadLettersModel(await admin.FrameAsync(http, withForm: true), page));
    }

    private static async Task<IResult> ReplayAsync(Guid id, HttpContext http, IDeadLetters deadLetters)
    {
        var outcome = await deadLetters.ReplayAsync(id, http.RequestAborted);
        return AdminContext.Back(http, "/admin/dead-letters", outcome.Status == DeadLetterReplay.Replayed, outcome.Status switch
        {
            DeadLetterReplay.Replayed => "Replayed: its consumer runs it again now.",
            DeadLetterReplay.NotDead => $"That message is no longer dead ({outcome.Detail}).",
            DeadLetterReplay.TransportUnavailable => "The message bus is unavailable; the dead letter was left as it was. Try again later.",
            _ => "There is no such dead letter.",
        });
    }

    private static async Task<IResult> RecordsAsync(HttpContext http, AdminContext admin, TimeProvider time)
    {
        var today = DateOnly.ParseExact(Format.Today(time), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return Pages.Render<RecordsView>(new RecordsModel(await admin.FrameAsync(http, withForm: true), Day(from), Day(today)));
    }

    private static async Task<IResult> AnalyticsAsync(string? from, string? to, string? groupBy, HttpContext http, AdminContext admin, IReportingDesk reporting,
        TimeProvider time)
    {
        var today = DateOnly.ParseExact(Format.Today(time), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var start = string.IsNullOrWhiteSpace(from) ? Day(today.AddDays(-29)) : from.Trim();
        var end = string.IsNullOrWhiteSpace(to) ? Day(today) : to.Trim();
        var grouping = groupBy is "week" or "month" ? groupBy : "day";
        var analytics = await reporting.AnalyticsAsync(start, end, grouping, http.RequestAborted);
        return Pages.Render<AnalyticsView>(new AnalyticsModel(await admin.FrameAsync(http, withForm: true), start, end, grouping, analytics),
            analytics is null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> AuditAsync(string? subjectType, string? subjectId, string? cursor, HttpContext http, AdminContext admin, IReportingDesk reporting)
    {
        var type = string.IsNullOrWhiteSpace(subjectType) ? null : subjectType.Trim();
        var id = string.IsNullOrWhiteSpace(subjectId) ? null : subjectId.Trim();
        var page = await reporting.AuditAsync(type, id, cursor, http.RequestAborted) ?? await reporting.AuditAsync(type, id, null, http.RequestAborted);
        return Pages.Render<AuditView>(new AuditModel(await admin.FrameAsync(http, withForm: true), type, id, page!));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
