using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Platform.Web;

namespace Nots.Bookings.Features;

/// <summary>
/// Re-runs a load–change–save unit when another writer (a webhook, the message worker, another node) saved the
/// same booking first. The unit reloads, so it re-checks the rules on the fresh state: a second cancellation then
/// fails as an invalid transition rather than cancelling twice.
/// </summary>
internal static class Conflicts
{
    /// <summary>A stale version, or rows read at different moments while another writer committed.</summary>
    public static bool IsLostRace(Exception ex) =>
        ex is DbUpdateConcurrencyException || ex is DomainException { Code: Refund.ConcurrentChangeCode };

    public static async Task<T> RetryAsync<T>(BookingsDbContext db, Func<Task<T>> unit, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await unit();
            }
            catch (Exception ex) when (attempt < attempts && IsLostRace(ex))
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
