using Nots.Bookings.Features.ListBookings;
using Nots.Bookings.Features.Staff;
using Nots.Dispatch.Features.GetBoard;
using Nots.Fleet.Features.Desk;
using Nots.Pricing.Features;
using Platform.Notifications;
using Nots.Web.Site;

namespace Nots.Web.Admin;

/// <summary>The signed-in member of staff as the dashboard's frame shows them; what they may open.</summary>
public sealed record StaffUser(string Email, bool IsOperations, bool IsOwner);

/// <summary>What every dashboard page's frame needs: the form token and one-time message, the member of staff (null on sign-in pages).</summary>
public sealed record AdminFrame(SiteChrome Chrome, StaffUser? User);

/// <summary>A staff sign-in form (password, code).</summary>
public sealed record StaffSignInModel(AdminFrame Frame, string? Email, IReadOnlyDictionary<string, string> Errors, string? ReturnUrl)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public string? FormError => Errors.GetValueOrDefault("");
}

/// <summary>The authenticator set-up a staff account must finish before its first sign-in.</summary>
public sealed record StaffMfaModel(AdminFrame Frame, Platform.Identity.Browser.MfaEnrollment Enrollment, string? Error, string? ReturnUrl);

/// <summary>A signed-in account without a staff role opened the dashboard.</summary>
public sealed record ForbiddenModel(AdminFrame Frame, string Message);

/// <summary>A count on the glance page with where it leads.</summary>
public sealed record GlanceFigure(string Label, int Count, string Link, bool Alarm, string TestId);

/// <summary>Today at a glance.</summary>
public sealed record GlanceModel(
    AdminFrame Frame,
    string Today,
    IReadOnlyList<GlanceFigure> BookingsByStatus,
    IReadOnlyList<BoardJob> Unassigned,
    IReadOnlyList<GlanceFigure> Alerts);

/// <summary>The bookings search and its results.</summary>
public sealed record BookingListModel(AdminFrame Frame, string? Text, string? Status, string? Day, BookingPage Page);

/// <summary>One booking with what the office can do with it.</summary>
public sealed record BookingDetailModel(AdminFrame Frame, StaffBooking Booking, JobSummary? Job, string? RefundError, string? RefundAmount, string? RefundReason);

/// <summary>The dispatch job of a booking as the booking page shows it.</summary>
public sealed record JobSummary(Guid Id, string Status, string? Driver, string? Mode);

/// <summary>A driver and one of their vehicles that can be offered or assigned work now.</summary>
public sealed record DriverChoice(Guid DriverId, Guid VehicleId, string Label);

/// <summary>The dispatch board.</summary>
public sealed record BoardModel(AdminFrame Frame, BoardResponse Board, IReadOnlyList<DriverChoice> Choices, string? PreviousDay, string? NextDay, bool IsToday);

/// <summary>Drivers and vehicles.</summary>
public sealed record FleetListModel(AdminFrame Frame, IReadOnlyList<DeskDriver> Drivers, IReadOnlyList<DeskVehicle> Vehicles);

/// <summary>Documents awaiting review.</summary>
public sealed record ComplianceModel(AdminFrame Frame, IReadOnlyList<DeskDocument> Documents, Guid? RejectingId, string? RejectError);

/// <summary>The notification delivery log.</summary>
public sealed record NotificationsModel(AdminFrame Frame, string? Status, string? Reference, DeliveryPage Page);

public sealed record DeadLettersModel(AdminFrame Frame, Platform.Messaging.DeadLetterPage Page);

/// <summary>Statutory records and the other reports.</summary>
public sealed record RecordsModel(AdminFrame Frame, string From, string To);

/// <summary>The phone booking form: the journey to quote, then the vehicle classes with prices and the passenger.</summary>
public sealed record PhoneBookingModel(
    AdminFrame Frame,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string> Errors,
    string? Problem,
    QuoteResponse? Quote)
{
    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}

/// <summary>A plain message page (not found, and the like).</summary>
public sealed record AdminMessageModel(AdminFrame Frame, string Title, string Text);

/// <summary>Analytics of a period: the form's values and the figures (null when the period is invalid).</summary>
public sealed record AnalyticsModel(AdminFrame Frame, string From, string To, string GroupBy, Nots.Reporting.Features.Analytics.AnalyticsResponse? Analytics);

/// <summary>A page of the audit log.</summary>
public sealed record AuditModel(AdminFrame Frame, string? SubjectType, string? SubjectId, Nots.Reporting.Features.Audit.AuditPage Page);

/// <summary>The tariff editor: the tariff in force, the draft being edited, the sample journey, the preview (after one).</summary>
public sealed record PricingModel(AdminFrame Frame, Nots.Pricing.Features.Desk.TariffDraft Current, string Draft, Nots.Pricing.Features.Desk.SampleJourney Sample,
    Nots.Pricing.Features.Desk.TariffPreview? Preview, string? ExpectedVersion)
{
    public bool CanPublish => Preview is { Problems.Count: 0, Prices.Count: > 0 };
}
