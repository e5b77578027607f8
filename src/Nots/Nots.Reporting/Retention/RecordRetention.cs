using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nots.Contracts.Bookings;
using Nots.Reporting.Data;
using Platform.Messaging;

namespace Nots.Reporting.Retention;

/// <summary>
/// <c>Reporting:Retention:*</c>: the statutory records' retention after the journey (<c>RecordMonths</c>, 24; keep it equal
/// to <c>Bookings:Retention:RecordMonths</c>), how often the purge runs (<c>IntervalHours</c>, 24), and whether on this node
/// (<c>Worker</c>, true).
/// </summary>
internal sealed record ReportingRetention(int RecordMonths, TimeSpan Interval, bool Worker)
{
    public static ReportingRetention From(IConfiguration configuration)
    {
        var months = configuration.GetValue("Reporting:Retention:RecordMonths", 24);
        var hours = configuration.GetValue("Reporting:Retention:IntervalHours", 24.0);
        if (months < 12 || hours <= 0)
        {
            throw new InvalidOperationException("Reporting:Retention:RecordMonths must be at least 12 (the statutory minimum) and IntervalHours positive.");
        }

        return new ReportingRetention(months, TimeSpan.FromHours(hours), configuration.GetValue("Reporting:Retention:Worker", true));
    }
}

/// <summary>
/// A booking's personal data was erased: the record row follows. Within retention the hirer's name stays (it is part of
/// the statutory record) and only the flight number goes; past retention the name goes too.
/// </summary>
internal sealed class OnBookingPersonalDataErased(ReportingDbContext db, TimeProvider time) : IIntegrationEventHandler<BookingPersonalDataErasedIntegrationEvent>
{
    public async Task HandleAsync(BookingPersonalDataErasedIntegrationEvent e, MessageContext context, CancellationToken cancellationToken)
    {
        var fact = await db.Bookings.SingleOrDefaultAsync(f => f.BookingId == e.BookingId, cancellationToken);
        if (fact is null)
        {
            return; // Never confirmed (so never in the reports) or already past retention and purged.
        }

        fact.FlightNumber = null;
        if (e.HirerErased)
        {
            fact.HirerName = null;
        }

        fact.PersonalDataErasedAt ??= e.ErasedAt;
        fact.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Deletes record rows whose journey is more than <see cref="ReportingRetention.RecordMonths"/> ago, in batches. Safe on
/// every node at once: deleting rows already gone deletes nothing.
/// </summary>
internal sealed class RecordPurgeJob(IServiceScopeFactory scopes, ReportingRetention retention, TimeProvider time, ILogger<RecordPurgeJob> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    /// <summary>Deletes every record past retention; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddMonths(-retention.RecordMonths);
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
            var batch = db.Bookings.Where(f => f.PickupAt < cutoff).OrderBy(f => f.PickupAt).Take(BatchSize).Select(f => f.BookingId);
            deleted = await db.Bookings.Where(f => batch.Contains(f.BookingId)).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

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
                    logger.LogInformation("Retention: deleted {Count} booking records past {Months} months", count, retention.RecordMonths);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Record purge failed; retried at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

internal static class ReportingRetentionRegistration
{
    public static IServiceCollection AddReportingRetention(this IServiceCollection services, IConfiguration configuration)
    {
        var retention = ReportingRetention.From(configuration);
        services.AddSingleton(retention);
        services.AddIntegrationEventHandler<BookingPersonalDataErasedIntegrationEvent, OnBookingPersonalDataErased, ReportingDbContext>();
        services.AddSingleton<RecordPurgeJob>();
        if (retention.Worker)
        {
            services.AddHostedService(sp => sp.GetRequiredService<RecordPurgeJob>());
        }

        return services;
    }
}
