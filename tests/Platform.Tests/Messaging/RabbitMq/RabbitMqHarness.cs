using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Messaging;
using Platform.Messaging.Inbox;
using Platform.Messaging.RabbitMq;
using RabbitMQ.Client;

namespace Platform.Tests.Messaging.RabbitMq;

/// <summary>The broker the RabbitMQ tests run against: <c>TEST_RABBITMQ</c>, or in CI the one scripts/rabbitmq.sh starts.</summary>
internal static class TestBroker
{
    public const string DefaultUri = "amqp://guest:guest@127.0.0.1:5673/";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the tests should be skipped.</summary>
    public static Uri? Uri => Environment.GetEnvironmentVariable("TEST_RABBITMQ") is { Length: > 0 } value ? new Uri(value)
        : InCi ? new Uri(DefaultUri)
        : null;
}

/// <summary>
/// A fact that needs the test broker. Without <c>TEST_RABBITMQ</c> it is skipped, except in CI (<c>CI=true</c>),
/// where it runs against the default test broker and fails if that is unreachable.
/// </summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute()
    {
        if (TestBroker.Uri is null)
        {
            Skip = "No RabbitMQ broker: run `bash scripts/rabbitmq.sh start` and set TEST_RABBITMQ=" + TestBroker.DefaultUri + " (./test.sh does both when rabbitmq-server is installed).";
        }
    }
}

/// <summary>
/// The messaging harness (one test database, several nodes) switched to the RabbitMQ transport, with exchange and
/// queue names unique to the test so tests share the broker without seeing each other's messages.
/// </summary>
internal sealed class RabbitMqHarness : IAsyncDisposable
{
    private readonly List<IServiceProvider> _nodes = [];

    private RabbitMqHarness(MessagingHarness inner, Uri broker)
    {
        Inner = inner;
        Broker = broker;
        Name = "test-" + Guid.NewGuid().ToString("N")[..10];
        inner.Settings["Messaging:Transport"] = "RabbitMQ";
        inner.Settings["Messaging:RabbitMQ:Uri"] = broker.ToString();
        inner.Settings["Messaging:RabbitMQ:Name"] = Name;
        inner.Settings["Messaging:RabbitMQ:ReconnectDelay"] = "00:00:00.500";
        inner.Settings["Messaging:RetryBaseDelay"] = "00:00:00.050";
        inner.Settings["Messaging:RetryMaxDelay"] = "00:00:00.200";
    }

    public MessagingHarness Inner { get; }

    public Uri Broker { get; }

    public string Name { get; }

    public Dictionary<string, string?> Settings => Inner.Settings;

    public LogCollector Logs { get; } = new();

    public static async Task<RabbitMqHarness> CreateAsync()
    {
        var broker = TestBroker.Uri ?? throw new InvalidOperationException("No test broker.");
        try
        {
            // Fail fast (and clearly) rather than by a timeout in every test when the broker is down.
            await using var probe = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"The RabbitMQ test broker {broker.Host}:{broker.Port} is unreachable; start it with `bash scripts/rabbitmq.sh start`.", ex);
        }

        return new(await MessagingHarness.CreateAsync(), broker);
    }

    public async Task<IHost> StartNodeAsync(Action<IServiceCollection>? configure = null, bool start = true)
    {
        var host = await Inner.StartNodeAsync(
            s =>
            {
                s.AddSingleton<ILoggerProvider>(Logs);
                s.AddLogging(logging => logging.AddFilter<LogCollector>("Platform.Messaging", LogLevel.Information));
                configure?.Invoke(s);
            },
            start: start);
        _nodes.Add(host.Services);
        return host;
    }

    public async Task<IConnection> ConnectAsync() => await new ConnectionFactory { Uri = Broker }.CreateConnectionAsync();

    /// <summary>Ready messages in a queue (not counting those delivered and unacknowledged).</summary>
    public async Task<uint> MessageCountAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    public static string FreeLocalUri()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"amqp://guest:guest@127.0.0.1:{port}/";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DeleteTopologyAsync();
        }
        finally
        {
            await Inner.DisposeAsync();
        }
    }

    private async Task DeleteTopologyAsync()
    {
        var node = _nodes.FirstOrDefault();
        if (node is null)
        {
            return;
        }

        var topology = node.GetRequiredService<RabbitMqTopology>();
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var invoker in node.GetRequiredService<ConsumerRegistry>().All)
        {
            var queues = topology.RetryDelays().Select(d => topology.RetryQueueOf(invoker.Consumer, d))
                .Append(topology.QueueOf(invoker.Consumer)).Append(topology.DeadQueueOf(invoker.Consumer));
            foreach (var queue in queues)
            {
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            }
        }

        await channel.ExchangeDeleteAsync(topology.Exchange, ifUnused: false);
        await channel.ExchangeDeleteAsync(topology.DeadExchange, ifUnused: false);
    }
}

/// <summary>Keeps every log message of the nodes, to assert what a node did.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue(formatter(state, exception));
    }
}

/// <summary>Records the trace id the consumer runs under: it must be the trace of the request that raised the event.</summary>
internal sealed class TraceHandler(ShopDbContext db) : RecordingHandler(db, "trace")
{
    public override async Task HandleAsync(OrderPlaced integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        await base.HandleAsync(integrationEvent, context, cancellationToken);
        var receipt = Db.Receipts.Local.Single(r => r.MessageId == context.MessageId);
        receipt.CorrelationId = Activity.Current?.TraceId.ToString();
    }
}

/// <summary>
/// Freezes the consumer right after its transaction committed, before it can acknowledge: the state of a node that
/// dies between commit and ack.
/// </summary>
internal sealed class FreezeAfterConsumerCommit : DbTransactionInterceptor
{
    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<InboxMessage>().Any() == true)
        {
            Committed.TrySetResult();
            await Release.Task;
        }
    }
}
