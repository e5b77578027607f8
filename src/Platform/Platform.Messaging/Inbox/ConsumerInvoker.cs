using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging.Internal;

namespace Platform.Messaging.Inbox;

/// <summary>A message as the delivery worker hands it to a consumer.</summary>
/// <remarks><paramref name="TraceParent"/>: the trace context the message travelled with (a traceparent, or a bare trace id from older rows).</remarks>
internal sealed record DeliveredMessage(Guid DeliveryId, Guid MessageId, string Consumer, string MessageType, string Payload, string? CorrelationId, DateTimeOffset OccurredAt, int Attempts, string? TraceParent = null);

/// <summary>Runs one registered consumer for a delivered message.</summary>
internal interface IConsumerInvoker
{
    string Consumer { get; }

    string MessageType { get; }

    /// <summary>Handles the message once: returns false when the inbox shows it was already handled.</summary>
    Task<bool> InvokeAsync(IServiceProvider services, DeliveredMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Handles several messages in one transaction, each under its own savepoint: a message whose handler fails is
    /// rolled back alone and its exception returned at its index (null: handled, or already handled before).
    /// </summary>
    Task<Exception?[]> InvokeManyAsync(IServiceProvider services, IReadOnlyList<DeliveredMessage> messages, CancellationToken cancellationToken);
}

/// <summary>
/// Idempotent consumer: in a new scope and one transaction on the consumer module's context, skip if the inbox
/// has (message, consumer); otherwise run the handler and add the inbox row; commit. The inbox primary key makes
/// a concurrent duplicate fail at commit and roll back rather than apply twice.
/// </summary>
internal sealed class ConsumerInvoker<TEvent, THandler, TContext> : IConsumerInvoker
    where TEvent : class
    where THandler : class, IIntegrationEventHandler<TEvent>
    where TContext : DbContext
{
    /// <summary>
    /// The handler's full name; a generic handler (one class for several events, e.g. an audit trail) is named by its
    /// definition and the event, <c>Ns.AuditTrail[nots.driver-onboarded.v1]</c>, short and stable across versions.
    /// </summary>
    public string Consumer { get; } = typeof(THandler).IsGenericType
        ? $"{typeof(THandler).Namespace}.{typeof(THandler).Name[..typeof(THandler).Name.IndexOf('`', StringComparison.Ordinal)]}[{IntegrationEventNames.Of<TEvent>()}]"
        : typeof(THandler).FullName ?? typeof(THandler).Name;

    public string MessageType { get; } = IntegrationEventNames.Of<TEvent>();

    public async Task<bool> InvokeAsync(IServiceProvider services, DeliveredMessage message, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var time = scope.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        var strategy = context.Database.CreateExecutionStrategy();
        try
        {
            var handled = await HandleOnceAsync(scope.ServiceProvider, context, strategy, time, message, cancellationToken);
            if (handled)
            {
                MessagingTelemetry.Handled.Add(1, new KeyValuePair<string, object?>("consumer", Consumer));
            }

            return handled;
        }
        catch (DbUpdateException)
        {
            // Another worker handled the same message at the same moment (its lease had run out); the inbox
            // key made this attempt roll back, so nothing was applied twice.
            if (await AlreadyHandledAsync(services, message, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    public async Task<Exception?[]> InvokeManyAsync(IServiceProvider services, IReadOnlyList<DeliveredMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outcomes = new Exception?[messages.Count];
        if (messages.Count == 1)
        {
            outcomes[0] = await TryInvokeAsync(services, messages[0], cancellationToken);
            return outcomes;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            var time = scope.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            try
            {
                await context.Database.CreateExecutionStrategy().ExecuteAsync(
                    token => HandleManyAsync(scope.ServiceProvider, context, time, messages, outcomes, token), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The transaction as a whole failed (e.g. another worker committed one of these messages at the same
                // moment, or the commit itself failed): nothing of this batch was applied; run each alone, so each
                // gets its own outcome (the inbox decides what was already handled) and its own retry schedule.
                for (var i = 0; i < messages.Count; i++)
                {
                    outcomes[i] = await TryInvokeAsync(services, messages[i], cancellationToken);
                }

                return outcomes;
            }
        }

        // A unique-key failure inside the batch: another worker handled that message at the same moment.
        for (var i = 0; i < messages.Count; i++)
        {
            if (outcomes[i] is DbUpdateException && await AlreadyHandledAsync(services, messages[i], cancellationToken))
            {
                outcomes[i] = null;
            }
        }

        return outcomes;
    }

    private async Task<Exception?> TryInvokeAsync(IServiceProvider services, DeliveredMessage message, CancellationToken cancellationToken)
    {
        using var span = MessagingTelemetry.StartProcessSpan(message.MessageType, Consumer, message.MessageId, "in-process", message.TraceParent);
        try
        {
            await InvokeAsync(services, message, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            return ex;
        }
    }

    private async Task<bool> HandleManyAsync(IServiceProvider scope, TContext context, TimeProvider time, IReadOnlyList<DeliveredMessage> messages, Exception?[] outcomes, CancellationToken token)
    {
        // A retried attempt of the execution strategy starts from a clean slate.
        context.ChangeTracker.Clear();
        Array.Clear(outcomes);
        await using var transaction = await context.Database.BeginTransactionAsync(token);
        var inbox = context.Set<InboxMessage>();
        var ids = messages.Select(m => m.MessageId).Distinct().ToList();
        var handled = (await inbox.Where(i => i.Consumer == Consumer && ids.Contains(i.MessageId)).Select(i => i.MessageId).ToListAsync(token)).ToHashSet();
        var count = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (!handled.Add(message.MessageId))
            {
                continue;
            }

            using var span = MessagingTelemetry.StartProcessSpan(message.MessageType, Consumer, message.MessageId, "in-process", message.TraceParent);
            await transaction.CreateSavepointAsync("message", token);
            try
            {
                await HandleAndRecordAsync(scope, context, time, message, token);
                await transaction.ReleaseSavepointAsync("message", token);
                // The next message reads what this one wrote, not entities tracked before its bulk updates.
                context.ChangeTracker.Clear();
                count++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                await transaction.RollbackToSavepointAsync("message", token);
                context.ChangeTracker.Clear();
                handled.Remove(message.MessageId);
                outcomes[i] = ex;
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            }
        }

        await transaction.CommitAsync(token);
        if (count > 0)
        {
            MessagingTelemetry.Handled.Add(count, new KeyValuePair<string, object?>("consumer", Consumer));
        }

        return true;
    }

    private async Task<bool> AlreadyHandledAsync(IServiceProvider services, DeliveredMessage message, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        return await context.Set<InboxMessage>().AnyAsync(i => i.MessageId == message.MessageId && i.Consumer == Consumer, cancellationToken);
    }

    private async Task<bool> HandleOnceAsync(IServiceProvider scope, TContext context, IExecutionStrategy strategy, TimeProvider time, DeliveredMessage message, CancellationToken cancellationToken)
    {
        return await strategy.ExecuteAsync(
            async token =>
            {
                // A retried attempt of the execution strategy starts from a clean slate.
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync(token);
                var inbox = context.Set<InboxMessage>();
                if (await inbox.AnyAsync(i => i.MessageId == message.MessageId && i.Consumer == Consumer, token))
                {
                    return false;
                }

                await HandleAndRecordAsync(scope, context, time, message, token);
                await transaction.CommitAsync(token);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs the handler and adds the inbox row, inside the caller's transaction; saves both.</summary>
    private async Task HandleAndRecordAsync(IServiceProvider scope, TContext context, TimeProvider time, DeliveredMessage message, CancellationToken token)
    {
        var integrationEvent = JsonSerializer.Deserialize<TEvent>(message.Payload, JsonSerializerOptions.Web)
            ?? throw new JsonException($"Message {message.MessageId} has an empty payload.");
        await scope.GetRequiredService<THandler>().HandleAsync(
            integrationEvent,
            new MessageContext(message.MessageId, message.MessageType, message.OccurredAt, message.CorrelationId, message.Attempts + 1),
            token);
        context.Set<InboxMessage>().Add(new InboxMessage
        {
            MessageId = message.MessageId,
            Consumer = Consumer,
            MessageType = message.MessageType,
            HandledAt = time.GetUtcNow(),
        });
        await context.SaveChangesAsync(token);
    }
}

/// <summary>The consumers registered in this process, by message type and by name.</summary>
internal sealed class ConsumerRegistry
{
    private readonly Dictionary<string, IConsumerInvoker> _byConsumer;
    private readonly Dictionary<string, string[]> _byMessageType;

    public ConsumerRegistry(IEnumerable<IConsumerInvoker> invokers)
    {
        var all = invokers.ToList();
        All = all;
        _byConsumer = all.ToDictionary(i => i.Consumer, StringComparer.Ordinal);
        _byMessageType = all.GroupBy(i => i.MessageType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.Consumer).ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<IConsumerInvoker> All { get; }

    public IReadOnlyList<string> ConsumersOf(string messageType) =>
        _byMessageType.TryGetValue(messageType, out var consumers) ? consumers : [];

    public IConsumerInvoker? Find(string consumer) => _byConsumer.GetValueOrDefault(consumer);
}
