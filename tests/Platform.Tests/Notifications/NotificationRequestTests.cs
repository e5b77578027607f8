using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Notifications;
using Platform.Notifications.Data;
using Platform.Persistence;
using Platform.Tests.Messaging;

namespace Platform.Tests.Notifications;

/// <summary>
/// Notifications asked for through a module's outbox: sent once after the business change commits, never when it
/// rolls back, and a bad request ends in the dead letters instead of blocking the queue.
/// </summary>
public sealed class NotificationRequestTests : IAsyncLifetime
{
    private MessagingHarness _harness = null!;
    private IHost _node = null!;
    private string _pickup = null!;

    public async Task InitializeAsync()
    {
        _harness = await MessagingHarness.CreateAsync();
        _pickup = Path.Combine(_harness.Database.ScratchDirectory, "mail-" + Guid.NewGuid().ToString("N"));
        _harness.Settings["Email:PickupDirectory"] = _pickup;
        _harness.Settings["Messaging:RetryBaseDelay"] = "00:00:00.050";
        _harness.Settings["Messaging:RetryMaxDelay"] = "00:00:00.100";
        _harness.Settings["Messaging:MaxAttempts"] = "2";
        var configuration = _harness.Configuration();
        _node = await _harness.StartNodeAsync(
            services =>
            {
                services.AddPlatformNotifications(configuration, _harness.Database.Database.Product).AddNotificationRequests();
                services.AddEmailTemplate(new EmailTemplate("order.placed", "Order {{Reference}}", "<p>Thanks, {{Name}}: {{Reference}}, {{Total}}.</p>", "Thanks, {{Name}}: {{Reference}}, {{Total}}."));
                services.AddSmsTemplate(new SmsTemplate("order.placed", "Order {{Reference}} placed at {{At}}."));
            },
            start: false);
        var runner = new MigrationRunner(NullLogger<MigrationRunner>.Instance, TimeProvider.System);
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var notifications = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            await runner.MigrateAsync(notifications, NotificationsDbContext.Module, MigrationScript.FromAssembly(typeof(NotificationsDbContext).Assembly, _harness.Provider));
        }

        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, recursive: true);
        }
    }

    [Fact]
    public async Task A_requested_email_and_sms_are_sent_once_after_the_change_commits()
    {
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            shop.Orders.Add(new Order { Id = Guid.NewGuid(), Reference = "ORD-1", TotalPence = 1999 });
            shop.RequestEmail("order.placed", "ann@example.test", new { Reference = "ORD-1", Name = "Ann <b>", Total = "£19.99" }, "ORD-1");
            shop.RequestSms("order.placed", "+447700900123", new { Reference = "ORD-1", At = new DateTimeOffset(2026, 7, 1, 9, 30, 0, TimeSpan.Zero) }, "ORD-1");
            await shop.SaveChangesAsync();
        }

        await MessagingHarness.EventuallyAsync(async () => (await DeliveriesAsync("ORD-1")).Count(d => d.Status == DeliveryStatus.Sent) == 2, "both notifications sent");

        var deliveries = await DeliveriesAsync("ORD-1");
        deliveries.Count.ShouldBe(2);
        var email = deliveries.Single(d => d.Channel == DeliveryChannel.Email);
        email.Recipient.ShouldBe("ann@example.test");
        email.Subject.ShouldBe("Order ORD-1");
        email.HtmlBody.ShouldNotBeNull().ShouldContain("Ann &lt;b&gt;");
        deliveries.Single(d => d.Channel == DeliveryChannel.Sms).TextBody.ShouldBe("Order ORD-1 placed at Wednesday 1 July 2026 10:30.", "UK local time, as a direct send would render it");
        Directory.GetFiles(_pickup, "*.eml").Length.ShouldBe(1);
        (await _harness.UndispatchedCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Nothing_is_sent_when_the_change_is_not_saved()
    {
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            shop.RequestEmail("order.placed", "bob@example.test", new { Reference = "ORD-2", Name = "Bob", Total = "£1" }, "ORD-2");
        }

        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            shop.Orders.Add(new Order { Id = Guid.NewGuid(), Reference = "ORD-3", TotalPence = 1 });
            await shop.SaveChangesAsync();
        }

        await MessagingHarness.EventuallyAsync(async () => await _harness.UndispatchedCountAsync() == 0, "the outbox drained");
        (await DeliveriesAsync("ORD-2")).ShouldBeEmpty();
    }

    [Fact]
    public void Bad_addresses_are_refused_when_asked_not_later()
    {
        using var scope = _node.Services.CreateScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Should.Throw<ArgumentException>(() => shop.RequestEmail("order.placed", "not-an-address", null, null));
        Should.Throw<ArgumentException>(() => shop.RequestSms("order.placed", "07700 900123", null, null));
    }

    [Fact]
    public async Task An_unknown_template_ends_in_the_dead_letters_and_does_not_hold_up_the_next_request()
    {
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            shop.RequestEmail("no.such.template", "cat@example.test", null, "ORD-4");
            await shop.SaveChangesAsync();
        }

        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            shop.RequestEmail("order.placed", "dan@example.test", new { Reference = "ORD-5", Name = "Dan", Total = "£5" }, "ORD-5");
            await shop.SaveChangesAsync();
        }

        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(Platform.Messaging.Data.DeliveryStatus.Dead) == 1, "the bad request dead-lettered");
        await MessagingHarness.EventuallyAsync(async () => (await DeliveriesAsync("ORD-5")).Count == 1, "the good request sent");
        (await DeliveriesAsync("ORD-4")).ShouldBeEmpty();
    }

    private async Task<List<Delivery>> DeliveriesAsync(string reference)
    {
        await using var scope = _node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        return await db.Deliveries.AsNoTracking().Where(d => d.Reference == reference).ToListAsync();
    }
}
