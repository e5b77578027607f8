using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;

namespace Nots.Bookings.Features.Site;

/// <summary>What the driver of a booking needs beyond dispatch's job: the passenger's phone and the remarks.</summary>
/// <param name="PassengerPhone">The lead passenger's phone (E.164), empty after erasure.</param>
/// <param name="Notes">The customer's remarks for the driver.</param>
public sealed record DriverBriefing(string PassengerPhone, string? Notes);

/// <summary>
/// The bookings module's read for the host's driver app. The host asks only for the booking of a job that dispatch has
/// just confirmed is the signed-in driver's (<c>IDriverJobs.FindMineAsync</c>); nobody else gets a passenger's phone.
/// </summary>
public interface IDriverBriefings
{
    /// <summary>The briefing of booking <paramref name="bookingId"/>, or null when there is no such booking.</summary>
    Task<DriverBriefing?> FindAsync(Guid bookingId, CancellationToken cancellationToken = default);
}

internal sealed class DriverBriefings(BookingsDbContext db) : IDriverBriefings
{
    public async Task<DriverBriefing?> FindAsync(Guid bookingId, CancellationToken cancellationToken = default) =>
        await db.Bookings.AsNoTracking().Where(b => b.Id == bookingId)
            .Select(b => new DriverBriefing(b.PassengerPhone, b.Notes)).FirstOrDefaultAsync(cancellationToken);
}
