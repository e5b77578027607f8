using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Messaging;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// The operations gauges that need a query: outbox backlog and lag (age of the oldest undispatched event) per module,
/// pending and dead deliveries, and the broker's queue depths when RabbitMQ is the transport. Sampled into a
/// snapshot (on a scrape when the last one is older than a second, and every <see cref="TelemetryOptions.SampleInterval"/>
/// while OTLP export is on); the observable gauges only read the snapshot, so a collection never blocks on the database.
/// </summary>
internal sealed partial class OperationsMetrics : IDisposable
{
    public const string MeterName = "Platform.Hosting";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<OperationsMetrics> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Counter<long> _sampleFailures;
    private Snapshot _snapshot = Snapshot.Empty;

    public OperationsMetrics(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider time, ILogger<OperationsMetrics> logger)
    {
        _scopes = scopes;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("platform.outbox.backlog", () => _snapshot.Status?.Outboxes.Select(o => new Measurement<long>(o.Undispatched, Tag("outbox", o.Context))) ?? [],
            "{message}", "Integration events committed but not yet handed to the transport.");
        meter.CreateObservableGauge("platform.outbox.lag", () => _snapshot.Status?.Outboxes.Select(o => new Measurement<double>((o.OldestUndispatchedAge ?? TimeSpan.Zero).TotalSeconds, Tag("outbox", o.Context))) ?? [],
            "s", "Age of the oldest undispatched outbox event (0 when the outbox is empty).");
        meter.CreateObservableGauge("platform.messaging.deliveries.pending", () => _snapshot.Status is { } s ? [new Measurement<long>(s.PendingDeliveries)] : Array.Empty<Measurement<long>>(),
            "{message}", "In-process deliveries waiting to run or be retried (RabbitMQ: replays in flight).");
        meter.CreateObservableGauge("platform.messaging.dead_letters", () => _snapshot.Status is { } s ? [new Measurement<long>(s.DeadDeliveries)] : Array.Empty<Measurement<long>>(),
            "{message}", "Dead letters waiting for an operator (GET admin/dead-letters).");
        meter.CreateObservableGauge("platform.rabbitmq.queue.messages",
            () => _snapshot.Queues.Select(q => new Measurement<long>(q.Messages, Tag("queue", q.Queue), Tag("consumer", q.Consumer), Tag("dead_letters", q.DeadLetters ? "true" : "false"))),
            "{message}", "Messages ready in the broker queue.");
        meter.CreateObservableGauge("platform.operations.sample.age", () => _snapshot.TakenAt is { } at ? [new Measurement<double>((_time.GetUtcNow() - at).TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s", "Age of the snapshot the outbox, delivery and queue gauges show.");
        _sampleFailures = meter.CreateCounter<long>("platform.operations.sample.failures", "{sample}", "Operations samples that failed (database or broker unreachable).");
    }

    /// <summary>Samples again unless the snapshot is younger than <paramref name="maxAge"/>.</summary>
    public async Task RefreshAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (_snapshot.TakenAt is { } taken && _time.GetUtcNow() - taken < maxAge)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot.TakenAt is { } again && _time.GetUtcNow() - again < maxAge)
            {
                return;
            }

            await using var scope = _scopes.CreateAsyncScope();
            var status = await scope.ServiceProvider.GetRequiredService<IMessagingMonitor>().GetStatusAsync(cancellationToken);
            IReadOnlyList<QueueDepth> queues = [];
            if (scope.ServiceProvider.GetService<IQueueDepthProbe>() is { } probe
                && scope.ServiceProvider.GetRequiredService<IMessageTransportStatus>().IsConnected)
            {
                queues = await probe.GetQueueDepthsAsync(cancellationToken);
            }

            _snapshot = new Snapshot(status, queues, _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
        {
            // Keep the last figures (the sample age gauge shows how old they are) and count the failure.
            _sampleFailures.Add(1);
            LogSampleFailed(ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling the operations metrics failed; the gauges keep their last values")]
    private partial void LogSampleFailed(Exception exception);

    private sealed record Snapshot(MessagingStatus? Status, IReadOnlyList<QueueDepth> Queues, DateTimeOffset? TakenAt)
    {
        public static readonly Snapshot Empty = new(null, [], null);
    }
}

/// <summary>Samples the operations gauges on a timer while OTLP export is on (Prometheus scrapes sample on demand).</summary>
internal sealed class OperationsSampler(OperationsMetrics metrics, IOptions<TelemetryOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SampleInterval;
        using var timer = new PeriodicTimer(interval);
        do
        {
            await metrics.RefreshAsync(interval / 2, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
