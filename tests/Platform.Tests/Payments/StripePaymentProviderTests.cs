using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Payments;
using Platform.Payments.Stripe;
using Platform.Persistence;

namespace Platform.Tests.Payments;

public sealed class StripePaymentProviderTests : IAsyncLifetime
{
    private FakeStripeServer _stripe = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _services = Build(FakeStripeServer.SecretKey);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private ServiceProvider Build(string secretKey)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Test"] = "Data Source=:memory:",
            ["Payments:Stripe:SecretKey"] = secretKey,
            ["Payments:Stripe:BaseUrl"] = _stripe.BaseUrl.ToString(),
            ["Payments:Stripe:RetryBaseDelay"] = "00:00:00.001",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformPersistence(configuration, "Test");
        services.AddPlatformPayments(configuration, new PaymentsOptions { WebhookPath = "/v1/webhooks/stripe" });
        return services.BuildServiceProvider();
    }

    private IPaymentProvider Provider => _services.CreateScope().ServiceProvider.GetRequiredService<IPaymentProvider>();

    private static CheckoutSessionRequest Request(string? key = "order-NT-1001") =>
        new("NT-1001", 12345, "gbp", "Order NT-1001", "https://shop.example/orders/NT-1001/paid", "https://shop.example/basket")
        {
            CustomerEmail = "sam@example.com",
            Metadata = new Dictionary<string, string> { ["order_id"] = "1001" },
            IdempotencyKey = key,
        };

    [Fact]
    public void Stripe_is_the_provider_when_a_secret_key_is_configured()
    {
        Provider.ShouldBeOfType<StripePaymentProvider>().Name.ShouldBe("Stripe");
    }

    [Fact]
    public async Task CreateCheckoutSession_posts_the_documented_form_with_bearer_key_and_idempotency_key()
    {
        var session = await Provider.CreateCheckoutSessionAsync(Request());

        session.Id.ShouldStartWith("cs_test_");
        session.Url.ShouldBe("https://checkout.stripe.com/c/pay/" + session.Id);
        session.Status.ShouldBe("open");
        session.PaymentStatus.ShouldBe("unpaid");
        session.AmountTotal.ShouldBe(12345);
        session.ClientReferenceId.ShouldBe("NT-1001");
        session.ExpiresAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1809421200));
        session.Metadata["order_id"].ShouldBe("1001");

        var call = _stripe.Calls.Single();
        call.Method.ShouldBe("POST");
        call.Path.ShouldBe("/v1/checkout/sessions");
        call.Authorization.ShouldBe("Bearer " + FakeStripeServer.SecretKey);
        call.IdempotencyKey.ShouldBe("order-NT-1001");
        call.Form["mode"].ShouldBe("payment");
        call.Form["line_items[0][price_data][currency]"].ShouldBe("gbp");
        call.Form["line_items[0][price_data][unit_amount]"].ShouldBe("12345");
        call.Form["line_items[0][price_data][product_data][name]"].ShouldBe("Order NT-1001");
        call.Form["line_items[0][quantity]"].ShouldBe("1");
        call.Form["client_reference_id"].ShouldBe("NT-1001");
        call.Form["customer_email"].ShouldBe("sam@example.com");
        call.Form["success_url"].ShouldBe("https://shop.example/orders/NT-1001/paid");
        call.Form["cancel_url"].ShouldBe("https://shop.example/basket");
        call.Form["metadata[order_id]"].ShouldBe("1001");
        call.Form["payment_intent_data[metadata][client_reference_id]"].ShouldBe("NT-1001");
    }

    [Fact]
    public async Task A_post_without_a_key_still_gets_one_so_retries_are_safe()
    {
        _stripe.AnswerNext(500, FakeStripeServer.Error("api_error", "Something went wrong on Stripe's end."));

        await Provider.CreateCheckoutSessionAsync(Request(key: null));

        var keys = _stripe.Calls.Select(c => c.IdempotencyKey).ToList();
        keys.Count.ShouldBe(2);
        keys[0].ShouldNotBeNullOrWhiteSpace();
        keys[1].ShouldBe(keys[0]);
    }

    [Fact]
    public async Task Server_errors_rate_limits_and_dropped_connections_are_retried_with_the_same_idempotency_key()
    {
        _stripe.AnswerNext(500, FakeStripeServer.Error("api_error", "Something went wrong."));
        _stripe.AnswerNext(429, FakeStripeServer.Error("invalid_request_error", "Too many requests.", "rate_limit"));
        _stripe.AnswerNext(0);

        var session = await Provider.CreateCheckoutSessionAsync(Request());

        session.Status.ShouldBe("open");
        _stripe.Calls.Count.ShouldBe(4);
        _stripe.Calls.ShouldAllBe(c => c.IdempotencyKey == "order-NT-1001");
    }

    [Fact]
    public async Task After_the_retries_are_spent_the_outage_is_reported()
    {
        for (var i = 0; i < 4; i++)
        {
            _stripe.AnswerNext(503, FakeStripeServer.Error("api_error", "Service unavailable."));
        }

        var error = await Should.ThrowAsync<PaymentProviderUnavailableException>(() => Provider.CreateCheckoutSessionAsync(Request()));

        error.ProviderStatusCode.ShouldBe(503);
        _stripe.Calls.Count.ShouldBe(4);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_session_and_a_different_request_is_refused()
    {
        var first = await Provider.CreateCheckoutSessionAsync(Request());
        var replay = await Provider.CreateCheckoutSessionAsync(Request());

        replay.Id.ShouldBe(first.Id);
        var error = await Should.ThrowAsync<PaymentIdempotencyException>(() => Provider.CreateCheckoutSessionAsync(Request() with { AmountPence = 100, Description = "Other" }));
        error.ProviderStatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task GetCheckoutSession_reads_the_session_and_an_unknown_id_is_not_found()
    {
        var created = await Provider.CreateCheckoutSessionAsync(Request());

        var read = await Provider.GetCheckoutSessionAsync(created.Id);

        read.ShouldBe(created with { Metadata = read.Metadata });
        _stripe.Calls[^1].Method.ShouldBe("GET");
        _stripe.Calls[^1].IdempotencyKey.ShouldBeNull();
        await Should.ThrowAsync<PaymentNotFoundException>(() => Provider.GetCheckoutSessionAsync("cs_test_missing"));
    }

    [Fact]
    public async Task Refund_posts_payment_intent_amount_reason_and_metadata()
    {
        var refund = await Provider.RefundAsync(new RefundRequest("pi_123", 5000)
        {
            Reason = "requested_by_customer",
            IdempotencyKey = "refund-NT-1001-1",
            Metadata = new Dictionary<string, string> { ["rma"] = "R-9" },
        });

        refund.Id.ShouldStartWith("re_");
        refund.Status.ShouldBe("succeeded");
        refund.AmountPence.ShouldBe(5000);
        refund.PaymentIntentId.ShouldBe("pi_123");
        var call = _stripe.Calls.Single();
        call.Path.ShouldBe("/v1/refunds");
        call.IdempotencyKey.ShouldBe("refund-NT-1001-1");
        call.Form["payment_intent"].ShouldBe("pi_123");
        call.Form["amount"].ShouldBe("5000");
        call.Form["reason"].ShouldBe("requested_by_customer");
        call.Form["metadata[rma]"].ShouldBe("R-9");
    }

    [Fact]
    public async Task A_refund_beyond_the_charge_maps_to_the_same_error_as_the_sandbox()
    {
        var error = await Should.ThrowAsync<RefundExceedsCapturedAmountException>(() => Provider.RefundAsync(new RefundRequest("pi_123", 12346)));

        error.Code.ShouldBe("amount_too_large");
        _stripe.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_api_key_is_an_authentication_error()
    {
        await using var wrong = Build("sk_test_wrong");
        var provider = wrong.CreateScope().ServiceProvider.GetRequiredService<IPaymentProvider>();

        var error = await Should.ThrowAsync<PaymentAuthenticationException>(() => provider.GetCheckoutSessionAsync("cs_test_1"));

        error.ProviderStatusCode.ShouldBe(401);
        _stripe.Calls.Count.ShouldBe(1);
    }

    public static TheoryData<int, string, Type, string?> Errors => new()
    {
        { 402, FakeStripeServer.Error("card_error", "Your card has insufficient funds.", "card_declined", "insufficient_funds"), typeof(PaymentCardException), "card_declined" },
        { 400, FakeStripeServer.Error("invalid_request_error", "Invalid currency: xyz", "parameter_invalid", param: "currency"), typeof(PaymentInvalidRequestException), "parameter_invalid" },
        { 404, FakeStripeServer.Error("invalid_request_error", "No such payment_intent: 'pi_x'", "resource_missing"), typeof(PaymentNotFoundException), "resource_missing" },
        { 409, FakeStripeServer.Error("invalid_request_error", "There is currently another in-progress request using this Stripe API key.", "lock_timeout"), typeof(PaymentConflictException), "lock_timeout" },
        { 403, FakeStripeServer.Error("invalid_request_error", "The provided key does not have access.", "secret_key_required"), typeof(PaymentAuthenticationException), "secret_key_required" },
        { 400, "<html>Bad gateway page</html>", typeof(PaymentInvalidRequestException), null },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Stripe_errors_map_to_typed_exceptions_without_retrying(int status, string body, Type expected, string? code)
    {
        _stripe.AnswerNext(status, body);

        var error = await Should.ThrowAsync<PaymentException>(() => Provider.RefundAsync(new RefundRequest("pi_123", 100)));

        error.ShouldBeOfType(expected);
        error.Code.ShouldBe(code);
        error.ProviderStatusCode.ShouldBe(status);
        _stripe.Calls.Count.ShouldBe(1);
        if (error is PaymentCardException card)
        {
            card.DeclineCode.ShouldBe("insufficient_funds");
            card.Message.ShouldBe("Your card has insufficient funds.");
        }
    }

    [Fact]
    public async Task Invalid_requests_are_refused_before_calling_Stripe()
    {
        await Should.ThrowAsync<PaymentInvalidRequestException>(() => Provider.CreateCheckoutSessionAsync(Request() with { Currency = "£" }));

        _stripe.Calls.ShouldBeEmpty();
    }
}
