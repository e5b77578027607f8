using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NovaTech.Fulfillment.Data;
using Platform.Notifications;

namespace NovaTech.Fulfillment.Notifications;

/// <summary>
/// Sends queued <see cref="CustomerNotice"/>s through the notifications port, on every node: each notice is claimed
/// with a conditional update (a lease), so two nodes never both send it; a node that dies mid-send leaves it to be
/// retried after the lease. Polls <c>Fulfillment:NoticePollInterval</c> (default 1 s).
/// </summary>
internal sealed partial class NoticeSender(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<NoticeSender> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private const int MaxAttempts = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Fulfillment:NoticePollInterval", TimeSpan.FromSeconds(1));
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                while (await SendNextAsync(stoppingToken))
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop the sender; the next tick tries again.
                LogPassFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Claims and sends one due notice; false when none is due.</summary>
    internal async Task<bool> SendNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FulfillmentDbContext>();
        var now = time.GetUtcNow();
        var candidate = await db.Notices.AsNoTracking()
            .Where(n => n.SentAt == null && n.DueAt <= now && n.Attempts < MaxAttempts)
            .OrderBy(n => n.DueAt)
            .Select(n => new { n.Id, n.DueAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (candidate is null)
        {
            return false;
        }

        var claimed = await db.Notices
            .Where(n => n.Id == candidate.Id && n.SentAt == null && n.DueAt == candidate.DueAt)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.DueAt, now + Lease).SetProperty(n => n.Attempts, n => n.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            // Another node took it first.
            return true;
        }

        var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.Id == candidate.Id, cancellationToken);
        var shipment = await db.Shipments.AsNoTracking().SingleOrDefaultAsync(s => s.Id == notice.ShipmentId, cancellationToken);
        if (shipment is not null)
        {
            var notifications = scope.ServiceProvider.GetRequiredService<INotificationService>();
            var (email, sms, remaining) = notice.Kind == NoticeKind.Dispatched
                ? (ShipmentNotifications.DispatchedEmail, ShipmentNotifications.DispatchedSms, notice.OrderComplete
                    ? "This completes your order."
                    : "The rest of your order will follow in a separate parcel; we will email you when it leaves us.")
                : (ShipmentNotifications.DeliveredEmail, ShipmentNotifications.DeliveredSms, notice.OrderComplete
                    ? "That is everything you ordered."
                    : "Anything else from your order is travelling separately.");

            // The notifications port records each message before trying it and retries failures itself.
            await ShipmentNotifications.SendAsync(notifications, shipment, email, sms, remaining, cancellationToken);
        }

        await db.Notices.Where(n => n.Id == notice.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.SentAt, time.GetUtcNow()), cancellationToken);
        return true;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Customer notice pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
