using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Contracts.Bookings;
using Platform.Messaging;

namespace Nots.Bookings.Features.PersonalData;

/// <summary>
/// Daily: bookings whose statutory record has outlived its retention (<see cref="RecordRetention.RecordMonths"/> after
/// the pickup) lose the hirer's name and any contact details left; the journey, fare and payments stay for the accounts.
/// Safe on every node at once: each booking is saved under its version (a conditional UPDATE), so a booking another node
/// got to first fails the save and is skipped, and its erasure event is written once.
/// </summary>
internal sealed class BookingRetentionJob(IServiceScopeFactory scopes, RecordRetention retention, TimeProvider time, ILogger<BookingRetentionJob> logger)
    : BackgroundService
{
    private const int BatchSize = 100;
    private const int MaxBatchesPerRun = 500;

    /// <summary>Pseudonymises every booking past retention; returns how many this node did.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now.AddMonths(-retention.RecordMonths);
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BookingsDbContext>();
            var due = await db.Bookings
                .Where(b => b.PseudonymisedAt == null && b.PickupAt < cutoff)
                .OrderBy(b => b.PickupAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            var done = 0;
            foreach (var booking in due)
            {
                done += await PseudonymiseAsync(db, booking, now, cancellationToken) ? 1 : 0;
            }

            total += done;
            if (due.Count < BatchSize)
            {
                break;
            }
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(retention.Interval);
        do
        {
            try
            {
                var count = await RunOnceAsync(stoppingToken);
                if (count > 0)
                {
                    logger.LogInformation("Retention: pseudonymised {Count} bookings past {Months} months", count, retention.RecordMonths);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Booking retention run failed; retried at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> PseudonymiseAsync(BookingsDbContext db, Booking booking, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!booking.Pseudonymise(now))
        {
            return false;
        }

        db.AddIntegrationEvent(new BookingPersonalDataErasedIntegrationEvent(
            booking.Id, booking.Reference, HirerErased: true, booking.RetainedUntil(retention.RecordMonths), now));
        db.ManageTokens.RemoveRange(await db.ManageTokens.Where(t => t.BookingId == booking.Id).ToListAsync(cancellationToken));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node (or a customer's change) got there first; what is left is picked up by the next run.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
