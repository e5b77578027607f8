using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging;
using Platform.Messaging.RabbitMq;

namespace Platform.Tests.Messaging.RabbitMq;

/// <summary>The guarantees of the in-process suite, with RabbitMQ between the outbox and the consumers.</summary>
public sealed class RabbitMqTransportTests : IAsyncLifetime
{
    private RabbitMqHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RabbitMqHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static void BillingAndShipping(IServiceCollection services) => services
        .AddIntegrationEventHandler<OrderPlaced, BillingHandler, ShopDbContext>()
        .AddIntegrationEventHandler<OrderPlaced, ShippingHandler, ShopDbContext>();

    [RabbitMqFact]
    public async Task Every_consumer_handles_every_event_once_in_the_trace_of_the_request_that_raised_it()
    {
        var node = await _harness.StartNodeAsync(s => BillingAndShipping(s.AddIntegrationEventHandler<OrderPlaced, TraceHandler, ShopDbContext>()));
        node.Services.GetRequiredService<IMessageTransportStatus>().Transport.ShouldBe("RabbitMQ");
        using var request = new Activity("place-orders").SetIdFormat(ActivityIdFormat.W3C).Start();
        var ids = await MessagingHarness.PlaceOrdersAsync(node.Services, 20);
        request.Stop();

        await MessagingHarness.EventuallyAsync(
            async () => await _harness.Inner.ReceiptCountAsync() == 60 && await _harness.Inner.UndispatchedCountAsync() == 0,
            "60 receipts and the outbox marked dispatched");

        await using var shop = _harness.Inner.NewShopContext();
        var receipts = await shop.Receipts.ToListAsync();
        receipts.Count.ShouldBe(60);
        receipts.GroupBy(r => (r.MessageId, r.Consumer)).ShouldAllBe(g => g.Count() == 1);
        receipts.Select(r => r.MessageId).ToHashSet().SetEquals(ids).ShouldBeTrue();
        receipts.ShouldAllBe(r => r.CorrelationId == request.TraceId.ToString(), "the correlation id and the consumer's ambient trace are the request's trace");
        receipts.ShouldAllBe(r => r.Attempt == 1);
        (await shop.Set<InboxMessage>().CountAsync()).ShouldBe(60);
        (await _harness.Inner.DeliveryCountAsync()).ShouldBe(0, "RabbitMQ mode writes deliveries rows only for dead letters");
        (await node.Services.GetRequiredService<IMessageTransportStatus>().ProbeAsync(CancellationToken.None)).ShouldBeTrue();
    }

    [RabbitMqFact]
    public async Task The_publish_span_is_a_child_of_the_span_that_raised_the_event_and_the_consumer_span_a_child_of_the_publish()
    {
        var spans = new System.Collections.Concurrent.ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Platform.Messaging",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var node = await _harness.StartNodeAsync(BillingAndShipping);
        using var request = new Activity("place-orders").SetIdFormat(ActivityIdFormat.W3C).Start();
        await MessagingHarness.PlaceOrdersAsync(node.Services, 2);
        request.Stop();

        await MessagingHarness.EventuallyAsync(
            () => Task.FromResult(spans.Count(s => s.TraceId == request.TraceId && s.Kind == ActivityKind.Consumer) == 4), "four consumer spans in the request's trace");

        var publishes = spans.Where(s => s.TraceId == request.TraceId && s.Kind == ActivityKind.Producer).ToList();
        publishes.Count.ShouldBe(2);
        publishes.ShouldAllBe(s => s.ParentSpanId == request.SpanId);
        var publishIds = publishes.Select(s => s.SpanId).ToHashSet();
        spans.Where(s => s.TraceId == request.TraceId && s.Kind == ActivityKind.Consumer).ShouldAllBe(s => publishIds.Contains(s.ParentSpanId));
    }

    [RabbitMqFact]
    public async Task A_node_without_consumers_connects_and_declares_the_exchange_at_start()
    {
        var node = await _harness.StartNodeAsync();

        (await node.Services.GetRequiredService<IMessageTransportStatus>().ProbeAsync(CancellationToken.None)).ShouldBeTrue();
        var exchange = node.Services.GetRequiredService<RabbitMqTopology>().Exchange;
        await MessagingHarness.EventuallyAsync(
            async () =>
            {
                await using var connection = await _harness.ConnectAsync();
                await using var channel = await connection.CreateChannelAsync();
                try
                {
                    await channel.ExchangeDeclarePassiveAsync(exchange);
                    return true;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    return false;
                }
            },
            "the events exchange to exist");
    }

