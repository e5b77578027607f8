using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging.Data;
using Platform.Messaging.Internal;

namespace Platform.Messaging;

/// <summary>Backlog figures for dashboards and health checks.</summary>
public interface IMessagingMonitor
{
    /// <summary>Counts pending and dead deliveries and the undispatched backlog of every registered outbox.</summary>
    Task<MessagingStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}

/// <summary>A snapshot of the messaging backlog.</summary>
/// <param name="PendingDeliveries">Deliveries waiting to run or be retried.</param>
/// <param name="DeadDeliveries">Dead letters waiting for an admin.</param>
/// <param name="Outboxes">One entry per module with an outbox dispatcher.</param>
public sealed record MessagingStatus(long PendingDeliveries, long DeadDeliveries, IReadOnlyList<OutboxStatus> Outboxes);

/// <summary>The undispatched backlog of one module's outbox.</summary>
/// <param name="Context">The module's DbContext type name.</param>
/// <param name="Undispatched">Messages not yet handed to the transport.</param>
/// <param name="OldestUndispatchedAge">Age of the oldest of them; null when there are none.</param>
public sealed record OutboxStatus(string Context, long Undispatched, TimeSpan? OldestUndispatchedAge);

/// <summary>Marks a module context whose outbox is dispatched in this process.</summary>
internal sealed record OutboxRegistration(Type ContextType);

internal sealed class MessagingMonitor(IServiceScopeFactory scopes, IEnumerable<OutboxRegistration> outboxes, TimeProvider time) : IMessagingMonitor
{
    public async Task<MessagingStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var counts = await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Dead)
            .GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow();
        var outboxStatuses = new List<OutboxStatus>();
        foreach (var outbox in outboxes)
        {
            var sql = new Sql((DbContext)scope.ServiceProvider.GetRequiredService(outbox.ContextType));
            var rows = await sql.QueryAsync(
                $"SELECT count(*), min(occurred_at) FROM {sql.Table<OutboxMessage>()} WHERE dispatched_at IS NULL",
                r => (Count: r.GetInt64(0), Oldest: Sql.ReadTime(r, 1)),
                cancellationToken);
            var (count, oldest) = rows[0];
            outboxStatuses.Add(new OutboxStatus(outbox.ContextType.Name, count, oldest is { } o ? now - o : null));
        }

        return new MessagingStatus(
            counts.FirstOrDefault(c => c.Status == DeliveryStatus.Pending)?.Count ?? 0,
            counts.FirstOrDefault(c => c.Status == DeliveryStatus.Dead)?.Count ?? 0,
            outboxStatuses);
    }
}
