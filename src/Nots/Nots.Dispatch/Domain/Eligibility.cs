using Nots.Contracts.Fleet;

namespace Nots.Dispatch.Domain;

/// <summary>
/// The rules a driver and vehicle must pass before they may be given a job, each with its own code (the 409's
/// <c>code</c>, and named in its detail). Overlaps are checked in the database under the allocation lock.
/// </summary>
internal static class Eligibility
{
    // Which vehicle classes may do a job booked in a class: the same class or a bigger one that still suits it.
    private static readonly Dictionary<string, string[]> Fits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["saloon"] = ["saloon", "estate", "executive", "mpv6", "mpv8"],
        ["estate"] = ["estate", "mpv6", "mpv8"],
        ["executive"] = ["executive"],
        ["mpv6"] = ["mpv6", "mpv8"],
        ["mpv8"] = ["mpv8"],
    };

    public static void Check(Job job, DriverSnapshot driver, VehicleSnapshot vehicle, DateTimeOffset now, TimeSpan onDutyWindow)
    {
        if (driver.Status != DriverStatuses.Active)
        {
            throw DispatchErrors.Ineligible("driver_not_active", $"Driver {driver.Name} is {driver.Status}, not active.");
        }

        if (!driver.Compliant)
        {
            throw DispatchErrors.Ineligible("driver_not_compliant", $"Driver {driver.Name} is not compliant: {Issues(driver.ComplianceIssues)}.");
        }

        if (!vehicle.Active)
        {
            throw DispatchErrors.Ineligible("vehicle_not_active", $"Vehicle {vehicle.Registration} is withdrawn from service.");
        }

        if (!vehicle.Compliant)
        {
            throw DispatchErrors.Ineligible("vehicle_not_compliant", $"Vehicle {vehicle.Registration} is not compliant: {Issues(vehicle.ComplianceIssues)}.");
        }

        if (!vehicle.DriverIds.Contains(driver.Id) && !driver.VehicleIds.Contains(vehicle.Id))
        {
            throw DispatchErrors.Ineligible("vehicle_not_assigned_to_driver", $"Vehicle {vehicle.Registration} is not assigned to driver {driver.Name}.");
        }

        if (Fits.TryGetValue(job.VehicleClass, out var classes) && !classes.Contains(vehicle.VehicleClass, StringComparer.OrdinalIgnoreCase))
        {
            throw DispatchErrors.Ineligible("vehicle_class_mismatch", $"The booking is for a {job.VehicleClass}; vehicle {vehicle.Registration} is a {vehicle.VehicleClass}.");
        }

        if (vehicle.Seats < job.Passengers)
        {
            throw DispatchErrors.Ineligible("vehicle_too_few_seats", $"Vehicle {vehicle.Registration} has {vehicle.Seats} seats for {job.Passengers} passengers.");
        }

        if (vehicle.Suitcases < job.Suitcases)
        {
            throw DispatchErrors.Ineligible("vehicle_too_little_luggage_space", $"Vehicle {vehicle.Registration} takes {vehicle.Suitcases} suitcases; the party has {job.Suitcases}.");
        }

        if (!driver.OnDuty && job.PickupAt - now < onDutyWindow)
        {
            throw DispatchErrors.Ineligible("driver_off_duty", $"Driver {driver.Name} is off duty and the pickup is within {(int)onDutyWindow.TotalMinutes} minutes.");
        }
    }

    private static string Issues(IReadOnlyList<string> issues) => issues.Count == 0 ? "documents not verified" : string.Join("; ", issues);
}

/// <summary>Great-circle distance for ranking drivers by how far they are from the pickup.</summary>
internal static class GreatCircle
{
    private const double EarthRadiusMiles = 3958.7613;

    public static double Miles(double lat1, double lng1, double lat2, double lng2)
    {
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lng2 - lng1) * Math.PI / 180;
        var h = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * EarthRadiusMiles * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
