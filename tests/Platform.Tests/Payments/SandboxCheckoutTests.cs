using System.Net;
using System.Text.Json;
using Platform.Payments;

namespace Platform.Tests.Payments;

public sealed class SandboxCheckoutTests : IAsyncLifetime
{
    private SandboxHost _host = null!;

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Paying_with_4242_redirects_to_success_and_delivers_a_signed_checkout_session_completed_event()
    {
        var session = await _host.CreateSessionAsync();
        session.Status.ShouldBe("open");
        session.Url.ShouldBe($"/sandbox/checkout/{session.Id}");
        session.Id.ShouldStartWith("cs_test_");

        using var page = await _host.Client.GetAsync(session.Url);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("£123.45");
        html.ShouldContain("Heathrow T5 to Oxford");
        html.ShouldContain("<label for=\"card_number\">Card number</label>");
        html.ShouldContain("<label for=\"expiry\">Expiry (MM/YY)</label>");
        html.ShouldContain("<label for=\"cvc\">CVC</label>");
        html.ShouldContain("<button type=\"submit\">Pay £123.45</button>");
        html.ShouldNotContain("<script");

        var token = SandboxHost.FormToken().Match(html).Groups[1].Value;
        using var paid = await _host.SubmitAsync(session.Id, token, "4242 4242 4242 4242", "12/30", "123");

        paid.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        paid.Headers.Location!.ToString().ShouldBe("https://nots.example/booking/done?ref=NOTS-AB12CD");

        var webhook = await _host.Receiver.WaitForAsync("checkout.session.completed", session.Id);
        using var document = JsonDocument.Parse(webhook.Payload);
        var root = document.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "object", "type", "created", "livemode", "data"]);
        root.GetProperty("id").GetString()!.ShouldStartWith("evt_");
        root.GetProperty("object").GetString().ShouldBe("event");
        root.GetProperty("created").GetInt64().ShouldBe(_host.Clock.GetUtcNow().ToUnixTimeSeconds());
        root.GetProperty("livemode").GetBoolean().ShouldBeFalse();
        var obj = webhook.Object;
        obj.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["id", "object", "client_reference_id", "amount_total", "currency", "payment_status", "status", "payment_intent", "metadata"]);
        obj.GetProperty("id").GetString().ShouldBe(session.Id);
        obj.GetProperty("object").GetString().ShouldBe("checkout.session");
        obj.GetProperty("client_reference_id").GetString().ShouldBe("NOTS-AB12CD");
        obj.GetProperty("amount_total").GetInt64().ShouldBe(12345);
        obj.GetProperty("currency").GetString().ShouldBe("gbp");
        obj.GetProperty("payment_status").GetString().ShouldBe("paid");
        obj.GetProperty("status").GetString().ShouldBe("complete");
        obj.GetProperty("payment_intent").GetString()!.ShouldStartWith("pi_");
        obj.GetProperty("metadata").GetProperty("booking_id").GetString().ShouldBe("42");

        webhook.Host.ShouldBe("localhost");
        _host.Receiver.Rejected.ShouldBe(0);
        var after = await _host.WithProviderAsync(p => p.GetCheckoutSessionAsync(session.Id));
        after.Status.ShouldBe("complete");
        after.IsPaid.ShouldBeTrue();
        after.PaymentIntentId.ShouldBe(webhook.Event.PaymentIntentId);
    }

    [Theory]
    [InlineData("4000 0000 0000 0002", "generic_decline", "Your card was declined.")]
    [InlineData("4000000000009995", "insufficient_funds", "Your card has insufficient funds.")]
    public async Task A_declined_card_shows_the_error_keeps_the_session_open_and_emits_payment_failed(string card, string declineCode, string message)
    {
        var session = await _host.CreateSessionAsync();

        using var declined = await _host.PayAsync(session, card);

        declined.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await declined.Content.ReadAsStringAsync();
        html.ShouldContain(WebUtility.HtmlEncode(message));
        html.ShouldContain("role=\"alert\"");
        var open = await _host.WithProviderAsync(p => p.GetCheckoutSessionAsync(session.Id));
        open.Status.ShouldBe("open");
        open.PaymentStatus.ShouldBe("unpaid");
        open.PaymentIntentId.ShouldNotBeNull();

        var failed = await _host.Receiver.WaitForAsync("payment_intent.payment_failed", open.PaymentIntentId!);
        failed.Event.ClientReferenceId.ShouldBe("NOTS-AB12CD");
        failed.Event.FailureCode.ShouldBe("card_declined");
        failed.Event.DeclineCode.ShouldBe(declineCode);
        failed.Object.GetProperty("metadata").GetProperty("client_reference_id").GetString().ShouldBe("NOTS-AB12CD");
        failed.Object.GetProperty("last_payment_error").GetProperty("decline_code").GetString().ShouldBe(declineCode);

        // Another try on the same session with a good card works and keeps the payment intent.
        using var paid = await _host.PayAsync(session, "4242424242424242");
        paid.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var completed = await _host.Receiver.WaitForAsync("checkout.session.completed", session.Id);
        completed.Event.PaymentIntentId.ShouldBe(open.PaymentIntentId);
    }

    [Theory]
    [InlineData("4242 4242 4242 4241", "12/30", "123", "card_number", "Your card number is invalid.")]
    [InlineData("", "12/30", "123", "card_number", "Enter your card number.")]
    [InlineData("4242 4242 4242 4242", "04/27", "123", "expiry", "Your card&#39;s expiry date is in the past.")]
    [InlineData("4242 4242 4242 4242", "13/30", "123", "expiry", "Your card&#39;s expiry date is invalid. Use MM/YY.")]
    [InlineData("4242 4242 4242 4242", "12/30", "12", "cvc", "Your card&#39;s security code is 3 digits.")]
    [InlineData("4242 4242 4242 4242", "12/30", "abc", "cvc", "Your card&#39;s security code is 3 digits.")]
    public async Task Invalid_card_details_rerender_the_form_with_field_errors_and_charge_nothing(string card, string expiry, string cvc, string field, string error)
    {
        var session = await _host.CreateSessionAsync();

        using var response = await _host.PayAsync(session, card, expiry, cvc);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain(error);
        html.ShouldContain($"id=\"{field}\"");
        html.ShouldContain($"aria-describedby=\"{field}-error\"");
        (await _host.WithProviderAsync(p => p.GetCheckoutSessionAsync(session.Id))).Status.ShouldBe("open");
        (await _host.EventsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Paying_a_completed_session_again_is_refused_with_409()
    {
        var session = await _host.CreateSessionAsync();
        var page = await _host.Client.GetStringAsync(session.Url);
        var token = SandboxHost.FormToken().Match(page).Groups[1].Value;
        (await _host.SubmitAsync(session.Id, token, "4242424242424242", "12/30", "123")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        using var again = await _host.SubmitAsync(session.Id, token, "4242424242424242", "12/30", "123");
        using var get = await _host.Client.GetAsync(session.Url);

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("already been made");
        get.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _host.EventsAsync()).Count(e => e.Type == "checkout.session.completed").ShouldBe(1);
    }

    [Fact]
    public async Task A_session_expires_after_24_hours_and_can_no_longer_be_paid()
    {
        var session = await _host.CreateSessionAsync();
        session.ExpiresAt.ShouldBe(_host.Clock.GetUtcNow().AddHours(24));
        var page = await _host.Client.GetStringAsync(session.Url);
        var token = SandboxHost.FormToken().Match(page).Groups[1].Value;

        _host.Clock.Advance(TimeSpan.FromHours(24));

        using var pay = await _host.SubmitAsync(session.Id, token, "4242424242424242", "12/30", "123");
        pay.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await _host.Client.GetAsync(session.Url)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await _host.WithProviderAsync(p => p.GetCheckoutSessionAsync(session.Id))).Status.ShouldBe("expired");
        (await _host.EventsAsync()).Select(e => e.Type).ShouldBe(["checkout.session.expired"]);
    }

    [Fact]
    public async Task A_session_honours_an_earlier_expiry()
    {
        var session = await _host.CreateSessionAsync(SandboxHost.NewRequest() with { ExpiresAt = _host.Clock.GetUtcNow().AddHours(1) });

        _host.Clock.Advance(TimeSpan.FromMinutes(59));
        (await _host.Client.GetAsync(session.Url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        (await _host.Client.GetAsync(session.Url)).StatusCode.ShouldBe(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task A_submission_without_the_sessions_form_token_is_refused()
    {
        var session = await _host.CreateSessionAsync();

        using var response = await _host.SubmitAsync(session.Id, "forged", "4242424242424242", "12/30", "123");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.WithProviderAsync(p => p.GetCheckoutSessionAsync(session.Id))).Status.ShouldBe("open");
    }

    [Fact]
    public async Task An_unknown_session_is_not_found()
    {
        (await _host.Client.GetAsync("/sandbox/checkout/cs_test_doesnotexist")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await Should.ThrowAsync<PaymentNotFoundException>(() => _host.WithProviderAsync(p => p.GetCheckoutSessionAsync("cs_test_doesnotexist")));
    }

    [Fact]
    public async Task The_page_escapes_what_the_product_puts_in_the_description()
    {
        var session = await _host.CreateSessionAsync(SandboxHost.NewRequest() with { Description = "<script>alert(1)</script> & more" });

        var html = await _host.Client.GetStringAsync(session.Url);

        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
    }
}
