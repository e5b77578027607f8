using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;

namespace Nots.Bookings.Features;

/// <summary>
/// Re-runs a load–change–save unit when another writer (a webhook, the message worker, another node) saved the
/// same booking first. The unit reloads, so it re-checks the rules on the fresh state: a second cancellation then
/// fails as an invalid transition rather than cancelling twice.
/// </summary>
internal static class Conflicts
{
    public static async Task<T> RetryAsync<T>(BookingsDbContext db, Func<Task<T>> unit, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await unit();
            }
            catch (DbUpdateConcurrencyException) when (attempt < attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
