using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Fleet;

namespace Nots.Reporting.Audit;

/// <summary>The fleet module's staff actions in the audit log.</summary>
internal static class FleetAudit
{
    public static IServiceCollection AddFleetAudit(this IServiceCollection services) => services
        .AddAudited<DriverOnboardedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "driver", e.DriverId.ToString(),
            $"Driver {e.Name} onboarded (badge {e.BadgeNumber}, status {e.Status})",
            AfterJson: JsonSerializer.Serialize(new { e.Name, e.Email, e.Phone, e.LicenceNumber, e.BadgeNumber, e.Status, e.StartDate })))
        .AddAudited<DriverStatusChangedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "driver", e.DriverId.ToString(),
            $"Driver status {e.FromStatus} → {e.ToStatus}",
            JsonSerializer.Serialize(new { status = e.FromStatus }), JsonSerializer.Serialize(new { status = e.ToStatus })))
        .AddAudited<DriverDetailsChangedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "driver", e.DriverId.ToString(),
            $"Driver details changed: {string.Join(", ", e.ChangedFields)}", e.BeforeJson, e.AfterJson))
        .AddAudited<DriverDutyChangedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "driver", e.DriverId.ToString(),
            e.OnDuty ? "Driver went on duty" : "Driver went off duty"))
        .AddAudited<VehicleRegisteredIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "vehicle", e.VehicleId.ToString(),
            $"Vehicle {e.Registration} registered ({e.Make} {e.Model}, {e.VehicleClass}, plate {e.PlateNumber})",
            AfterJson: JsonSerializer.Serialize(new { e.Registration, e.Make, e.Model, e.Colour, e.VehicleClass, e.Seats, e.Suitcases, e.PlateNumber, e.WheelchairAccessible, e.DriverIds })))
        .AddAudited<VehicleChangedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "vehicle", e.VehicleId.ToString(),
            $"Vehicle {e.Registration} changed: {string.Join(", ", e.ChangedFields)}", e.BeforeJson, e.AfterJson))
        .AddAudited<ComplianceDocumentUploadedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "compliance-document", e.DocumentId.ToString(),
            $"{e.DocumentType} uploaded for {e.OwnerType} {e.OwnerId} (expires {e.ExpiresOn})"))
        .AddAudited<ComplianceDocumentReviewedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "compliance-document", e.DocumentId.ToString(),
            $"{e.DocumentType} of {e.OwnerType} {e.OwnerId} {e.ToStatus.ToLowerInvariant()}" + (e.Reason is null ? "" : $": {e.Reason}"),
            JsonSerializer.Serialize(new { status = e.FromStatus }), JsonSerializer.Serialize(new { status = e.ToStatus, reason = e.Reason, superseded = e.SupersededDocumentIds })));
}
