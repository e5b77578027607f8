using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Messaging.Inbox;
using Platform.Persistence;
using RabbitMQ.Client;

namespace Platform.Messaging.RabbitMq;

/// <summary>
/// The names and shape of the product's exchanges and queues (see docs/adr/0005-rabbitmq-transport.md):
/// <list type="bullet">
/// <item><c>&lt;p&gt;.events</c> — durable topic exchange; routing key = the stable event name.</item>
/// <item><c>&lt;p&gt;.&lt;consumer&gt;</c> — one durable queue per consumer, bound to its event name; rejected messages go to the DLX.</item>
/// <item><c>&lt;p&gt;.&lt;consumer&gt;.retry.&lt;ms&gt;</c> — one delay queue per back-off step (queue TTL); expired messages return to the consumer queue.</item>
/// <item><c>&lt;p&gt;.dead</c> — direct dead-letter exchange, and <c>&lt;p&gt;.&lt;consumer&gt;.dead</c> bound to it.</item>
/// </list>
/// Declaring is idempotent; every node declares the topology of the consumers it hosts before publishing or consuming,
/// so a message is never published before the queues that must receive it exist.
/// </summary>
internal sealed class RabbitMqTopology
{
    /// <summary>Dead-letter queues keep broker-side copies this long; the database row is the record admins work from.</summary>
    public static readonly TimeSpan DeadQueueRetention = TimeSpan.FromDays(7);

    private readonly MessagingOptions _settings;
    private readonly ConsumerRegistry _consumers;

    public RabbitMqTopology(IOptions<RabbitMqOptions> options, IOptions<MessagingOptions> settings, ProductDatabase database, ConsumerRegistry consumers)
    {
        Prefix = (options.Value.Name is { Length: > 0 } name ? name : database.Product).ToLowerInvariant();
        _settings = settings.Value;
        _consumers = consumers;
        Exchange = Prefix + ".events";
        DeadExchange = Prefix + ".dead";
    }

    public string Prefix { get; }

    /// <summary>The topic exchange every event is published to.</summary>
    public string Exchange { get; }

    /// <summary>The direct exchange consumer queues dead-letter to.</summary>
    public string DeadExchange { get; }

    public string QueueOf(string consumer) => Prefix + "." + consumer;

    public string DeadQueueOf(string consumer) => QueueOf(consumer) + ".dead";

    public string RetryQueueOf(string consumer, TimeSpan delay) =>
        QueueOf(consumer) + ".retry." + ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>The delay before retrying after <paramref name="failedAttempts"/> failures: base · 2^(n-1), capped.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Min(Math.Max(failedAttempts - 1, 0), 30);
        var milliseconds = Math.Min(_settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), _settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Floor(milliseconds));
    }

    /// <summary>Every distinct retry delay used before <see cref="MessagingOptions.MaxAttempts"/> is reached.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays() =>
        Enumerable.Range(1, Math.Max(_settings.MaxAttempts - 1, 1)).Select(RetryDelay).Distinct().ToList();

    /// <summary>Declares the exchanges and, for every consumer registered in this process, its queues and bindings.</summary>
    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(DeadExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var invoker in _consumers.All)
        {
            var queue = QueueOf(invoker.Consumer);
            var dead = DeadQueueOf(invoker.Consumer);
            await channel.QueueDeclareAsync(dead, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-message-ttl"] = (long)DeadQueueRetention.TotalMilliseconds },
                cancellationToken: cancellationToken);
            await channel.QueueBindAsync(dead, DeadExchange, queue, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = DeadExchange, ["x-dead-letter-routing-key"] = queue },
                cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, Exchange, invoker.MessageType, cancellationToken: cancellationToken);
            foreach (var delay in RetryDelays())
            {
                // A fixed TTL per queue: every message in it waits the same time, so none waits behind a longer one.
                await channel.QueueDeclareAsync(RetryQueueOf(invoker.Consumer, delay), durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?>
                    {
                        ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                        ["x-dead-letter-exchange"] = "",
                        ["x-dead-letter-routing-key"] = queue,
                    },
                    cancellationToken: cancellationToken);
            }
        }
    }
}
