using System.Diagnostics;
using System.Globalization;
using System.Text;
using Platform.Messaging.Inbox;
using RabbitMQ.Client;

namespace Platform.Messaging.RabbitMq;

/// <summary>
/// How an envelope travels as an AMQP message: the JSON payload as the body; message id, type (the stable event
/// name) and correlation id as properties; persistent delivery; headers for when it occurred, the W3C
/// <c>traceparent</c> of the request that raised it, the failed attempts so far and, on a replay, the dead-letter
/// row being replayed.
/// </summary>
internal static class RabbitMqMessages
{
    public const string OccurredAtHeader = "occurred-at";
    public const string TraceParentHeader = "traceparent";
    public const string AttemptsHeader = "x-attempts";
    public const string LastErrorHeader = "x-last-error";
    public const string ReplayHeader = "x-replay-of";

    /// <summary>The messaging spans: publish and process, parented on the trace that raised the event.</summary>
    public static readonly ActivitySource Source = Internal.MessagingTelemetry.Source;

    public static BasicProperties Properties(MessageEnvelope message, string? traceParent)
    {
        var headers = new Dictionary<string, object?>
        {
            [OccurredAtHeader] = message.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        if (traceParent is not null)
        {
            headers[TraceParentHeader] = traceParent;
        }

        return new BasicProperties
        {
            MessageId = message.MessageId.ToString(),
            Type = message.MessageType,
            CorrelationId = message.CorrelationId,
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(message.OccurredAt.ToUnixTimeSeconds()),
            Headers = headers,
        };
    }

    /// <summary>A copy of a received message's properties for republishing (retry, replay), without broker headers such as x-death.</summary>
    public static BasicProperties Copy(IReadOnlyBasicProperties source, int attempts, string? lastError)
    {
        var headers = new Dictionary<string, object?>();
        foreach (var name in new[] { OccurredAtHeader, TraceParentHeader, ReplayHeader })
        {
            if (source.Headers?.TryGetValue(name, out var value) == true && value is not null)
            {
                headers[name] = value;
            }
        }

        headers[AttemptsHeader] = attempts;
        if (lastError is not null)
        {
            headers[LastErrorHeader] = lastError.Length > 1000 ? lastError[..1000] : lastError;
        }

        return new BasicProperties
        {
            MessageId = source.MessageId,
            Type = source.Type,
            CorrelationId = source.CorrelationId,
            ContentType = source.ContentType,
            ContentEncoding = source.ContentEncoding,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = source.Timestamp,
            Headers = headers,
        };
    }

    /// <summary>
    /// The W3C traceparent continuing the trace whose id the outbox stored as the correlation id, or null when the
    /// event was not raised inside a trace. With a listener the publish span is the parent; without one, a fresh span id.
    /// </summary>
    public static string? TraceParent(string? correlationId, Activity? publishSpan)
    {
        if (publishSpan is not null)
        {
            return publishSpan.Id;
        }

        return TryTraceId(correlationId, out var traceId)
            ? $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01"
            : null;
    }

    public static bool TryTraceId(string? correlationId, out ActivityTraceId traceId)
    {
        traceId = default;
        if (correlationId is not { Length: 32 } || !correlationId.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString(correlationId);
        return true;
    }

    /// <summary>Reads a delivered message; false when it lacks what a consumer needs (a poison message).</summary>
    public static bool TryRead(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, string consumer, out DeliveredMessage message, out RabbitMqHeaders headers)
    {
        headers = new RabbitMqHeaders(
            Attempts: ReadInt(properties, AttemptsHeader),
            TraceParent: ReadString(properties, TraceParentHeader),
            ReplayOf: Guid.TryParse(ReadString(properties, ReplayHeader), out var replayOf) ? replayOf : null);
        var occurredAt = DateTimeOffset.TryParse(ReadString(properties, OccurredAtHeader), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var occurred)
            ? occurred.ToUniversalTime()
            : DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime);
        if (!Guid.TryParse(properties.MessageId, out var messageId) || string.IsNullOrEmpty(properties.Type))
        {
            message = null!;
            return false;
        }

        message = new DeliveredMessage(
            headers.ReplayOf ?? Guid.Empty,
            messageId,
            consumer,
            properties.Type,
            Encoding.UTF8.GetString(body.Span),
            properties.CorrelationId,
            occurredAt,
            headers.Attempts,
            headers.TraceParent);
        return true;
    }

    private static string? ReadString(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;

    private static int ReadInt(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                int i => i,
                long l => (int)l,
                short s => s,
                byte b => b,
                byte[] bytes when int.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => 0,
            }
            : 0;
}

/// <summary>The transport headers of a delivered message.</summary>
/// <param name="Attempts">Failed attempts before this delivery.</param>
/// <param name="TraceParent">The W3C trace context it was published in.</param>
/// <param name="ReplayOf">The dead-letter row an admin replayed, when this is a replay.</param>
internal sealed record RabbitMqHeaders(int Attempts, string? TraceParent, Guid? ReplayOf);