    [RabbitMqFact]
    public async Task A_handler_that_fails_twice_is_retried_through_the_delay_queues_and_applied_once()
    {
        var plan = new FaultPlan { FailuresPerMessage = 2 };
        var node = await _harness.StartNodeAsync(s => s.AddSingleton(plan).AddIntegrationEventHandler<OrderPlaced, FlakyHandler, ShopDbContext>());
        var ids = await MessagingHarness.PlaceOrdersAsync(node.Services, 5);

        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.ReceiptCountAsync("flaky") == 5, "every order handled after its retries");

        await using var shop = _harness.Inner.NewShopContext();
        var receipts = await shop.Receipts.ToListAsync();
        receipts.Count.ShouldBe(5, "the effects of the failed attempts must have rolled back");
        receipts.ShouldAllBe(r => r.Attempt == 3);
        ids.ShouldAllBe(id => plan.Failures[id] == 2);
        (await _harness.Inner.DeliveryCountAsync()).ShouldBe(0);
    }

    [RabbitMqFact]
    public async Task A_consumer_that_dies_after_committing_but_before_acking_gets_the_message_again_and_the_inbox_skips_it()
    {
        var freeze = new FreezeAfterConsumerCommit();
        await using var network = new TcpProxy(_harness.Broker);
        network.Start();
        try
        {
            _harness.Settings["Messaging:RabbitMQ:Uri"] = network.Uri.ToString();
            var dying = await _harness.StartNodeAsync(s => s
                .AddIntegrationEventHandler<OrderPlaced, BillingHandler, ShopDbContext>()
                .ConfigureDbContext<ShopDbContext>(o => o.AddInterceptors(freeze)));
            var messageId = (await MessagingHarness.PlaceOrdersAsync(dying.Services, 1)).Single();
            await freeze.Committed.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // The node "dies" between commit and ack: its sockets drop, so the broker takes the unacked message back.
            await network.SeverAsync();
            _harness.Settings["Messaging:RabbitMQ:Uri"] = _harness.Broker.ToString();
            await _harness.StartNodeAsync(s => s.AddIntegrationEventHandler<OrderPlaced, BillingHandler, ShopDbContext>());

            await MessagingHarness.EventuallyAsync(
                () => Task.FromResult(_harness.Logs.Messages.Any(m => m.Contains($"Message {messageId} was already handled by {typeof(BillingHandler).FullName}", StringComparison.Ordinal))),
                "the redelivered message to be skipped by the inbox");

            (await _harness.Inner.ReceiptCountAsync()).ShouldBe(1);
            await using var shop = _harness.Inner.NewShopContext();
            (await shop.Set<InboxMessage>().CountAsync()).ShouldBe(1);
            var topology = dying.Services.GetRequiredService<RabbitMqTopology>();
            (await _harness.MessageCountAsync(topology.QueueOf(typeof(BillingHandler).FullName!))).ShouldBe(0u);
        }
        finally
        {
            freeze.Release.TrySetResult();
        }
    }

    [RabbitMqFact]
    public async Task A_node_that_loses_the_broker_keeps_events_in_the_outbox_and_recovers_on_its_own()
    {
        await using var network = new TcpProxy(_harness.Broker);
        network.Start();
        _harness.Settings["Messaging:RabbitMQ:Uri"] = network.Uri.ToString();
        var node = await _harness.StartNodeAsync(s => s.AddIntegrationEventHandler<OrderPlaced, BillingHandler, ShopDbContext>());
        await MessagingHarness.PlaceOrdersAsync(node.Services, 2);
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.ReceiptCountAsync() == 2, "the first events handled");
        var status = node.Services.GetRequiredService<IMessageTransportStatus>();
        status.IsConnected.ShouldBeTrue();

        await network.SeverAsync();
        await MessagingHarness.EventuallyAsync(() => Task.FromResult(!status.IsConnected), "the node to notice the lost connection");
        await MessagingHarness.PlaceOrdersAsync(node.Services, 3);
        await MessagingHarness.EventuallyAsync(
            async () =>
            {
                await using var shop = _harness.Inner.NewShopContext();
                return await shop.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null && m.Attempts >= 1 && m.LockedBy == null) == 3;
            },
            "a failed publish that left the events in the outbox");
        (await _harness.Inner.ReceiptCountAsync()).ShouldBe(2);

        network.Start();
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.ReceiptCountAsync() == 5, "the outbox drained and consumed after recovery");
        await MessagingHarness.EventuallyAsync(() => Task.FromResult(status.IsConnected), "the node to report the connection back");

        // The consumer can handle a message before the dispatcher that published it has marked its outbox row.
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.UndispatchedCountAsync() == 0, "the outbox rows marked dispatched");
        (await _harness.Inner.ReceiptCountAsync()).ShouldBe(5);
    }

    [RabbitMqFact]
    public async Task Two_nodes_consuming_the_same_queues_handle_every_message_once()
    {
        const int PerNode = 100;
        _harness.Settings["Messaging:OutboxBatchSize"] = "20";
        _harness.Settings["Messaging:RabbitMQ:Prefetch"] = "5";
        var a = await _harness.StartNodeAsync(BillingAndShipping);
        var b = await _harness.StartNodeAsync(BillingAndShipping);

        var placed = await Task.WhenAll(
            MessagingHarness.PlaceOrdersAsync(a.Services, PerNode, perTransaction: 5),
            MessagingHarness.PlaceOrdersAsync(b.Services, PerNode, perTransaction: 5));

        await MessagingHarness.EventuallyAsync(
            async () => await _harness.Inner.UndispatchedCountAsync() == 0 && await _harness.Inner.ReceiptCountAsync() == 4 * PerNode,
            "all events handled by the two nodes");

        await using var shop = _harness.Inner.NewShopContext();
        var receipts = await shop.Receipts.ToListAsync();
        receipts.Count.ShouldBe(4 * PerNode);
        receipts.GroupBy(r => (r.MessageId, r.Consumer)).ShouldAllBe(g => g.Count() == 1);
        receipts.Select(r => r.MessageId).ToHashSet().SetEquals(placed.SelectMany(p => p)).ShouldBeTrue();
    }

    [RabbitMqFact]
    public async Task Publishing_to_a_missing_exchange_throws_and_the_next_batch_declares_it_again()
    {
        var node = await _harness.StartNodeAsync(s => s.AddIntegrationEventHandler<OrderPlaced, BillingHandler, ShopDbContext>());
        var transport = node.Services.GetRequiredService<IMessageTransport>();
        var topology = node.Services.GetRequiredService<RabbitMqTopology>();
        await transport.PublishAsync([Envelope()], CancellationToken.None);
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.ReceiptCountAsync() == 1, "the first message handled");

        await using (var connection = await _harness.ConnectAsync())
        {
            await using var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeleteAsync(topology.Exchange, ifUnused: false);
        }

        await Should.ThrowAsync<Exception>(() => transport.PublishAsync([Envelope()], CancellationToken.None));

        await transport.PublishAsync([Envelope()], CancellationToken.None);
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.ReceiptCountAsync() == 2, "a message published after the exchange was declared again");
    }

    [RabbitMqFact]
    public async Task With_the_broker_unreachable_publishing_throws_the_outbox_keeps_the_events_and_the_node_reports_it()
    {
        _harness.Settings["Messaging:RabbitMQ:Uri"] = RabbitMqHarness.FreeLocalUri();
        var node = await _harness.StartNodeAsync(s => s.AddIntegrationEventHandler<OrderPlaced, BillingHandler, ShopDbContext>());
        await MessagingHarness.PlaceOrdersAsync(node.Services, 3);

        await MessagingHarness.EventuallyAsync(
            async () =>
            {
                await using var shop = _harness.Inner.NewShopContext();
                return await shop.Set<OutboxMessage>().CountAsync(m => m.Attempts >= 2 && m.LockedBy == null) == 3;
            },
            "the dispatcher to have tried twice and given the rows back");

        await Should.ThrowAsync<Exception>(() => node.Services.GetRequiredService<IMessageTransport>().PublishAsync([Envelope()], CancellationToken.None));
        (await _harness.Inner.UndispatchedCountAsync()).ShouldBe(3);
        var status = node.Services.GetRequiredService<IMessageTransportStatus>();
        (await status.ProbeAsync(CancellationToken.None)).ShouldBeFalse();
        status.IsConnected.ShouldBeFalse();
        status.Detail.ShouldContain("127.0.0.1");
    }

    private static MessageEnvelope Envelope()
    {
        var order = new OrderPlaced(Guid.NewGuid(), "ORD-DIRECT", 100);
        return new MessageEnvelope(Guid.CreateVersion7(), IntegrationEventNames.Of<OrderPlaced>(),
            System.Text.Json.JsonSerializer.Serialize(order, System.Text.Json.JsonSerializerOptions.Web), DateTimeOffset.UtcNow, null);
    }
}
