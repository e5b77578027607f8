using System.Threading.Channels;

namespace Platform.Messaging.Internal;

/// <summary>
/// Wakes a background worker early. Notifications coalesce (one pending wake-up is enough); correctness never
/// depends on it, because the worker also polls.
/// </summary>
internal class Signal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = false,
    });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval elapsed.
        }
    }
}

/// <summary>Wakes the delivery worker after the transport stored new deliveries.</summary>
internal sealed class DeliverySignal : Signal
{
}

/// <summary>Wakes the outbox dispatcher of <typeparamref name="TContext"/> after events were committed.</summary>
internal sealed class OutboxSignal<TContext> : Signal
{
}

/// <summary>This process's identity in leases (<c>locked_by</c>).</summary>
internal sealed class MessagingNode
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A lease owner token unique to one claim, so a late writer never touches rows re-claimed by someone else.</summary>
    public string NewLeaseToken() => $"{Id}/{Guid.NewGuid().ToString("N")[..12]}";
}
