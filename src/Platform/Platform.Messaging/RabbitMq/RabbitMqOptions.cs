namespace Platform.Messaging;

/// <summary>
/// Settings of the RabbitMQ transport, bound from <c>Messaging:RabbitMQ</c>; used when
/// <c>Messaging:Transport=RabbitMQ</c>. Retry delays and attempts come from <see cref="MessagingOptions"/>.
/// </summary>
public sealed class RabbitMqOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Messaging:RabbitMQ";

    /// <summary>The broker, as an AMQP URI (user, password, host, port, virtual host). Default <c>amqp://guest:guest@127.0.0.1:5672/</c>.</summary>
    public Uri Uri { get; set; } = new("amqp://guest:guest@127.0.0.1:5672/");

    /// <summary>
    /// First segment of every exchange and queue name (<c>&lt;name&gt;.events</c>, <c>&lt;name&gt;.&lt;consumer&gt;</c>).
    /// Default: the product name in lower case (<c>nots</c>, <c>novatech</c>). Two deployments sharing a virtual host
    /// need different names.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Unacknowledged messages the broker hands one consumer on one node at a time. Default 10.</summary>
    public ushort Prefetch { get; set; } = 10;

    /// <summary>Messages of one consumer handled in parallel on one node. Default 1.</summary>
    public ushort ConsumerConcurrency { get; set; } = 1;

    /// <summary>How long a publish waits for the broker's confirm before it counts as failed. Default 10 s.</summary>
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to connect when the broker is unreachable, and the client's recovery interval. Default 5 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);
}
