using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nots.Tests.Bookings;

public sealed class PaymentTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    [Fact]
    public async Task Paying_with_the_sandbox_card_confirms_the_booking_and_sends_the_confirmation()
    {
        var booked = await _host.BookAsync();

        var payment = await _host.StartPaymentAsync(booked);
        payment.GetProperty("status").GetString().ShouldBe("Pending");
        payment.GetProperty("amountPence").GetInt32().ShouldBe(10000);
        var checkoutUrl = payment.GetProperty("checkoutUrl").GetString()!;
        new Uri(checkoutUrl).AbsolutePath.ShouldStartWith("/sandbox/checkout/cs_");
        (await _host.PayOnSandboxAsync(checkoutUrl, "4242 4242 4242 4242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var confirmed = await _host.WaitForAsync(booked, b => b.GetProperty("status").GetString() == "Confirmed", "Confirmed");
        confirmed.GetProperty("paidPence").GetInt32().ShouldBe(10000);
        confirmed.GetProperty("balanceDuePence").GetInt32().ShouldBe(0);
        Kinds(confirmed).ShouldContain("Payment");
        var paid = await BookingsTestHost.JsonAsync(await _host.Client.GetAsync($"/v1/payments/{payment.GetProperty("id").GetString()}?token={Uri.EscapeDataString(booked.Token)}"), HttpStatusCode.OK);
        paid.GetProperty("status").GetString().ShouldBe("Paid");
        (await _host.Client.GetAsync($"/v1/payments/{payment.GetProperty("id").GetString()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var mail = await _host.WaitForEmailAsync(booked.Reference, "confirmed");
        mail.Header("To").ShouldContain("ann@example.com");
        var text = mail.Leaves().Single(p => p.ContentType.MediaType == "text/plain").Text;
        var html = mail.Leaves().Single(p => p.ContentType.MediaType == "text/html").Text;
        text.ShouldContain(booked.Reference);
        text.ShouldContain("Total paid: £100.00");
        text.ShouldContain("pickup (parking) charge: £10.00");
        text.ShouldContain("(UK time)");
        text.ShouldContain($"/manage/{booked.Reference}?token=", customMessage: "people get the website's manage page, not the API");
        html.ShouldContain("&#163;100.00");
        html.ShouldContain("View, change or cancel your booking");

        // The link in the e-mail opens the booking's page on its own.
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(text, @"https?://\S+token=\S+").Value);
        var page = await _host.Client.GetAsync(link.PathAndQuery);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain(booked.Reference);
        var notified = await _host.WaitForAsync(booked, b => Kinds(b).Contains("Notification"), "confirmation noted");
        notified.GetProperty("history").EnumerateArray().Last(h => h.GetProperty("kind").GetString() == "Notification")
            .GetProperty("detail").GetString()!.ShouldContain("e-mail and SMS");

        // The SMS went out too: the platform's delivery log has it as sent.
        var owner = await _host.StaffAsync("owner");
        var sms = new List<string?>();
        for (var wait = 0; wait < 100 && !sms.Contains("sent"); wait++)
        {
            var log = await BookingsTestHost.JsonAsync(
                await _host.SendAsync(HttpMethod.Get, $"/v1/admin/notifications?reference={booked.Reference}&limit=50", user: owner), HttpStatusCode.OK);
            sms = log.GetProperty("items").EnumerateArray()
                .Where(d => d.GetProperty("channel").GetString() == "sms" && d.GetProperty("templateKey").GetString() == "nots.booking.confirmed")
                .Select(d => d.GetProperty("status").GetString()).ToList();
            if (!sms.Contains("sent"))
            {
                await Task.Delay(100);
            }
        }

        sms.ShouldBe(["sent"]);
    }

    [Fact]
    public async Task A_declined_card_marks_payment_failed_and_a_later_success_confirms()
    {
        var booked = await _host.BookAsync();
        var payment = await _host.StartPaymentAsync(booked);
        var url = payment.GetProperty("checkoutUrl").GetString()!;

        (await _host.PayOnSandboxAsync(url, "4000 0000 0000 0002")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await _host.WaitForAsync(booked, b => b.GetProperty("status").GetString() == "PaymentFailed", "PaymentFailed");

        // A new payment request for the same amount hands back the same open checkout.
        var again = await _host.StartPaymentAsync(booked);
        again.GetProperty("id").GetString().ShouldBe(payment.GetProperty("id").GetString());
        (await _host.PayOnSandboxAsync(url, "4242424242424242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var confirmed = await _host.WaitForAsync(booked, b => b.GetProperty("status").GetString() == "Confirmed", "Confirmed");
        Statuses(confirmed).ShouldBe(["PaymentFailed", "Confirmed"]);
    }

    [Fact]
    public async Task A_forged_or_stale_webhook_is_400_and_changes_nothing()
    {
        var booked = await _host.BookAsync();
        var payment = await _host.StartPaymentAsync(booked);
        var payload = BookingsTestHost.CheckoutCompleted(payment, booked.Reference);

        await BookingsTestHost.ProblemAsync(await _host.PostWebhookAsync(payload, secret: "whsec_not_the_secret"), HttpStatusCode.BadRequest, "invalid_signature");
        await BookingsTestHost.ProblemAsync(await _host.PostWebhookAsync(payload, signedAt: DateTimeOffset.UtcNow.AddMinutes(-10)), HttpStatusCode.BadRequest, "invalid_signature");
        var unsigned = await _host.Client.PostAsync("/v1/webhooks/stripe", new StringContent(payload, System.Text.Encoding.UTF8, "application/json"));
        await BookingsTestHost.ProblemAsync(unsigned, HttpStatusCode.BadRequest, "invalid_signature");

        var after = await _host.GetBookingAsync(booked);
        after.GetProperty("status").GetString().ShouldBe("PendingPayment");
        after.GetProperty("paidPence").GetInt32().ShouldBe(0);
        after.GetProperty("version").GetInt32().ShouldBe(booked.Created.GetProperty("version").GetInt32());

        // The genuine event still applies afterwards: the forgeries did not burn its id.
        (await _host.PostWebhookAsync(payload)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.GetBookingAsync(booked)).GetProperty("status").GetString().ShouldBe("Confirmed");
    }

    [Fact]
    public async Task A_replayed_webhook_has_exactly_one_effect()
    {
        var booked = await _host.BookAsync();
        var payment = await _host.StartPaymentAsync(booked);
        var payload = BookingsTestHost.CheckoutCompleted(payment, booked.Reference);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _host.PostWebhookAsync(payload)));

        results.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var outcomes = await Task.WhenAll(results.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()));
        outcomes.Count(o => o == "Applied").ShouldBe(1);
        outcomes.Count(o => o == "Duplicate").ShouldBe(3);
        var booking = await _host.GetBookingAsync(booked);
        booking.GetProperty("paidPence").GetInt32().ShouldBe(10000);
        Kinds(booking).Count(k => k == "Payment").ShouldBe(1);
        Statuses(booking).ShouldBe(["Confirmed"]);
    }

    [Fact]
    public async Task Out_of_order_events_refund_before_completion_and_completion_twice_are_handled_once()
    {
        var booked = await _host.BookAsync();
        var payment = await _host.StartPaymentAsync(booked);

        (await _host.PostWebhookAsync(BookingsTestHost.ChargeRefunded(payment, booked.Reference, 2500))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.GetBookingAsync(booked)).GetProperty("status").GetString().ShouldBe("PendingPayment");
        (await _host.PostWebhookAsync(BookingsTestHost.CheckoutCompleted(payment, booked.Reference))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.PostWebhookAsync(BookingsTestHost.CheckoutCompleted(payment, booked.Reference))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.PostWebhookAsync(BookingsTestHost.ChargeRefunded(payment, booked.Reference, 1000))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var booking = await _host.GetBookingAsync(booked);
        booking.GetProperty("status").GetString().ShouldBe("Confirmed");
        booking.GetProperty("paidPence").GetInt32().ShouldBe(10000);
        Statuses(booking).ShouldBe(["Confirmed"]);
        Kinds(booking).Count(k => k == "Payment").ShouldBe(1);
        // The older cumulative refund figure (1000 after 2500) is not recorded again.
        Kinds(booking).Count(k => k == "Refund").ShouldBe(1);

        // A failure reported after the success does not undo it.
        var failed = BookingsTestHost.Event(null, "payment_intent.payment_failed", new Dictionary<string, object?>
        {
            ["id"] = "pi_test_1",
            ["object"] = "payment_intent",
            ["amount"] = 10000,
            ["currency"] = "gbp",
            ["status"] = "requires_payment_method",
            ["metadata"] = new Dictionary<string, string> { ["payment_id"] = payment.GetProperty("id").GetString()! },
        });
        (await _host.PostWebhookAsync(failed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.GetBookingAsync(booked)).GetProperty("status").GetString().ShouldBe("Confirmed");
    }

    [Fact]
    public async Task An_amount_that_does_not_match_is_flagged_not_confirmed()
    {
        var booked = await _host.BookAsync();
        var payment = await _host.StartPaymentAsync(booked);

        (await _host.PostWebhookAsync(BookingsTestHost.CheckoutCompleted(payment, booked.Reference, amount: 100))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var booking = await _host.GetBookingAsync(booked);
        booking.GetProperty("status").GetString().ShouldBe("PendingPayment");
        booking.GetProperty("paidPence").GetInt32().ShouldBe(0);
        var flag = booking.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("kind").GetString() == "Flag");
        flag.GetProperty("detail").GetString()!.ShouldStartWith("AmountMismatch");
        var seen = await BookingsTestHost.JsonAsync(await _host.Client.GetAsync($"/v1/payments/{payment.GetProperty("id").GetString()}?token={Uri.EscapeDataString(booked.Token)}"), HttpStatusCode.OK);
        seen.GetProperty("status").GetString().ShouldBe("AmountMismatch");
    }

    [Fact]
    public async Task Unknown_event_types_and_unknown_payments_are_acknowledged()
    {
        var other = BookingsTestHost.Event(null, "customer.created", new Dictionary<string, object?> { ["id"] = "cus_1", ["object"] = "customer" });
        var response = await _host.PostWebhookAsync(other);
        (await BookingsTestHost.JsonAsync(response, HttpStatusCode.OK)).GetProperty("outcome").GetString().ShouldBe("Ignored");
    }

    [Fact]
    public async Task Nothing_can_be_paid_twice_or_for_a_cancelled_booking()
    {
        var booked = await _host.ConfirmedBookingAsync();
        await BookingsTestHost.ProblemAsync(
            await _host.SendAsync(HttpMethod.Post, "/v1/payments", new { bookingReference = booked.Reference, token = booked.Token }), HttpStatusCode.Conflict, "nothing_to_pay");

        var other = await _host.BookAsync();
        (await _host.SendAsync(HttpMethod.Delete, other.ManagePath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await BookingsTestHost.ProblemAsync(
            await _host.SendAsync(HttpMethod.Post, "/v1/payments", new { bookingReference = other.Reference, token = other.Token }), HttpStatusCode.Conflict, "booking_not_payable");
        await BookingsTestHost.ProblemAsync(
            await _host.SendAsync(HttpMethod.Post, "/v1/payments", new { bookingReference = other.Reference }), HttpStatusCode.NotFound, "booking_not_found");
    }

    private static List<string> Kinds(JsonElement booking) =>
        booking.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()!).ToList();

    private static List<string> Statuses(JsonElement booking) =>
        booking.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "Status")
            .Select(h => h.GetProperty("toStatus").GetString()!).ToList();
}
