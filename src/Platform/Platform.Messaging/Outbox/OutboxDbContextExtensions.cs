using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging.Internal;

namespace Platform.Messaging;

/// <summary>Writing integration events into a module's outbox.</summary>
public static class OutboxDbContextExtensions
{
    /// <summary>
    /// Adds <paramref name="integrationEvent"/> to the context's outbox. It is written by the caller's next
    /// SaveChanges, in the same transaction as the business change, and sent only after that commits; if the
    /// change rolls back, the event never existed. The context must map the outbox (<c>modelBuilder.AddOutbox()</c>).
    /// </summary>
    /// <returns>The message id.</returns>
    public static Guid AddIntegrationEvent<TEvent>(this DbContext context, TEvent integrationEvent)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var now = ApplicationServices(context)?.GetService<TimeProvider>()?.GetUtcNow() ?? TimeProvider.System.GetUtcNow();
        var eventType = integrationEvent.GetType();
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = IntegrationEventNames.Of(eventType),
            Payload = JsonSerializer.Serialize(integrationEvent, eventType, JsonSerializerOptions.Web),
            OccurredAt = now,
            CorrelationId = MessagingTelemetry.CurrentTraceParent(),
        };
        context.Set<OutboxMessage>().Add(message);
        return message.Id;
    }

    private static IServiceProvider? ApplicationServices(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
}
