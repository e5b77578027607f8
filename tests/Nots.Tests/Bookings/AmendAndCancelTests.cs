using System.Net;
using System.Text.Json;

namespace Nots.Tests.Bookings;

public sealed class AmendAndCancelTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    [Fact]
    public async Task A_price_increase_needs_a_further_payment_and_a_decrease_is_refunded()
    {
        var booked = await _host.ConfirmedBookingAsync(TimeSpan.FromDays(3));

        // Two child seats: +£20.00, re-priced by the pricing module and paid through a new checkout for the difference.
        var up = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { passengers = 4, childSeats = 2 }), HttpStatusCode.OK);
        up.GetProperty("priceChangePence").GetInt32().ShouldBe(2000);
        up.GetProperty("booking").GetProperty("totalPence").GetInt32().ShouldBe(12000);
        up.GetProperty("booking").GetProperty("status").GetString().ShouldBe("Confirmed");
        up.GetProperty("booking").GetProperty("balanceDuePence").GetInt32().ShouldBe(2000);
        var payment = up.GetProperty("payment");
        payment.GetProperty("amountPence").GetInt32().ShouldBe(2000);
        payment.GetProperty("purpose").GetString().ShouldBe("amendment");
        (await _host.PayOnSandboxAsync(payment.GetProperty("checkoutUrl").GetString()!, "4242 4242 4242 4242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var settled = await _host.WaitForAsync(booked, b => b.GetProperty("balanceDuePence").GetInt32() == 0, "amendment paid");
        settled.GetProperty("paidPence").GetInt32().ShouldBe(12000);

        // No child seats again: £100.00, so £20.00 goes back (from the amendment payment first).
        var down = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { passengers = 1, childSeats = 0 }), HttpStatusCode.OK);
        down.GetProperty("priceChangePence").GetInt32().ShouldBe(-2000);
        down.GetProperty("refundPence").GetInt32().ShouldBe(2000);
        down.GetProperty("payment").ValueKind.ShouldBe(JsonValueKind.Null);
        down.GetProperty("booking").GetProperty("refundedPence").GetInt32().ShouldBe(2000);
        down.GetProperty("booking").GetProperty("balanceDuePence").GetInt32().ShouldBe(0);

        // The provider's charge.refunded comes back through the webhook and is noted.
        await _host.WaitForAsync(booked, b => b.GetProperty("history").EnumerateArray()
            .Any(h => h.GetProperty("detail").GetString()?.StartsWith("Provider reports 2000p refunded", StringComparison.Ordinal) == true), "provider refund noted");
        await _host.WaitForEmailAsync(booked.Reference, "changed");
    }

    [Fact]
    public async Task Notes_flight_and_passenger_can_change_without_repricing_and_bad_input_is_400()
    {
        var booked = await _host.BookAsync(TimeSpan.FromDays(3));

        var changed = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new
        {
            notes = "Child seat needed",
            flightNumber = "EZY8012",
            passenger = new { name = "Bea Hirer", email = "bea@example.com", phone = "+33 1 23 45 67 89" },
        }), HttpStatusCode.OK);

        changed.GetProperty("priceChangePence").GetInt32().ShouldBe(0);
        var booking = changed.GetProperty("booking");
        (booking.GetProperty("notes").GetString(), booking.GetProperty("flightNumber").GetString()).ShouldBe(("Child seat needed", "EZY8012"));
        booking.GetProperty("passenger").GetProperty("phone").GetString().ShouldBe("+33123456789");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { passenger = new { name = "Bea", email = "bea@", phone = "0" } }),
            HttpStatusCode.BadRequest, "validation_failed");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { }), HttpStatusCode.BadRequest, "validation_failed");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { passengers = 0 }), HttpStatusCode.BadRequest, "validation_failed");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { notes = "x", version = 1 }), HttpStatusCode.Conflict, "stale_version");
    }

    [Fact]
    public async Task Amendments_stop_at_the_cutoff_before_pickup()
    {
        var booked = await _host.BookAsync(TimeSpan.FromHours(6));

        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { passengers = 3 }),
            HttpStatusCode.UnprocessableEntity, "amend_cutoff_passed");
        (await _host.GetBookingAsync(booked)).GetProperty("totalPence").GetInt32().ShouldBe(10000);
    }

    [Theory]
    [InlineData(48, 0, 10000)]
    [InlineData(10, 5000, 5000)]
    [InlineData(1, 10000, 0)]
    public async Task Cancelling_keeps_the_fee_for_the_notice_given_and_refunds_the_rest(int hoursNotice, int fee, int refund)
    {
        var booked = await _host.ConfirmedBookingAsync(TimeSpan.FromHours(hoursNotice));

        var cancelled = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Delete, booked.ManagePath), HttpStatusCode.OK);

        cancelled.GetProperty("reference").GetString().ShouldBe(booked.Reference);
        cancelled.GetProperty("status").GetString().ShouldBe("Cancelled");
        cancelled.GetProperty("cancellationFeePence").GetInt32().ShouldBe(fee);
        cancelled.GetProperty("refundPence").GetInt32().ShouldBe(refund);
        cancelled.GetProperty("refunds").EnumerateArray().Sum(r => r.GetProperty("amountPence").GetInt32()).ShouldBe(refund);
        cancelled.GetProperty("refunds").EnumerateArray().ShouldAllBe(r => r.GetProperty("status").GetString() == "Succeeded");
        var booking = await _host.GetBookingAsync(booked);
        booking.GetProperty("status").GetString().ShouldBe("Cancelled");
        booking.GetProperty("refundedPence").GetInt32().ShouldBe(refund);
        booking.GetProperty("cancellationFeePence").GetInt32().ShouldBe(fee);

        var mail = await _host.WaitForEmailAsync(booked.Reference, "cancelled");
        mail.Leaves().Single(p => p.ContentType.MediaType == "text/plain").Text.ShouldContain("Refund: " + Money(refund));
    }

    [Fact]
    public async Task Two_cancellations_at_once_refund_once()
    {
        var booked = await _host.ConfirmedBookingAsync(TimeSpan.FromDays(3));

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _host.SendAsync(HttpMethod.Delete, booked.ManagePath)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(2);
        var booking = await _host.GetBookingAsync(booked);
        booking.GetProperty("refundedPence").GetInt32().ShouldBe(10000);
        booking.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "Refund" && h.GetProperty("detail").GetString() == "Cancellation refund")
            .ShouldBe(1);
        await _host.WaitForAsync(booked, b => b.GetProperty("history").EnumerateArray()
            .Any(h => h.GetProperty("detail").GetString()?.StartsWith("Provider reports 10000p refunded", StringComparison.Ordinal) == true), "provider refund noted");
    }

    [Fact]
    public async Task Invalid_transitions_over_http_are_409()
    {
        var booked = await _host.BookAsync();
        (await _host.SendAsync(HttpMethod.Delete, booked.ManagePath)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Delete, booked.ManagePath), HttpStatusCode.Conflict, "invalid_status_transition");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { notes = "too late" }), HttpStatusCode.Conflict, "booking_not_amendable");
    }

    [Fact]
    public async Task A_payment_that_arrives_after_cancellation_is_refunded()
    {
        var booked = await _host.BookAsync(TimeSpan.FromDays(3));
        var payment = await _host.StartPaymentAsync(booked);
        (await _host.SendAsync(HttpMethod.Delete, booked.ManagePath)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _host.PayOnSandboxAsync(payment.GetProperty("checkoutUrl").GetString()!, "4242 4242 4242 4242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var booking = await _host.WaitForAsync(booked, b => b.GetProperty("refundedPence").GetInt32() == 10000, "late payment refunded");
        booking.GetProperty("status").GetString().ShouldBe("Cancelled");
        booking.GetProperty("history").EnumerateArray().ShouldContain(h => h.GetProperty("detail").GetString()!.StartsWith("PaidAfterClose", StringComparison.Ordinal));
    }

    private static string Money(int pence) => "£" + (pence / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
