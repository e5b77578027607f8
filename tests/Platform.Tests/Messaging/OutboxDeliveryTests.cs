using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging;
using Platform.Messaging.Data;
using Platform.Messaging.Transport;
using Platform.Testing;

namespace Platform.Tests.Messaging;

public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private MessagingHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await MessagingHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static void BillingAndShipping(IServiceCollection services) => services
        .AddIntegrationEventHandler<OrderPlaced, BillingHandler, ShopDbContext>()
        .AddIntegrationEventHandler<OrderPlaced, ShippingHandler, ShopDbContext>();

    [Fact]
    public async Task An_event_rolled_back_with_the_business_change_is_never_delivered()
    {
        var node = await _harness.StartNodeAsync(BillingAndShipping);
        Guid rolledBack;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            rolledBack = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                var order = new Order { Id = Guid.NewGuid(), Reference = "ORD-ROLLBACK", TotalPence = 500 };
                db.Orders.Add(order);
                var id = db.AddIntegrationEvent(new OrderPlaced(order.Id, order.Reference, order.TotalPence));
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
                return id;
            });
        }

        // A later committed event proves the dispatcher and worker have run past the rolled-back one.
        var committed = (await MessagingHarness.PlaceOrdersAsync(node.Services, 1)).Single();
        await MessagingHarness.EventuallyAsync(async () => await _harness.ReceiptCountAsync() == 2, "the committed event reaching both consumers");

        await using var shop = _harness.NewShopContext();
        (await shop.Receipts.Select(r => r.MessageId).Distinct().ToListAsync()).ShouldBe([committed]);
        (await shop.Orders.CountAsync(o => o.Reference == "ORD-ROLLBACK")).ShouldBe(0);
        (await shop.Set<OutboxMessage>().CountAsync(m => m.Id == rolledBack)).ShouldBe(0);
        await using var messaging = _harness.NewMessagingContext();
        (await messaging.Deliveries.CountAsync(d => d.MessageId == rolledBack)).ShouldBe(0);
    }

    [Fact]
    public async Task Committed_events_reach_every_subscribed_consumer_once_with_their_correlation_id()
    {
        var node = await _harness.StartNodeAsync(BillingAndShipping);
        using var request = new Activity("place-orders").SetIdFormat(ActivityIdFormat.W3C).Start();
        var ids = await MessagingHarness.PlaceOrdersAsync(node.Services, 3);
        request.Stop();

        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 6, "six completed deliveries");

        await using var shop = _harness.NewShopContext();
        var receipts = await shop.Receipts.ToListAsync();
        receipts.Count.ShouldBe(6);
        receipts.GroupBy(r => (r.MessageId, r.Consumer)).ShouldAllBe(g => g.Count() == 1);
        receipts.Select(r => r.MessageId).Distinct().OrderBy(id => id).ShouldBe(ids.OrderBy(id => id));
        receipts.ShouldAllBe(r => r.CorrelationId == request.TraceId.ToString());
        (await shop.Set<OutboxMessage>().CountAsync(m => m.DispatchedAt == null)).ShouldBe(0);
        (await shop.Set<InboxMessage>().CountAsync()).ShouldBe(6);
    }

    [Fact]
    public async Task The_consumer_runs_in_a_span_whose_parent_is_the_span_that_raised_the_event()
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

        await MessagingHarness.EventuallyAsync(() => Task.FromResult(spans.Count(s => s.TraceId == request.TraceId) == 4), "four consumer spans in the request's trace");

        var mine = spans.Where(s => s.TraceId == request.TraceId).ToList();
        mine.ShouldAllBe(s => s.Kind == ActivityKind.Consumer && s.ParentSpanId == request.SpanId);
        mine.Select(s => s.GetTagItem("messaging.consumer.group.name")).Distinct().Count().ShouldBe(2);
        await using var shop = _harness.NewShopContext();
        (await shop.Set<OutboxMessage>().Select(m => m.CorrelationId).Distinct().ToListAsync()).ShouldBe([request.Id]);
    }

    [Fact]
    public async Task Committing_events_wakes_the_dispatcher_and_the_worker_without_waiting_for_the_poll()
    {
        _harness.Settings["Messaging:PollInterval"] = "01:00:00";
        var node = await _harness.StartNodeAsync(BillingAndShipping);

        // The first event may be found by the start-up round; after it both workers sleep for an hour.
        await MessagingHarness.PlaceOrdersAsync(node.Services, 1);
        await MessagingHarness.EventuallyAsync(async () => await _harness.ReceiptCountAsync() == 2, "the first event delivered");

        await MessagingHarness.PlaceOrdersAsync(node.Services, 1);
        await MessagingHarness.EventuallyAsync(async () => await _harness.ReceiptCountAsync() == 4, "an event saved without a transaction delivered on the signal");

        await using (var scope = node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.Orders.Add(new Order { Id = Guid.NewGuid(), Reference = "ORD-TX", TotalPence = 700 });
                db.AddIntegrationEvent(new OrderPlaced(Guid.NewGuid(), "ORD-TX", 700));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            });
        }

        await MessagingHarness.EventuallyAsync(async () => await _harness.ReceiptCountAsync() == 6, "an event committed in an explicit transaction delivered on the signal");
    }

    [Fact]
    public async Task A_handler_that_fails_twice_is_retried_with_growing_delays_and_applied_once()
    {
        var clock = new ManualTimeProvider();
        var plan = new FaultPlan { FailuresPerMessage = 2 };
        var node = await _harness.StartNodeAsync(
            s => s.AddSingleton(plan).AddIntegrationEventHandler<OrderPlaced, FlakyHandler, ShopDbContext>(),
            clock);
        var messageId = (await MessagingHarness.PlaceOrdersAsync(node.Services, 1)).Single();

        var first = await WaitForAttemptsAsync(messageId, 1);
        first.Status.ShouldBe(DeliveryStatus.Pending);
        first.LastError!.ShouldContain("InvalidOperationException: Billing system unavailable");
        var firstDelay = first.NextAttemptAt - clock.GetUtcNow();
        firstDelay.ShouldBeInRange(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));

        clock.Set(first.NextAttemptAt);
        var second = await WaitForAttemptsAsync(messageId, 2);
        second.Status.ShouldBe(DeliveryStatus.Pending);
        var secondDelay = second.NextAttemptAt - clock.GetUtcNow();
        secondDelay.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Set(second.NextAttemptAt);
        var third = await WaitForAttemptsAsync(messageId, 3);
        third.Status.ShouldBe(DeliveryStatus.Done);

        await using var shop = _harness.NewShopContext();
        var receipts = await shop.Receipts.Where(r => r.MessageId == messageId).ToListAsync();
        receipts.Count.ShouldBe(1, "the effects of the two failed attempts must have rolled back");
        receipts[0].Attempt.ShouldBe(3);
    }

    [Fact]
    public async Task A_failing_message_handled_in_a_batch_rolls_back_alone_and_its_neighbours_commit()
    {
        var plan = new FaultPlan { FailingReferences = { "ORD-3", "ORD-7" } };
        var node = await _harness.StartNodeAsync(s => s.AddSingleton(plan).AddIntegrationEventHandler<OrderPlaced, FlakyHandler, ShopDbContext>(), start: false);
        // Ten events committed before the node starts: the worker claims them in one round and runs them in one transaction.
        var ids = await MessagingHarness.PlaceOrdersAsync(node.Services, 10);
        await node.StartAsync();

        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 8, "the eight good messages handled");
        await MessagingHarness.EventuallyAsync(async () =>
        {
            await using var messaging = _harness.NewMessagingContext();
            return await messaging.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending && d.Attempts >= 1 && d.LastError != null) == 2;
        }, "the two bad messages failed and scheduled for a retry");

        await using var shop = _harness.NewShopContext();
        var receipts = await shop.Receipts.ToListAsync();
        receipts.Select(r => r.MessageId).OrderBy(id => id).ShouldBe(ids.Where((_, i) => i is not (3 or 7)).OrderBy(id => id),
            "the failed messages' receipts (saved before they threw) must roll back, the others' stay");
        (await shop.Set<InboxMessage>().CountAsync()).ShouldBe(8);
        await using var messagingAfter = _harness.NewMessagingContext();
        var failed = await messagingAfter.Deliveries.Where(d => d.Status == DeliveryStatus.Pending).Select(d => d.MessageId).ToListAsync();
        failed.OrderBy(id => id).ShouldBe(new[] { ids[3], ids[7] }.OrderBy(id => id));
    }

    [Fact]
    public async Task A_delivery_redelivered_after_its_consumer_committed_is_skipped_by_the_inbox()
    {
        var node = await _harness.StartNodeAsync(BillingAndShipping);
        await MessagingHarness.PlaceOrdersAsync(node.Services, 20);
        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 40, "40 completed deliveries");

        // As if the worker had died after each consumer committed but before it marked the delivery done.
        await using (var messaging = _harness.NewMessagingContext())
        {
            await messaging.Deliveries.ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, DeliveryStatus.Pending).SetProperty(x => x.HandledAt, (DateTimeOffset?)null));
        }

        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 40, "the redeliveries to complete");
        (await _harness.ReceiptCountAsync()).ShouldBe(40);
    }

    [Fact]
    public async Task Killing_the_dispatcher_between_publish_and_mark_loses_nothing_and_applies_nothing_twice()
    {
        const int Orders = 300;
        var clock = new ManualTimeProvider();
        _harness.Settings["Messaging:OutboxBatchSize"] = "50";
        var crashing = new CrashAfterPublish();

        var first = await _harness.StartNodeAsync(
            s =>
            {
                BillingAndShipping(s);
                s.AddSingleton<IMessageTransport>(sp => crashing.Wrap(ActivatorUtilities.CreateInstance<InProcessTransport>(sp)));
            },
            clock,
            start: false);
        var ids = await MessagingHarness.PlaceOrdersAsync(first.Services, Orders);
        await first.StartAsync();

        await crashing.Published.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await first.StopAsync();

        // The crash left a batch published but not marked: nothing dispatched, 50 messages already delivered.
        (await _harness.UndispatchedCountAsync()).ShouldBe(Orders);
        (await _harness.DeliveryCountAsync()).ShouldBe(100);

        var second = await _harness.StartNodeAsync(BillingAndShipping, clock);
        clock.Advance(TimeSpan.FromMinutes(1)); // past the 30 s leases the dead node held
        await MessagingHarness.EventuallyAsync(
            async () => await _harness.UndispatchedCountAsync() == 0 && await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 2 * Orders,
            "every event dispatched and delivered after the restart");

        await using var shop = _harness.NewShopContext();
        var receipts = await shop.Receipts.ToListAsync();
        receipts.Count.ShouldBe(2 * Orders);
        receipts.GroupBy(r => (r.MessageId, r.Consumer)).ShouldAllBe(g => g.Count() == 1);
        receipts.Select(r => r.MessageId).Distinct().Count().ShouldBe(Orders);
        receipts.Select(r => r.MessageId).ToHashSet().SetEquals(ids).ShouldBeTrue();

        // The batch in flight at the crash really was published twice.
        (await shop.Set<OutboxMessage>().CountAsync(m => m.Attempts == 2)).ShouldBe(50);
        (await _harness.DeliveryCountAsync()).ShouldBe(2 * Orders);
        second.ShouldNotBeNull();
    }

    [Fact]
    public async Task Two_nodes_dispatching_and_delivering_at_once_apply_every_event_exactly_once()
    {
        const int PerNode = 150;
        _harness.Settings["Messaging:OutboxBatchSize"] = "20";
        _harness.Settings["Messaging:DeliveryBatchSize"] = "10";
        var a = await _harness.StartNodeAsync(BillingAndShipping);
        var b = await _harness.StartNodeAsync(BillingAndShipping);

        var placed = await Task.WhenAll(
            MessagingHarness.PlaceOrdersAsync(a.Services, PerNode, perTransaction: 5),
            MessagingHarness.PlaceOrdersAsync(b.Services, PerNode, perTransaction: 5));

        await MessagingHarness.EventuallyAsync(
            async () => await _harness.UndispatchedCountAsync() == 0 && await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 4 * PerNode,
            "all events delivered by the two nodes");

        await using var shop = _harness.NewShopContext();
        var receipts = await shop.Receipts.ToListAsync();
        receipts.Count.ShouldBe(4 * PerNode);
        receipts.GroupBy(r => (r.MessageId, r.Consumer)).ShouldAllBe(g => g.Count() == 1);
        receipts.Select(r => r.MessageId).ToHashSet().SetEquals(placed.SelectMany(p => p)).ShouldBeTrue();
    }

    [Fact]
    public async Task Monitor_reports_the_undispatched_backlog_and_its_age()
    {
        var clock = new ManualTimeProvider();
        var node = await _harness.StartNodeAsync(BillingAndShipping, clock, start: false);
        await MessagingHarness.PlaceOrdersAsync(node.Services, 3);
        clock.Advance(TimeSpan.FromMinutes(2));

        var status = await node.Services.GetRequiredService<IMessagingMonitor>().GetStatusAsync();

        var outbox = status.Outboxes.ShouldHaveSingleItem();
        outbox.Context.ShouldBe(nameof(ShopDbContext));
        outbox.Undispatched.ShouldBe(3);
        outbox.OldestUndispatchedAge.ShouldBe(TimeSpan.FromMinutes(2));
        status.PendingDeliveries.ShouldBe(0);
        status.DeadDeliveries.ShouldBe(0);
    }

    private async Task<Delivery> WaitForAttemptsAsync(Guid messageId, int attempts)
    {
        Delivery? delivery = null;
        await MessagingHarness.EventuallyAsync(
            async () =>
            {
                await using var messaging = _harness.NewMessagingContext();
                delivery = await messaging.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.MessageId == messageId);
                return delivery is { LockedBy: null } && delivery.Attempts >= attempts;
            },
            $"attempt {attempts} of message {messageId}");
        delivery!.Attempts.ShouldBe(attempts);
        return delivery;
    }

    /// <summary>A transport that publishes one batch and then "dies": it hangs until the host is torn down.</summary>
    private sealed class CrashAfterPublish
    {
        public TaskCompletionSource Published { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IMessageTransport Wrap(IMessageTransport inner) => new Transport(inner, this);

        private sealed class Transport(IMessageTransport inner, CrashAfterPublish owner) : IMessageTransport
        {
            public async Task PublishAsync(IReadOnlyList<MessageEnvelope> messages, CancellationToken cancellationToken)
            {
                await inner.PublishAsync(messages, cancellationToken);
                owner.Published.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
    }
}
