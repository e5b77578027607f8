using Platform.Messaging;

namespace Nots.Contracts.Fleet;

/// <summary>An admin onboarded a driver: the driver record and its sign-in account (role <c>driver</c>) exist.</summary>
/// <param name="DriverId">Driver id.</param>
/// <param name="UserId">The driver's sign-in account ("sub").</param>
/// <param name="Name">Full name.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Phone">E.164 phone number.</param>
/// <param name="LicenceNumber">DVLA licence number.</param>
/// <param name="BadgeNumber">Council private-hire driver badge number.</param>
/// <param name="Status">One of <see cref="DriverStatuses"/>.</param>
/// <param name="StartDate">First working day, <c>yyyy-MM-dd</c>, when given.</param>
/// <param name="ActorUserId">The staff member who did it ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.driver-onboarded.v1")]
public sealed record DriverOnboardedIntegrationEvent(
    Guid DriverId,
    Guid UserId,
    string Name,
    string Email,
    string Phone,
    string LicenceNumber,
    string BadgeNumber,
    string Status,
    string? StartDate,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An admin changed a driver's status (active / suspended / left).</summary>
/// <param name="DriverId">Driver id.</param>
/// <param name="FromStatus">Status before.</param>
/// <param name="ToStatus">Status after.</param>
/// <param name="ActorUserId">The staff member who did it ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.driver-status-changed.v1")]
public sealed record DriverStatusChangedIntegrationEvent(
    Guid DriverId,
    string FromStatus,
    string ToStatus,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An admin changed a driver's details (name, phone, licence, badge, start date).</summary>
/// <param name="DriverId">Driver id.</param>
/// <param name="ChangedFields">The fields that changed, camelCase as in the API.</param>
/// <param name="BeforeJson">Those fields before, as a JSON object.</param>
/// <param name="AfterJson">Those fields after, as a JSON object.</param>
/// <param name="ActorUserId">The staff member who did it ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.driver-details-changed.v1")]
public sealed record DriverDetailsChangedIntegrationEvent(
    Guid DriverId,
    IReadOnlyList<string> ChangedFields,
    string BeforeJson,
    string AfterJson,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>A driver went on or off duty (or was taken off duty by a suspension).</summary>
/// <param name="DriverId">Driver id.</param>
/// <param name="OnDuty">Duty after the change.</param>
/// <param name="ActorUserId">Who did it: the driver, or the admin whose status change ended the duty.</param>
/// <param name="OccurredAt">When (UTC); utilisation reports measure on-duty time from these.</param>
[IntegrationEventName("nots.driver-duty-changed.v1")]
public sealed record DriverDutyChangedIntegrationEvent(
    Guid DriverId,
    bool OnDuty,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An admin registered a vehicle.</summary>
/// <param name="VehicleId">Vehicle id.</param>
/// <param name="Registration">Registration mark, normalised (<c>HF71 ABC</c>).</param>
/// <param name="Make">Make.</param>
/// <param name="Model">Model.</param>
/// <param name="Colour">Colour.</param>
/// <param name="VehicleClass"><c>saloon</c>, <c>estate</c>, <c>executive</c>, <c>mpv6</c> or <c>mpv8</c>.</param>
/// <param name="Seats">Passenger seats.</param>
/// <param name="Suitcases">Suitcase capacity.</param>
/// <param name="PlateNumber">Council plate number.</param>
/// <param name="WheelchairAccessible">Carries a wheelchair user.</param>
/// <param name="DriverIds">Drivers assigned.</param>
/// <param name="ActorUserId">The staff member who did it ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.vehicle-registered.v1")]
public sealed record VehicleRegisteredIntegrationEvent(
    Guid VehicleId,
    string Registration,
    string Make,
    string Model,
    string Colour,
    string VehicleClass,
    int Seats,
    int Suitcases,
    string PlateNumber,
    bool WheelchairAccessible,
    IReadOnlyList<Guid> DriverIds,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An admin changed a vehicle (details, active flag or assigned drivers).</summary>
/// <param name="VehicleId">Vehicle id.</param>
/// <param name="Registration">Registration after the change.</param>
/// <param name="ChangedFields">The fields that changed, camelCase as in the API.</param>
/// <param name="BeforeJson">Those fields before, as a JSON object.</param>
/// <param name="AfterJson">Those fields after, as a JSON object.</param>
/// <param name="ActorUserId">The staff member who did it ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.vehicle-changed.v1")]
public sealed record VehicleChangedIntegrationEvent(
    Guid VehicleId,
    string Registration,
    IReadOnlyList<string> ChangedFields,
    string BeforeJson,
    string AfterJson,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>A compliance document was uploaded and awaits review.</summary>
/// <param name="DocumentId">Document id.</param>
/// <param name="OwnerType"><c>driver</c> or <c>vehicle</c>.</param>
/// <param name="OwnerId">Driver or vehicle id.</param>
/// <param name="DocumentType">E.g. <c>mot</c>, <c>dbs</c>.</param>
/// <param name="ExpiresOn">Expiry date as written on it, <c>yyyy-MM-dd</c>.</param>
/// <param name="ActorUserId">Who uploaded it ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.compliance-document-uploaded.v1")]
public sealed record ComplianceDocumentUploadedIntegrationEvent(
    Guid DocumentId,
    string OwnerType,
    Guid OwnerId,
    string DocumentType,
    string ExpiresOn,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>An admin verified or rejected a compliance document (a licensing check the council may ask about).</summary>
/// <param name="DocumentId">Document id.</param>
/// <param name="OwnerType"><c>driver</c> or <c>vehicle</c>.</param>
/// <param name="OwnerId">Driver or vehicle id.</param>
/// <param name="DocumentType">E.g. <c>mot</c>, <c>dbs</c>.</param>
/// <param name="FromStatus">Status before (<c>Pending</c>, <c>Verified</c>).</param>
/// <param name="ToStatus">Status after (<c>Verified</c>, <c>Rejected</c>).</param>
/// <param name="Reason">The rejection reason, when rejected.</param>
/// <param name="SupersededDocumentIds">Older verified documents of the same type this verification replaced.</param>
/// <param name="ActorUserId">The admin ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.compliance-document-reviewed.v1")]
public sealed record ComplianceDocumentReviewedIntegrationEvent(
    Guid DocumentId,
    string OwnerType,
    Guid OwnerId,
    string DocumentType,
    string FromStatus,
    string ToStatus,
    string? Reason,
    IReadOnlyList<Guid> SupersededDocumentIds,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
