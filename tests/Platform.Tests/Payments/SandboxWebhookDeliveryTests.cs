using Microsoft.Extensions.DependencyInjection;
using Platform.Payments.Sandbox;
using Platform.Payments.Webhooks;

namespace Platform.Tests.Payments;

/// <summary>Delivery driven by hand (worker off) so back-off is observable on the manual clock.</summary>
public sealed class SandboxWebhookDeliveryTests
{
    [Fact]
    public async Task A_receiver_failing_twice_gets_the_event_on_the_third_attempt_after_back_off()
    {
        await using var host = await SandboxHost.StartAsync(deliveryWorker: false, ("Payments:Sandbox:RetryBaseDelay", "00:00:10"));
        var dispatcher = host.App.Services.GetRequiredService<SandboxWebhookDispatcher>();
        host.Receiver.AnswerNext(500, 500);
        var session = await host.PaidSessionAsync();

        (await dispatcher.DeliverDueAsync()).ShouldBe(1);
        host.Clock.Advance(TimeSpan.FromSeconds(9));
        (await dispatcher.DeliverDueAsync()).ShouldBe(0, "the first retry waits 10 s");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        (await dispatcher.DeliverDueAsync()).ShouldBe(1);
        host.Clock.Advance(TimeSpan.FromSeconds(19));
        (await dispatcher.DeliverDueAsync()).ShouldBe(0, "the second retry waits 20 s");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        (await dispatcher.DeliverDueAsync()).ShouldBe(1);
        host.Clock.Advance(TimeSpan.FromHours(1));
        (await dispatcher.DeliverDueAsync()).ShouldBe(0, "a delivered event is not sent again");

        var received = host.Receiver.Received;
        received.Count.ShouldBe(3);
        received.Select(r => r.Event.Id).Distinct().Count().ShouldBe(1, "every attempt carries the same event id");
        received.ShouldAllBe(r => r.Event.ObjectId == session.Id);
        var stored = (await host.EventsAsync()).Single();
        stored.Status.ShouldBe("delivered");
        stored.Attempts.ShouldBe(3);
        stored.LastStatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task Delivery_gives_up_after_the_configured_attempts_and_keeps_the_event_visible()
    {
        await using var host = await SandboxHost.StartAsync(deliveryWorker: false,
            ("Payments:Sandbox:MaxDeliveryAttempts", "3"), ("Payments:Sandbox:RetryBaseDelay", "00:00:01"));
        var dispatcher = host.App.Services.GetRequiredService<SandboxWebhookDispatcher>();
        host.Receiver.AnswerNext(503, 503, 503);
        await host.PaidSessionAsync();

        for (var i = 0; i < 5; i++)
        {
            await dispatcher.DeliverDueAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        host.Receiver.Received.Count.ShouldBe(3);
        var stored = (await host.EventsAsync()).Single();
        stored.Status.ShouldBe("failed");
        stored.Attempts.ShouldBe(3);
        stored.LastStatusCode.ShouldBe(503);
        stored.LastError.ShouldBe("HTTP 503");

        // An admin sees it and sends it again once the receiver is fixed.
        await using var scope = host.App.Services.CreateAsyncScope();
        var deliveries = scope.ServiceProvider.GetRequiredService<IPaymentWebhookDeliveries>();
        var failed = (await deliveries.ListAsync("failed")).Single();
        failed.EventId.ShouldBe(stored.Id);
        failed.Type.ShouldBe("checkout.session.completed");
        (await deliveries.RedeliverAsync(failed.EventId)).ShouldBeTrue();
        (await deliveries.RedeliverAsync("evt_unknown")).ShouldBeFalse();
        await dispatcher.DeliverDueAsync();
        (await deliveries.ListAsync("delivered")).Single().EventId.ShouldBe(stored.Id);
        host.Receiver.Received.Count.ShouldBe(4);
    }

    [Fact]
    public async Task An_unpaid_session_expires_after_24_hours_and_the_product_hears_checkout_session_expired()
    {
        await using var host = await SandboxHost.StartAsync(deliveryWorker: false);
        var dispatcher = host.App.Services.GetRequiredService<SandboxWebhookDispatcher>();
        using var created = await host.Client.PostAsync("/test/checkout/NOTS-EXP001", null);
        var sessionId = FakeStripeServer.Json(await created.Content.ReadAsStringAsync()).GetProperty("id").GetString()!;

        host.Clock.Advance(TimeSpan.FromHours(23.9));
        (await dispatcher.ExpireDueSessionsAsync()).ShouldBe(0);
        host.Clock.Advance(TimeSpan.FromHours(0.1));
        (await dispatcher.ExpireDueSessionsAsync()).ShouldBe(1);
        (await dispatcher.ExpireDueSessionsAsync()).ShouldBe(0, "an expired session is not expired twice");
        await dispatcher.DeliverDueAsync();

        var expired = host.Receiver.Received.Single();
        expired.Host.ShouldBe("localhost");
        expired.Event.Type.ShouldBe("checkout.session.expired");
        expired.Event.ObjectId.ShouldBe(sessionId);
        expired.Event.ClientReferenceId.ShouldBe("NOTS-EXP001");
        expired.Event.Status.ShouldBe("expired");
        expired.Event.PaymentStatus.ShouldBe("unpaid");
    }

    [Fact]
    public async Task A_configured_webhook_url_overrides_the_apps_own_address()
    {
        await using var host = await SandboxHost.StartAsync(deliveryWorker: false,
            ("Payments:Sandbox:WebhookUrl", "http://hooks.nots.example" + SandboxHost.WebhookPath));
        var dispatcher = host.App.Services.GetRequiredService<SandboxWebhookDispatcher>();
        await host.PaidSessionAsync();

        await dispatcher.DeliverDueAsync();

        host.Receiver.Received.Single().Host.ShouldBe("hooks.nots.example");
        (await host.EventsAsync()).Single().TargetUrl.ShouldBe("http://hooks.nots.example/v1/webhooks/stripe");
    }

    [Fact]
    public async Task Without_a_configured_secret_the_sandbox_generates_one_and_keeps_it_in_the_database()
    {
        await using var host = await SandboxHost.StartAsync(deliveryWorker: false);
        var secret = await host.App.Services.GetRequiredService<IPaymentWebhooks>().GetSecretAsync();

        secret.ShouldStartWith("whsec_");
        secret.Length.ShouldBeGreaterThan(40);
        // A second node (a fresh instance on the same database) uses the same secret.
        var otherNode = ActivatorUtilities.CreateInstance<PaymentWebhooks>(host.App.Services);
        (await otherNode.GetSecretAsync()).ShouldBe(secret);
    }

    [Fact]
    public async Task A_configured_secret_is_used_to_sign_and_verify()
    {
        await using var host = await SandboxHost.StartAsync(deliveryWorker: false, ("Payments:WebhookSecret", "whsec_configured_for_test"));
        var dispatcher = host.App.Services.GetRequiredService<SandboxWebhookDispatcher>();
        var webhooks = host.App.Services.GetRequiredService<IPaymentWebhooks>();
        await host.PaidSessionAsync();

        await dispatcher.DeliverDueAsync();

        (await webhooks.GetSecretAsync()).ShouldBe("whsec_configured_for_test");
        var payload = host.Receiver.Received.Single().Payload;
        var header = StripeWebhookSignature.Sign(payload, "whsec_configured_for_test", host.Clock.GetUtcNow());
        (await webhooks.ReadAsync(payload, header)).Type.ShouldBe("checkout.session.completed");
        var forged = StripeWebhookSignature.Sign(payload, "whsec_someone_else", host.Clock.GetUtcNow());
        (await Should.ThrowAsync<WebhookSignatureException>(() => webhooks.ReadAsync(payload, forged)))
            .Result.ShouldBe(WebhookSignatureResult.SignatureMismatch);
    }

    [Fact]
    public async Task The_product_endpoint_rejects_an_unsigned_webhook()
    {
        await using var host = await SandboxHost.StartAsync(deliveryWorker: false);

        using var response = await host.Client.PostAsync(SandboxHost.WebhookPath,
            new StringContent("""{"id":"evt_x","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_x"}}}"""));

        ((int)response.StatusCode).ShouldBe(400);
        host.Receiver.Rejected.ShouldBe(1);
        host.Receiver.Received.ShouldBeEmpty();
    }
}
