using Platform.Messaging;

namespace Nots.Contracts.Dispatch;

/// <summary>Job statuses as dispatch stores, shows and publishes them.</summary>
public static class JobStatuses
{
    /// <summary>Waiting for a driver.</summary>
    public const string Unassigned = "Unassigned";

    /// <summary>Offered to one driver, waiting for accept or reject until the offer expires.</summary>
    public const string Offered = "Offered";

    /// <summary>A driver and vehicle have the job (hard-assigned or accepted).</summary>
    public const string Assigned = "Assigned";

    /// <summary>The driver is on the way to the pickup.</summary>
    public const string EnRoute = "EnRoute";

    /// <summary>The driver is at the pickup.</summary>
    public const string Arrived = "Arrived";

    /// <summary>The passenger is on board.</summary>
    public const string OnBoard = "OnBoard";

    /// <summary>The journey is done.</summary>
    public const string Completed = "Completed";

    /// <summary>The passenger did not come within the free waiting time.</summary>
    public const string NoShow = "NoShow";

    /// <summary>The booking was cancelled.</summary>
    public const string Cancelled = "Cancelled";

    /// <summary>Auto-dispatch gave up; a dispatcher must allocate it.</summary>
    public const string Escalated = "Escalated";
}

/// <summary>
/// A driver and vehicle now have the job: hard-assigned by a dispatcher, or an offer was accepted. Carries what the
/// customer is told and what the statutory record keeps.
/// </summary>
/// <param name="JobId">Dispatch job id.</param>
/// <param name="BookingId">The booking's id.</param>
/// <param name="BookingReference">The booking's reference.</param>
/// <param name="DriverId">Driver id (fleet).</param>
/// <param name="DriverFirstName">First name, the one customers are told.</param>
/// <param name="DriverName">Full name (statutory record).</param>
/// <param name="BadgeNumber">Council private-hire driver badge number.</param>
/// <param name="BadgePhotoUrl">Link to the badge photo customers may see, when there is one.</param>
/// <param name="VehicleId">Vehicle id (fleet).</param>
/// <param name="Registration">Registration mark.</param>
/// <param name="Make">Make.</param>
/// <param name="Model">Model.</param>
/// <param name="Colour">Colour.</param>
/// <param name="PlateNumber">Council vehicle plate number.</param>
/// <param name="DispatcherUserId">The dispatcher's user id ("sub"), or null when auto-dispatch allocated it.</param>
/// <param name="AssignedAt">Time of allocation (UTC).</param>
/// <param name="Mode"><c>assign</c>, <c>offer</c> or <c>auto</c>.</param>
[IntegrationEventName("nots.driver-assigned.v1")]
public sealed record DriverAssignedIntegrationEvent(
    Guid JobId,
    Guid BookingId,
    string BookingReference,
    Guid DriverId,
    string DriverFirstName,
    string DriverName,
    string BadgeNumber,
    string? BadgePhotoUrl,
    Guid VehicleId,
    string Registration,
    string Make,
    string Model,
    string Colour,
    string PlateNumber,
    string? DispatcherUserId,
    DateTimeOffset AssignedAt,
    string Mode) : IIntegrationEvent;

/// <summary>A job moved to another status (one of <see cref="JobStatuses"/>).</summary>
/// <param name="JobId">Dispatch job id.</param>
/// <param name="BookingId">The booking's id.</param>
/// <param name="BookingReference">The booking's reference.</param>
/// <param name="Status">The new status.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Lat">The driver's last known latitude at that moment, when known.</param>
/// <param name="Lng">The driver's last known longitude at that moment, when known.</param>
/// <param name="DriverId">The driver on the job, if any.</param>
/// <param name="Detail">Evidence or reason, e.g. the waiting time before a no-show.</param>
[IntegrationEventName("nots.job-status-changed.v1")]
public sealed record JobStatusChangedIntegrationEvent(
    Guid JobId,
    Guid BookingId,
    string BookingReference,
    string Status,
    DateTimeOffset At,
    double? Lat,
    double? Lng,
    Guid? DriverId = null,
    string? Detail = null) : IIntegrationEvent;

/// <summary>How an offer ended.</summary>
public static class OfferOutcomes
{
    /// <summary>The driver took the job.</summary>
    public const string Accepted = "accepted";

    /// <summary>The driver declined.</summary>
    public const string Rejected = "rejected";

    /// <summary>Nobody answered in time.</summary>
    public const string Expired = "expired";
}

/// <summary>An offer to a driver ended (for acceptance rates and time to accept).</summary>
/// <param name="JobId">Dispatch job id.</param>
/// <param name="BookingId">The booking's id.</param>
/// <param name="DriverId">The driver offered the job.</param>
/// <param name="Outcome">One of <see cref="OfferOutcomes"/>.</param>
/// <param name="OfferedAt">When the offer was made (UTC).</param>
/// <param name="ResolvedAt">When it ended (UTC).</param>
[IntegrationEventName("nots.offer-resolved.v1")]
public sealed record OfferResolvedIntegrationEvent(
    Guid JobId,
    Guid BookingId,
    Guid DriverId,
    string Outcome,
    DateTimeOffset OfferedAt,
    DateTimeOffset ResolvedAt) : IIntegrationEvent;
