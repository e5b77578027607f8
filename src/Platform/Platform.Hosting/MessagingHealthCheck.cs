using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Messaging;

namespace Platform.Hosting;

/// <summary>
/// Ready when the message transport answers. Dead letters, an outbox that has not been dispatched for minutes or a
/// lost RabbitMQ connection make the node Degraded (still serving, 200): the outbox keeps events until the broker is
/// back, so monitoring should see it without load balancers pulling every node at once.
/// </summary>
internal sealed class MessagingHealthCheck(IMessagingMonitor monitor, IMessageTransportStatus transport) : IHealthCheck
{
    private static readonly TimeSpan StaleOutbox = TimeSpan.FromMinutes(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connected = await transport.ProbeAsync(cancellationToken);
            var status = await monitor.GetStatusAsync(cancellationToken);
            var oldest = status.Outboxes.Select(o => o.OldestUndispatchedAge ?? TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
            var description = string.Create(CultureInfo.InvariantCulture,
                $"{transport.Transport} {transport.Detail}; pending {status.PendingDeliveries}, dead letters {status.DeadDeliveries}, oldest undispatched {oldest.TotalSeconds:F0} s");
            return !connected || status.DeadDeliveries > 0 || oldest > StaleOutbox
                ? HealthCheckResult.Degraded(description)
                : HealthCheckResult.Healthy(description);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("message transport unreachable", ex);
        }
    }
}
