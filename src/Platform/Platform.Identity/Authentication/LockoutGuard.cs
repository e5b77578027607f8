using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Identity.Data;

namespace Platform.Identity.Authentication;

/// <summary>
/// Failed-attempt counting and lockout as atomic UPDATEs, so parallel guesses on several nodes are all counted
/// (UserManager.AccessFailedAsync would lose increments to its optimistic concurrency check).
/// </summary>
internal sealed class LockoutGuard(AppIdentityDbContext db, IOptions<IdentityOptions> options, TimeProvider time)
{
    public bool IsLockedOut(AppUser user) => user.LockoutEnabled && user.LockoutEnd is { } end && end > time.GetUtcNow();

    /// <summary>Counts a failed password or code; returns true when this failure locked the account.</summary>
    public async Task<bool> RecordFailureAsync(AppUser user, CancellationToken cancellationToken)
    {
        var lockout = options.Value.Lockout;
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken);
        DateTimeOffset? until = time.GetUtcNow().Add(lockout.DefaultLockoutTimeSpan);
        var locked = await db.Users.Where(u => u.Id == user.Id && u.LockoutEnabled && u.AccessFailedCount >= lockout.MaxFailedAccessAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.AccessFailedCount, 0), cancellationToken);
        return locked > 0;
    }

    public async Task ResetAsync(AppUser user, CancellationToken cancellationToken)
    {
        if (user.AccessFailedCount > 0 || user.LockoutEnd is not null)
        {
            DateTimeOffset? none = null;
            await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, none), cancellationToken);
        }
    }
}
