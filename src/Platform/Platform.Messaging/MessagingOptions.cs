namespace Platform.Messaging;

/// <summary>Settings of the outbox dispatchers and the delivery worker, bound from the <c>Messaging</c> section.</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Messaging";

    /// <summary>
    /// The transport: <c>InProcess</c> (default; a durable queue table in the product database) or <c>RabbitMQ</c>
    /// (settings under <c>Messaging:RabbitMQ</c>, see <see cref="RabbitMqOptions"/>). Read once at start-up.
    /// </summary>
    public string Transport { get; set; } = MessageTransports.InProcess;

    /// <summary>How often dispatchers and the delivery worker look for work written by other nodes. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before the first retry of a failed delivery; doubles with each attempt. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the retry delay. Default 5 min.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts before a delivery becomes a dead letter. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a node owns the rows it claimed before another node may take them over. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Outbox rows claimed per round. Default 100.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>Deliveries claimed per round. Default 20.</summary>
    public int DeliveryBatchSize { get; set; } = 20;

    /// <summary>How long dispatched outbox rows and completed deliveries are kept. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old rows are deleted. Default 10 min.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}
