namespace Platform.Messaging;

/// <summary>Whether the message transport can carry messages right now; readiness checks use it.</summary>
public interface IMessageTransportStatus
{
    /// <summary>The transport in use: <c>InProcess</c> or <c>RabbitMQ</c>.</summary>
    string Transport { get; }

    /// <summary>
    /// True when messages can be published and consumed. The in-process transport is always connected (it lives in
    /// the database); RabbitMQ is connected while its connections are open.
    /// </summary>
    bool IsConnected { get; }

    /// <summary>A short human-readable state, e.g. <c>connected to 127.0.0.1:5672</c> or the last connection error.</summary>
    string Detail { get; }

    /// <summary>
    /// Connects if this node has not connected yet (so a readiness check right after start-up sees the real state),
    /// then returns <see cref="IsConnected"/>. Never throws for an unreachable broker.
    /// </summary>
    Task<bool> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>The names accepted by <c>Messaging:Transport</c>.</summary>
public static class MessageTransports
{
    /// <summary>The default: a durable queue table in the product database.</summary>
    public const string InProcess = "InProcess";

    /// <summary>RabbitMQ (settings under <c>Messaging:RabbitMQ</c>).</summary>
    public const string RabbitMq = "RabbitMQ";
}

internal sealed class InProcessTransportStatus : IMessageTransportStatus
{
    public string Transport => MessageTransports.InProcess;

    public bool IsConnected => true;

    public string Detail => "in-process (database queue)";

    public Task<bool> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>Messages waiting in the broker (registered only when a broker transport is in use).</summary>
public interface IQueueDepthProbe
{
    /// <summary>The depth of every consumer queue (and its dead-letter queue) this node hosts.</summary>
    Task<IReadOnlyList<QueueDepth>> GetQueueDepthsAsync(CancellationToken cancellationToken);
}

/// <summary>The messages ready in one broker queue.</summary>
/// <param name="Queue">The queue name.</param>
/// <param name="Consumer">The consumer (handler) it feeds.</param>
/// <param name="DeadLetters">True for the consumer's dead-letter queue.</param>
/// <param name="Messages">Messages ready for delivery (not counting unacknowledged ones).</param>
/// <param name="Consumers">Consumers attached across all nodes.</param>
public sealed record QueueDepth(string Queue, string Consumer, bool DeadLetters, long Messages, long Consumers);
