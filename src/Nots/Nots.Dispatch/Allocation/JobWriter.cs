using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Dispatch;
using Nots.Dispatch.Data;
using Nots.Dispatch.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Dispatch.Allocation;

/// <summary>
/// The plumbing every job change shares, so the rules that keep allocation correct across nodes live in one place:
/// <list type="bullet">
/// <item>one transaction inside the provider's execution strategy (SQLite: <c>BEGIN IMMEDIATE</c>, one writer at a time);</item>
/// <item>per-driver and per-vehicle lock rows taken with <c>SELECT … FOR UPDATE</c> on PostgreSQL before an overlap check,
/// so two nodes cannot both see "free" and both allocate;</item>
/// <item>the job's version as a concurrency token (the UPDATE is conditional on the version read), and a unique index on
/// the live allocation of a job;</item>
/// <item>the board counter bumped last in the transaction (its row lock orders commits, so live feeds can read
/// changes by version without gaps), and the integration events written to the outbox in the same commit.</item>
/// </list>
/// </summary>
internal sealed class JobWriter(DispatchDbContext db, ProductDatabase database, TimeProvider time)
{
    public DispatchDbContext Db => db;

    public DateTimeOffset Now => time.GetUtcNow();

    private string Table(string name) => database.IsPostgres ? $"{DispatchDbContext.Module}.{name}" : $"\"{DispatchDbContext.Module}_{name}\"";

    /// <summary>Runs <paramref name="work"/> in its own transaction and commits what it changed.</summary>
    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DispatchErrors.Changed();
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw DispatchErrors.Changed();
        }
    }

    /// <summary>Serialises allocations of one driver or vehicle across nodes until the transaction ends.</summary>
    public async Task LockAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
        {
            // SQLite: the transaction already holds the database's single write lock (BEGIN IMMEDIATE).
            return;
        }

        // Table names are constants of this module; the key is a parameter.
        var key = $"{kind}:{id:N}";
        var insert = "INSERT INTO " + Table("allocation_locks") + " (key) VALUES ({0}) ON CONFLICT (key) DO NOTHING";
        var select = "SELECT key FROM " + Table("allocation_locks") + " WHERE key = {0} FOR UPDATE";
        await db.Database.ExecuteSqlRawAsync(insert, [key], cancellationToken);
        await db.Database.ExecuteSqlRawAsync(select, [key], cancellationToken);
    }

    /// <summary>Jobs of <paramref name="driverId"/> or <paramref name="vehicleId"/> that hold them during the job's window.</summary>
    public async Task CheckNoOverlapAsync(Job job, Guid driverId, Guid vehicleId, TimeSpan buffer, CancellationToken cancellationToken)
    {
        var from = job.PickupAt - buffer;
        var until = job.EndsAt + buffer;
        var clash = await db.Jobs.AsNoTracking()
            .Where(j => j.Id != job.Id && Job.Holding.Contains(j.Status) && (j.DriverId == driverId || j.VehicleId == vehicleId)
                && j.PickupAt < until && j.EndsAt > from)
            .Select(j => new { j.BookingReference, j.DriverId, j.PickupAt, j.EndsAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (clash is not null)
        {
            var who = clash.DriverId == driverId ? "driver" : "vehicle";
            throw DispatchErrors.Ineligible(
                who == "driver" ? "driver_overlap" : "vehicle_overlap",
                $"The {who} already has job {clash.BookingReference} from {clash.PickupAt:u} to {clash.EndsAt:u}, which overlaps this pickup plus {(int)buffer.TotalMinutes} minutes' buffer.");
        }
    }

    /// <summary>Records the change for live feeds: call last, just before the transaction saves.</summary>
    public async Task StampAsync(Job job, CancellationToken cancellationToken)
    {
        var bump = "UPDATE " + Table("board_state") + " SET version = version + 1 WHERE id = 1 RETURNING version AS \"Value\"";
        var versions = await db.Database
            .SqlQueryRaw<long>(bump)
            .ToListAsync(cancellationToken);
        job.BoardVersion = versions.Single();
    }

    public void StatusChanged(Job job, double? lat = null, double? lng = null, string? detail = null) =>
        db.AddIntegrationEvent(new JobStatusChangedIntegrationEvent(job.Id, job.BookingId, job.BookingReference, job.Status, job.UpdatedAt, lat, lng, job.DriverId, detail));

    public async Task<DriverPosition?> PositionAsync(Guid driverId, CancellationToken cancellationToken) =>
        await db.Positions.AsNoTracking().FirstOrDefaultAsync(p => p.DriverId == driverId, cancellationToken);

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
        || ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
}
