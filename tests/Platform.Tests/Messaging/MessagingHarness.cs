using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Messaging;
using Platform.Messaging.Data;
using Platform.Persistence;
using Platform.Testing;

namespace Platform.Tests.Messaging;

/// <summary>
/// One test database shared by several "nodes": each node is a real generic host with the messaging module,
/// the shop module's outbox dispatcher, the delivery worker and whichever consumers the test subscribes.
/// </summary>
internal sealed class MessagingHarness : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private MessagingHarness(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public DatabaseProvider Provider => Database.Database.Provider;

    /// <summary>Fast polling so tests do not wait on the 1 s default; everything else at its default unless overridden.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Messaging:PollInterval"] = "00:00:00.050",
    };

    public static async Task<MessagingHarness> CreateAsync()
    {
        var harness = new MessagingHarness(await TestDatabase.CreateAsync());
        var runner = new MigrationRunner(NullLogger<MigrationRunner>.Instance, TimeProvider.System);
        await using (var messaging = new MessagingDbContext(SchemaAssert.Options<MessagingDbContext>(harness.Database.Database)))
        {
            await runner.MigrateAsync(messaging, MessagingDbContext.Module, MigrationScript.FromAssembly(typeof(MessagingDbContext).Assembly, harness.Provider));
        }

        await using (var shop = harness.NewShopContext())
        {
            await runner.MigrateAsync(shop, ShopDbContext.Module, ShopScripts.For(harness.Provider));
        }

        return harness;
    }

    public ShopDbContext NewShopContext() => new(SchemaAssert.Options<ShopDbContext>(Database.Database));

    public MessagingDbContext NewMessagingContext() => new(SchemaAssert.Options<MessagingDbContext>(Database.Database));

    public IConfiguration Configuration() => Database.ToConfiguration([.. Settings]);

    /// <summary>Registers what every node of the test product has; <paramref name="configure"/> adds consumers or fakes.</summary>
    public void ConfigureNode(IServiceCollection services, IConfiguration configuration, TimeProvider? time, Action<IServiceCollection>? configure)
    {
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        configure?.Invoke(services);
        services.AddPlatformPersistence(configuration, Database.Database.Product);
        services.AddPlatformMessaging(configuration);
        services.AddModuleDbContext<ShopDbContext>(ShopDbContext.Module);
        services.AddOutboxDispatcher<ShopDbContext>();
    }

    public async Task<IHost> StartNodeAsync(Action<IServiceCollection>? configure = null, TimeProvider? time = null, bool start = true)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = Configuration();
        builder.Configuration.AddConfiguration(configuration);
        ConfigureNode(builder.Services, configuration, time, configure);
        var host = builder.Build();
        _hosts.Add(host);
        if (start)
        {
            await host.StartAsync();
        }

        return host;
    }

    /// <summary>Places orders, each with its event, in transactions of <paramref name="perTransaction"/> through a node's own context.</summary>
    public static async Task<List<Guid>> PlaceOrdersAsync(IServiceProvider node, int count, int perTransaction = 10)
    {
        var ids = new List<Guid>();
        for (var placed = 0; placed < count; placed += perTransaction)
        {
            await using var scope = node.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            for (var i = placed; i < Math.Min(count, placed + perTransaction); i++)
            {
                var order = new Order { Id = Guid.NewGuid(), Reference = "ORD-" + i.ToString(CultureInfo.InvariantCulture), TotalPence = 1000 + i };
                db.Orders.Add(order);
                ids.Add(db.AddIntegrationEvent(new OrderPlaced(order.Id, order.Reference, order.TotalPence)));
            }

            await db.SaveChangesAsync();
        }

        return ids;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling the database; fails with <paramref name="what"/> after a generous deadline.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<int> ReceiptCountAsync(string? consumer = null)
    {
        await using var db = NewShopContext();
        return await db.Receipts.CountAsync(r => consumer == null || r.Consumer == consumer);
    }

    public async Task<int> DeliveryCountAsync(string? status = null)
    {
        await using var db = NewMessagingContext();
        return await db.Deliveries.CountAsync(d => status == null || d.Status == status);
    }

    public async Task<int> UndispatchedCountAsync()
    {
        await using var db = NewShopContext();
        return await db.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await host.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Already stopping.
            }

            host.Dispose();
        }

        await Database.DisposeAsync();
    }
}
