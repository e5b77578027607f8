using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Messaging.Admin;
using Platform.Messaging.Data;
using Platform.Messaging.Inbox;
using Platform.Messaging.Internal;
using Platform.Messaging.Outbox;
using Platform.Messaging.RabbitMq;
using Platform.Messaging.Transport;
using Platform.Persistence;

namespace Platform.Messaging;

/// <summary>Registration of messaging in a product host and in its modules.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the messaging module once per host: its <c>messaging</c> DbContext and migrations (call after
    /// <c>AddPlatformPersistence</c>), the transport chosen by <c>Messaging:Transport</c> (<c>InProcess</c>, the
    /// default: durable queue table and delivery worker; <c>RabbitMQ</c>: broker transport and consumer host, settings
    /// in <see cref="RabbitMqOptions"/>) unless another <see cref="IMessageTransport"/> was registered first,
    /// <see cref="IMessageTransportStatus"/>, <see cref="IMessagingMonitor"/> and <see cref="MessagingOptions"/>
    /// from the <c>Messaging</c> section.
    /// </summary>
    public static IServiceCollection AddPlatformMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(DeliverySignal)))
        {
            return services;
        }

        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.SectionName))
            .Validate(o => o.MaxAttempts >= 1 && o.OutboxBatchSize >= 1 && o.DeliveryBatchSize >= 1, "Messaging: MaxAttempts and batch sizes must be at least 1.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.LeaseDuration > TimeSpan.Zero && o.RetryBaseDelay >= TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay,
                "Messaging: PollInterval and LeaseDuration must be positive and RetryMaxDelay at least RetryBaseDelay.")
            .ValidateOnStart();
        AddCommon(services);
        services.AddModuleDbContext<MessagingDbContext>(MessagingDbContext.Module);
        services.AddSingleton<DeliverySignal>();
        services.TryAddSingleton<ConsumerRegistry>();
        services.TryAddSingleton<IMessagingMonitor, MessagingMonitor>();
        services.TryAddScoped<IDeadLetters, DeadLetters>();
        var transport = configuration[$"{MessagingOptions.SectionName}:Transport"];
        if (string.Equals(transport, MessageTransports.RabbitMq, StringComparison.OrdinalIgnoreCase))
        {
            AddRabbitMq(services, configuration);
        }
        else if (string.IsNullOrWhiteSpace(transport) || string.Equals(transport, MessageTransports.InProcess, StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddSingleton<IMessageTransport, InProcessTransport>();
            services.TryAddSingleton<IMessageTransportStatus, InProcessTransportStatus>();
            services.TryAddSingleton<IDeadLetterReplayer, InProcessReplayer>();
            services.AddHostedService<DeliveryWorker>();
        }
        else
        {
            throw new InvalidOperationException($"Messaging:Transport '{transport}' is unknown; use {MessageTransports.InProcess} (default) or {MessageTransports.RabbitMq}.");
        }

        return services;
    }

    /// <summary>
    /// Runs a dispatcher for <typeparamref name="TContext"/>'s outbox on this node. The context must call
    /// <c>modelBuilder.AddOutbox()</c>; its SaveChanges wake the dispatcher as soon as events commit, and the
    /// dispatcher also polls (<see cref="MessagingOptions.PollInterval"/>) for events written on other nodes.
    /// </summary>
    public static IServiceCollection AddOutboxDispatcher<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        if (services.Any(d => d.ImplementationInstance is OutboxRegistration r && r.ContextType == typeof(TContext)))
        {
            return services;
        }

        AddCommon(services);
        services.AddSingleton(new OutboxRegistration(typeof(TContext)));
        services.AddSingleton<OutboxSignal<TContext>>();
        services.AddSingleton<OutboxSignalInterceptor<TContext>>();
        services.ConfigureDbContext<TContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<OutboxSignalInterceptor<TContext>>()));
        services.AddHostedService<OutboxDispatcher<TContext>>();
        return services;
    }

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <typeparamref name="TEvent"/>. Each message runs once per
    /// handler, in a new scope, inside a transaction on the consumer module's <typeparamref name="TContext"/>
    /// (which must call <c>modelBuilder.AddInbox()</c>). The consumer name stored in deliveries and the inbox is
    /// the handler's full type name: renaming the handler class starts a new subscription.
    /// </summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler, TContext>(this IServiceCollection services)
        where TEvent : class
        where THandler : class, IIntegrationEventHandler<TEvent>
        where TContext : DbContext
    {
        var invoker = new ConsumerInvoker<TEvent, THandler, TContext>();
        if (services.Any(d => d.ImplementationInstance is IConsumerInvoker existing && existing.Consumer == invoker.Consumer))
        {
            throw new InvalidOperationException($"Consumer {invoker.Consumer} is registered twice; one handler type handles one event type.");
        }

        services.TryAddScoped<THandler>();
        services.AddSingleton<IConsumerInvoker>(invoker);
        return services;
    }

    /// <summary>
    /// RabbitMQ: the transport publishes to the broker, a consumer host per node consumes the consumer queues, and
    /// dead letters are recorded in (and replayed from) the deliveries table. No delivery worker runs.
    /// </summary>
    private static void AddRabbitMq(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RabbitMqOptions>()
            .Bind(configuration.GetSection(RabbitMqOptions.SectionName))
            .Validate(o => o.Uri.Scheme is "amqp" or "amqps", "Messaging:RabbitMQ:Uri must be an amqp:// or amqps:// URI.")
            .Validate(o => o.ConfirmTimeout > TimeSpan.Zero && o.ReconnectDelay > TimeSpan.Zero, "Messaging:RabbitMQ: ConfirmTimeout and ReconnectDelay must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<RabbitMqConnections>();
        services.TryAddSingleton<IMessageTransportStatus>(sp => sp.GetRequiredService<RabbitMqConnections>());
        services.TryAddSingleton<RabbitMqTopology>();
        services.TryAddSingleton<RabbitMqDeadLetters>();
        services.TryAddSingleton<IDeadLetterReplayer>(sp => sp.GetRequiredService<RabbitMqDeadLetters>());
        services.TryAddSingleton<RabbitMqTransport>();
        services.TryAddSingleton<IMessageTransport>(sp => sp.GetRequiredService<RabbitMqTransport>());
        services.TryAddSingleton<IQueueDepthProbe, RabbitMqQueueDepths>();
        services.AddHostedService<RabbitMqConsumerHost>();
    }

    private static void AddCommon(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MessagingNode>();
    }
}
