using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Payments;
using Platform.Payments.Sandbox;

namespace Platform.Tests.Payments;

public sealed class SandboxRefundAndIdempotencyTests : IAsyncLifetime
{
    private SandboxHost _host = null!;

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync(deliveryWorker: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<PaymentRefund> RefundAsync(RefundRequest request) => _host.WithProviderAsync(p => p.RefundAsync(request));

    [Fact]
    public async Task Partial_refunds_up_to_the_captured_amount_succeed_and_emit_charge_refunded()
    {
        var session = await _host.PaidSessionAsync();

        var first = await RefundAsync(new RefundRequest(session.PaymentIntentId!, 5000) { Reason = "requested_by_customer" });
        var rest = await RefundAsync(new RefundRequest(session.PaymentIntentId!, null));

        first.Id.ShouldStartWith("re_");
        first.Status.ShouldBe("succeeded");
        first.AmountPence.ShouldBe(5000);
        rest.AmountPence.ShouldBe(7345);
        var refunds = (await _host.EventsAsync()).Where(e => e.Type == "charge.refunded")
            .Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("data").GetProperty("object"))
            .OrderBy(o => o.GetProperty("amount_refunded").GetInt64()).ToList();
        refunds.Count.ShouldBe(2);
        refunds[0].GetProperty("id").GetString()!.ShouldStartWith("ch_");
        refunds[0].GetProperty("object").GetString().ShouldBe("charge");
        refunds[0].GetProperty("amount").GetInt64().ShouldBe(12345);
        refunds[0].GetProperty("amount_refunded").GetInt64().ShouldBe(5000);
        refunds[0].GetProperty("refunded").GetBoolean().ShouldBeFalse();
        refunds[0].GetProperty("payment_intent").GetString().ShouldBe(session.PaymentIntentId);
        refunds[0].GetProperty("metadata").GetProperty("client_reference_id").GetString().ShouldBe("NOTS-AB12CD");
        refunds[1].GetProperty("amount_refunded").GetInt64().ShouldBe(12345);
        refunds[1].GetProperty("refunded").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_refund_beyond_what_is_left_is_refused_and_changes_nothing()
    {
        var session = await _host.PaidSessionAsync();
        await RefundAsync(new RefundRequest(session.PaymentIntentId!, 10000));

        var error = await Should.ThrowAsync<RefundExceedsCapturedAmountException>(() => RefundAsync(new RefundRequest(session.PaymentIntentId!, 2346)));

        error.RefundablePence.ShouldBe(2345);
        error.Code.ShouldBe("amount_too_large");
        (await RefundAsync(new RefundRequest(session.PaymentIntentId!, 2345))).AmountPence.ShouldBe(2345);
        await Should.ThrowAsync<RefundExceedsCapturedAmountException>(() => RefundAsync(new RefundRequest(session.PaymentIntentId!, null)));
        (await _host.EventsAsync()).Count(e => e.Type == "charge.refunded").ShouldBe(2);
    }

    [Fact]
    public async Task A_refund_larger_than_the_payment_is_refused()
    {
        var session = await _host.PaidSessionAsync();

        await Should.ThrowAsync<RefundExceedsCapturedAmountException>(() => RefundAsync(new RefundRequest(session.PaymentIntentId!, 12346)));
    }

    [Fact]
    public async Task Refunding_an_unknown_or_unpaid_payment_is_refused()
    {
        await Should.ThrowAsync<PaymentNotFoundException>(() => RefundAsync(new RefundRequest("pi_unknown", 100)));

        var session = await _host.CreateSessionAsync();
        (await _host.PayAsync(session, "4000000000000002")).Dispose();
        var declined = await _host.WithProviderAsync(p => p.GetCheckoutSessionAsync(session.Id));
        var error = await Should.ThrowAsync<PaymentInvalidRequestException>(() => RefundAsync(new RefundRequest(declined.PaymentIntentId!, 100)));
        error.Code.ShouldBe("charge_not_captured");
    }

    [Fact]
    public async Task Concurrent_refunds_never_exceed_the_captured_amount()
    {
        var session = await _host.PaidSessionAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            try
            {
                await RefundAsync(new RefundRequest(session.PaymentIntentId!, 5000));
                return true;
            }
            catch (RefundExceedsCapturedAmountException)
            {
                return false;
            }
        }));

        attempts.Count(ok => ok).ShouldBe(2);
        (await _host.EventsAsync()).Count(e => e.Type == "charge.refunded").ShouldBe(2);
    }

    [Fact]
    public async Task The_same_refund_idempotency_key_returns_the_first_refund_and_refunds_once()
    {
        var session = await _host.PaidSessionAsync();
        var request = new RefundRequest(session.PaymentIntentId!, 1000) { IdempotencyKey = "refund-NOTS-AB12CD-1" };

        var first = await RefundAsync(request);
        var replay = await RefundAsync(request);

        replay.ShouldBe(first);
        (await _host.EventsAsync()).Count(e => e.Type == "charge.refunded").ShouldBe(1);
        await Should.ThrowAsync<PaymentIdempotencyException>(() => RefundAsync(request with { AmountPence = 2000 }));
    }

    [Fact]
    public async Task The_same_session_idempotency_key_returns_the_same_session_and_a_different_request_is_refused()
    {
        var request = SandboxHost.NewRequest() with { IdempotencyKey = "checkout-NOTS-AB12CD" };

        var first = await _host.CreateSessionAsync(request);
        var replay = await _host.CreateSessionAsync(request with { Metadata = new Dictionary<string, string> { ["booking_id"] = "42" } });

        replay.Id.ShouldBe(first.Id);
        var error = await Should.ThrowAsync<PaymentIdempotencyException>(() => _host.CreateSessionAsync(request with { AmountPence = 999 }));
        error.Code.ShouldBe("idempotency_key_in_use");
        (await _host.CreateSessionAsync(request with { IdempotencyKey = "another" })).Id.ShouldNotBe(first.Id);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_idempotency_key_make_one_session()
    {
        var request = SandboxHost.NewRequest() with { IdempotencyKey = "race-" + Guid.NewGuid() };

        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _host.CreateSessionAsync(request)));

        sessions.Select(s => s.Id).Distinct().Count().ShouldBe(1);
    }

    public static TheoryData<string, Func<CheckoutSessionRequest, CheckoutSessionRequest>> InvalidRequests => new()
    {
        { "amount", r => r with { AmountPence = 0 } },
        { "currency", r => r with { Currency = "GBP" } },
        { "client_reference_id", r => r with { ClientReferenceId = " " } },
        { "success_url", r => r with { SuccessUrl = "/relative" } },
        { "cancel_url", r => r with { CancelUrl = "javascript:alert(1)" } },
        { "line_items", r => r with { LineItems = [new CheckoutLineItem("Transfer", 10000), new CheckoutLineItem("Child seat", 1000, 2)] } },
        { "expires_at", r => r with { ExpiresAt = new DateTimeOffset(2027, 5, 5, 9, 0, 0, TimeSpan.Zero) } },
        { "customer_email", r => r with { CustomerEmail = "not an email" } },
        { "metadata", r => r with { Metadata = new Dictionary<string, string> { [new string('k', 41)] = "v" } } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_checkout_request_is_refused_naming_the_parameter(string parameter, Func<CheckoutSessionRequest, CheckoutSessionRequest> change)
    {
        var error = await Should.ThrowAsync<PaymentInvalidRequestException>(() => _host.CreateSessionAsync(change(SandboxHost.NewRequest())));

        error.Parameter.ShouldBe(parameter);
    }

    [Fact]
    public async Task Line_items_that_add_up_are_itemised_on_the_page()
    {
        var session = await _host.CreateSessionAsync(SandboxHost.NewRequest(amount: 12000) with
        {
            LineItems = [new CheckoutLineItem("Transfer", 10000), new CheckoutLineItem("Child seat", 1000, 2)],
        });

        var html = await _host.Client.GetStringAsync(session.Url);

        html.ShouldContain("Pay <strong>£120.00</strong>");
        html.ShouldContain("Child seat × 2 — £20.00");
    }

    [Fact]
    public void The_sandbox_is_the_default_provider()
    {
        using var scope = _host.App.Services.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>();
        provider.Name.ShouldBe("Sandbox");
        provider.ShouldBeOfType<SandboxPaymentProvider>();
    }
}
