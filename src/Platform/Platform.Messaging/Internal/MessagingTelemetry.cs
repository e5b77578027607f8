using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Messaging.Internal;

/// <summary>
/// The messaging spans and counters, and how trace context is kept with a message. The outbox's
/// <c>correlation_id</c> column stores the W3C <c>traceparent</c> of the span that raised the event (rows written
/// before that stored the bare trace id; both are read), so the span that handles the event is a child of the request
/// that raised it, whichever transport carried it. Handlers and AMQP properties still see the trace id as the
/// correlation id.
/// </summary>
internal static class MessagingTelemetry
{
    public const string Name = "Platform.Messaging";

    /// <summary>Publish and process spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Dispatched = Meter.CreateCounter<long>(
        "platform.messaging.outbox.dispatched", "{message}", "Outbox messages handed to the transport.");

    public static readonly Counter<long> Handled = Meter.CreateCounter<long>(
        "platform.messaging.inbox.handled", "{message}", "Messages a consumer handled and committed with its inbox row.");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "platform.messaging.handler.failures", "{message}", "Handler attempts that threw and were rolled back.");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "platform.messaging.dead_lettered", "{message}", "Messages given up on after the last attempt.");

    /// <summary>What the outbox stores for the ambient span: its W3C id, or null outside a trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity && activity.TraceId != default ? activity.Id : null;

    /// <summary>The trace id of a stored value (a traceparent or, from older rows, the bare trace id); other values as they are.</summary>
    public static string? TraceIdOf(string? stored) =>
        ActivityContext.TryParse(stored, null, out var context) ? context.TraceId.ToHexString() : stored;

    /// <summary>The stored value when it is a full traceparent, else null.</summary>
    public static string? TraceParentOf(string? stored) =>
        ActivityContext.TryParse(stored, null, out _) ? stored : null;

    /// <summary>
    /// The remote parent for a span continuing a stored value: the traceparent itself, or for a bare trace id a
    /// fresh span id in that trace; default (a new trace) when there is neither.
    /// </summary>
    public static ActivityContext ParentOf(string? stored)
    {
        if (ActivityContext.TryParse(stored, null, out var context))
        {
            return context;
        }

        if (stored is { Length: 32 } && stored.All(char.IsAsciiHexDigitLower))
        {
            return new ActivityContext(ActivityTraceId.CreateFromString(stored), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        }

        return default;
    }

    /// <summary>
    /// A consumer span (or, with no listener, a bare activity so logs and events raised by the handler stay in the
    /// trace) parented on <paramref name="parent"/>.
    /// </summary>
    public static Activity? StartProcessSpan(string messageType, string consumer, Guid messageId, string system, string? parent)
    {
        var name = $"{messageType} process";
        var context = ParentOf(parent);
        var span = Source.StartActivity(name, ActivityKind.Consumer, context);
        if (span is null && context != default)
        {
            span = new Activity(name).SetParentId(context.TraceId, context.SpanId, context.TraceFlags).Start();
        }

        span?.SetTag("messaging.system", system);
        span?.SetTag("messaging.consumer.group.name", consumer);
        span?.SetTag("messaging.message.id", messageId.ToString());
        return span;
    }
}
