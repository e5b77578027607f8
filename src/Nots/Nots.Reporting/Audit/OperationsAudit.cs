using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Bookings;
using Nots.Contracts.Dispatch;

namespace Nots.Reporting.Audit;

/// <summary>
/// Dispatch and booking actions in the audit log: every allocation (by a dispatcher, or by auto-dispatch when a driver
/// accepted its offer), and cancellations and amendments made by staff (a customer's own changes are in the booking's
/// history, not in the staff audit log).
/// </summary>
internal static class OperationsAudit
{
    public static IServiceCollection AddOperationsAudit(this IServiceCollection services) => services
        .AddAudited<DriverAssignedIntegrationEvent>(e => new(Actor(e.DispatcherUserId), e.AssignedAt, "booking", e.BookingReference,
            $"{e.BookingReference} allocated to {e.DriverName} (badge {e.BadgeNumber}) in {e.Registration}, plate {e.PlateNumber}"
            + (e.DispatcherUserId is null ? " by auto-dispatch" : $" ({e.Mode})"),
            AfterJson: JsonSerializer.Serialize(new { jobId = e.JobId, driverId = e.DriverId, vehicleId = e.VehicleId, e.Mode })))
        .AddAudited<BookingCancelledIntegrationEvent>(e => e.StaffUserId is null ? null : new(Actor(e.StaffUserId), e.CancelledAt, "booking", e.Reference,
            $"{e.Reference} cancelled by staff: fee {Money(e.CancellationFeePence)}, refund {Money(e.RefundPence)}",
            JsonSerializer.Serialize(new { status = e.PreviousStatus }), JsonSerializer.Serialize(new { status = "Cancelled", e.CancellationFeePence, e.RefundPence })))
        .AddAudited<BookingAmendedIntegrationEvent>(e => e.StaffUserId is null ? null : new(Actor(e.StaffUserId), e.AmendedAt, "booking", e.Reference,
            $"{e.Reference} amended by staff: {e.PickupName} → {e.DropoffName}, {e.Passengers} passengers, {Money(e.TotalPence)}",
            AfterJson: JsonSerializer.Serialize(new { e.PickupAt, e.PickupName, e.DropoffName, e.Passengers, e.Suitcases, e.TotalPence, e.FlightNumber })));

    private static Guid? Actor(string? sub) => Guid.TryParse(sub, out var id) ? id : null;

    private static string Money(int pence) => (pence / 100m).ToString("£0.00", CultureInfo.InvariantCulture);
}
