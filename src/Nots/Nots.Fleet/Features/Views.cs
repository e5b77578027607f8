using Nots.Fleet.Domain;
using Nots.Fleet.Domain.Rules;

namespace Nots.Fleet.Features;

internal sealed record DriverResponse(
    Guid Id,
    Guid UserId,
    string Name,
    string FirstName,
    string Email,
    string Phone,
    string LicenceNumber,
    string BadgeNumber,
    DateOnly? StartDate,
    string Status,
    bool OnDuty,
    DateTimeOffset? DutyChangedAt,
    bool Compliant,
    IReadOnlyList<string> ComplianceIssues,
    IReadOnlyList<Guid> VehicleIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

internal sealed record VehicleResponse(
    Guid Id,
    string Registration,
    string Make,
    string Model,
    string Colour,
    string VehicleClass,
    int Seats,
    int Suitcases,
    string PlateNumber,
    bool WheelchairAccessible,
    bool Active,
    bool Compliant,
    IReadOnlyList<string> ComplianceIssues,
    IReadOnlyList<Guid> DriverIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

internal sealed record DocumentResponse(
    Guid Id,
    string OwnerType,
    Guid OwnerId,
    string DocumentType,
    DateOnly? IssuedOn,
    DateOnly ExpiresOn,
    DateOnly EffectiveExpiresOn,
    bool Expired,
    int DaysToExpiry,
    string Status,
    string ContentType,
    long SizeBytes,
    string? FileName,
    Guid? UploadedBy,
    DateTimeOffset UploadedAt,
    Guid? ReviewedBy,
    DateTimeOffset? ReviewedAt,
    string? RejectionReason,
    Guid? SupersededBy);

internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

internal static class Views
{
    public static DriverResponse ToResponse(Driver d, ComplianceResult compliance, IReadOnlyList<Guid> vehicleIds) => new(
        d.Id, d.UserId, d.Name, d.FirstName, d.Email, d.Phone, d.LicenceNumber, d.BadgeNumber, d.StartDate, d.Status, d.OnDuty, d.DutyChangedAt,
        compliance.Compliant, compliance.Issues, vehicleIds, d.CreatedAt, d.UpdatedAt, d.Version);

    public static VehicleResponse ToResponse(Vehicle v, ComplianceResult compliance) => new(
        v.Id, v.Registration, v.Make, v.Model, v.Colour, v.VehicleClass, v.Seats, v.Suitcases, v.PlateNumber, v.WheelchairAccessible, v.Active,
        compliance.Compliant, compliance.Issues, v.DriverIds, v.CreatedAt, v.UpdatedAt, v.Version);

    public static DocumentResponse ToResponse(ComplianceDocument d, DateOnly today) => new(
        d.Id, d.OwnerType, d.OwnerId, d.DocumentType, d.IssuedOn, d.ExpiresOn, d.EffectiveExpiresOn, d.IsExpiredOn(today),
        d.EffectiveExpiresOn.DayNumber - today.DayNumber, d.Status.ToString(), d.ContentType, d.SizeBytes, d.FileName,
        d.UploadedBy, d.UploadedAt, d.ReviewedBy, d.ReviewedAt, d.RejectionReason, d.SupersededBy);
}
