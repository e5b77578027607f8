using System.Globalization;
using System.Net;
using Nots.Pricing.Time;
using Nots.Tests.Bookings;

namespace Nots.Tests;

/// <summary>
/// Issue 3's "done when", over HTTP on the shipped default tariff: quote Poole → Heathrow for four people and four
/// suitcases at 04:30 on a bank holiday, book, pay with the sandbox card, confirmation email, amend, cancel.
/// </summary>
public sealed class CustomerJourneyTests : IAsyncLifetime
{
    private BookingsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BookingsTestHost.StartAsync(testTariff: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Quote_book_pay_amend_and_cancel_a_bank_holiday_night_transfer()
    {
        var holiday = NextBankHoliday();
        var quote = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/quotes", new
        {
            pickup = new { postcode = "BH15 1HJ" },
            dropoff = new { place = "LHR" },
            pickupAt = holiday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T04:30",
            passengers = 4,
            suitcases = 4,
            handLuggage = 2,
        }), HttpStatusCode.Created);

        var options = quote.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("vehicleClass").GetString()!);
        options["saloon"].GetProperty("available").GetBoolean().ShouldBeFalse("a saloon takes two suitcases");
        options["saloon"].GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        var estate = options["estate"];
        estate.GetProperty("available").GetBoolean().ShouldBeTrue();
        var codes = estate.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("code").GetString()).ToList();
        codes.ShouldContain("night");
        codes.ShouldContain("bank_holiday");
        var total = estate.GetProperty("totalPence").GetInt32();
        estate.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amountPence").GetInt32()).ShouldBe(total);

        var created = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings",
            BookingsTestHost.BookingBody(quote.GetProperty("id").GetGuid(), vehicleClass: "estate", flightNumber: null)), HttpStatusCode.Created);
        created.GetProperty("status").GetString().ShouldBe("PendingPayment");
        created.GetProperty("totalPence").GetInt32().ShouldBe(total, "the price is locked from the quote");
        var booked = new Booked(created.GetProperty("reference").GetString()!, created.GetProperty("manageToken").GetString()!, created);

        var payment = await _host.StartPaymentAsync(booked);
        (await _host.PayOnSandboxAsync(payment.GetProperty("checkoutUrl").GetString()!, "4242 4242 4242 4242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var confirmed = await _host.WaitForAsync(booked, b => b.GetProperty("status").GetString() == "Confirmed", "Confirmed");
        confirmed.GetProperty("paidPence").GetInt32().ShouldBe(total);
        var confirmation = await _host.WaitForEmailAsync(booked.Reference, "confirmed");
        confirmation.Leaves().Single(p => p.ContentType.MediaType == "text/plain").Text.ShouldContain("Bank holiday");

        var amended = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, booked.ManagePath, new { meetAndGreet = true }), HttpStatusCode.OK);
        var extra = amended.GetProperty("priceChangePence").GetInt32();
        extra.ShouldBeGreaterThan(0, "meet and greet costs extra");
        (await _host.PayOnSandboxAsync(amended.GetProperty("payment").GetProperty("checkoutUrl").GetString()!, "4242 4242 4242 4242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        await _host.WaitForAsync(booked, b => b.GetProperty("balanceDuePence").GetInt32() == 0 && b.GetProperty("paidPence").GetInt32() == total + extra, "amendment paid");
        await _host.WaitForEmailAsync(booked.Reference, "changed");

        var cancelled = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Delete, booked.ManagePath), HttpStatusCode.OK);
        cancelled.GetProperty("status").GetString().ShouldBe("Cancelled");
        cancelled.GetProperty("cancellationFeePence").GetInt32().ShouldBe(0, "more than 24 hours' notice");
        cancelled.GetProperty("refundPence").GetInt32().ShouldBe(total + extra);
        await _host.WaitForEmailAsync(booked.Reference, "cancelled");
        var history = (await _host.GetBookingAsync(booked)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
        history.ShouldContain("Created");
        history.ShouldContain("Payment");
        history.ShouldContain("Refund");
    }

    // At least three days away, so amending and free cancellation are both still open; not a Christmas or New Year
    // date, which have uplifts of their own.
    private static DateOnly NextBankHoliday()
    {
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        return new[] { from.Year, from.Year + 1 }.SelectMany(UkCalendar.BankHolidays).Select(h => h.Date)
            .Where(d => d >= from && d is not { Month: 12, Day: 24 or 25 or 26 or 31 } and not { Month: 1, Day: 1 })
            .Min();
    }
}
