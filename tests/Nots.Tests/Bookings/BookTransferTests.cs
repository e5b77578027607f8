using System.Net;
using System.Text.Json;

namespace Nots.Tests.Bookings;

public sealed class BookTransferTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    [Fact]
    public async Task A_guest_books_a_quote_and_manages_it_only_with_the_token_from_the_link()
    {
        var quote = await _host.Quotes.AddAsync(TimeSpan.FromDays(2));

        var created = await BookingsTestHost.JsonAsync(
            await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, phone: "+44 (0)7700 900123", flightNumber: "ba 123")),
            HttpStatusCode.Created);

        var reference = created.GetProperty("reference").GetString()!;
        reference.ShouldMatch("^NT-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$");
        created.GetProperty("status").GetString().ShouldBe("PendingPayment");
        created.GetProperty("totalPence").GetInt32().ShouldBe(10000);
        created.GetProperty("channel").GetString().ShouldBe("online");
        created.GetProperty("passenger").GetProperty("phone").GetString().ShouldBe("+447700900123");
        created.GetProperty("flightNumber").GetString().ShouldBe("BA123");
        created.GetProperty("pickupAt").GetDateTimeOffset().ShouldBe(quote.PickupAtUtc, TimeSpan.FromSeconds(1));
        created.GetProperty("lines").GetArrayLength().ShouldBe(2);
        var manageUrl = new Uri(created.GetProperty("manageUrl").GetString()!);
        manageUrl.AbsolutePath.ShouldBe($"/v1/bookings/{reference}");

        var seen = await BookingsTestHost.JsonAsync(await _host.Client.GetAsync(manageUrl.PathAndQuery), HttpStatusCode.OK);
        seen.GetProperty("reference").GetString().ShouldBe(reference);
        seen.GetProperty("history")[0].GetProperty("kind").GetString().ShouldBe("Created");

        await BookingsTestHost.ProblemAsync(await _host.Client.GetAsync($"/v1/bookings/{reference}"), HttpStatusCode.NotFound, "booking_not_found");
        await BookingsTestHost.ProblemAsync(await _host.Client.GetAsync($"/v1/bookings/{reference}?token=guessed"), HttpStatusCode.NotFound, "booking_not_found");
        await BookingsTestHost.ProblemAsync(await _host.Client.GetAsync("/v1/bookings/NT-ZZZZZZ?token=x"), HttpStatusCode.NotFound, "booking_not_found");
    }

    [Fact]
    public async Task A_signed_in_customer_owns_the_booking_and_other_customers_cannot_see_it()
    {
        var carol = await _host.CustomerAsync();
        var dave = await _host.CustomerAsync();
        var booked = await _host.BookAsync(user: carol);

        var own = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/bookings/{booked.Reference}", user: carol), HttpStatusCode.OK);
        own.GetProperty("channel").GetString().ShouldBe("online");
        own.GetProperty("takenBy").ValueKind.ShouldBe(JsonValueKind.Null);

        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/bookings/{booked.Reference}", user: dave), HttpStatusCode.NotFound, "booking_not_found");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Delete, $"/v1/bookings/{booked.Reference}", user: dave), HttpStatusCode.NotFound, "booking_not_found");
    }

    [Fact]
    public async Task Staff_take_phone_bookings_recorded_as_such_with_who_took_them()
    {
        var dispatcher = await _host.StaffAsync();

        var booked = await _host.BookAsync(user: dispatcher);

        booked.Created.GetProperty("channel").GetString().ShouldBe("phone");
        booked.Created.GetProperty("takenBy").GetString().ShouldBe(dispatcher.Email);
        var seen = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/bookings/{booked.Reference}", user: await _host.StaffAsync("admin")), HttpStatusCode.OK);
        seen.GetProperty("history")[0].GetProperty("detail").GetString()!.ShouldContain("phone");
    }

    [Fact]
    public async Task An_expired_or_unknown_quote_cannot_be_booked()
    {
        var expired = await _host.Quotes.AddAsync(TimeSpan.FromDays(2));
        await _host.Quotes.ExpireAsync(expired.Id);

        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(expired.Id)),
            HttpStatusCode.UnprocessableEntity, "quote_expired");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(Guid.NewGuid())),
            HttpStatusCode.UnprocessableEntity, "quote_not_found");
    }

    [Fact]
    public async Task Only_an_available_class_of_the_quote_can_be_booked_and_its_price_is_locked()
    {
        // Four passengers: the three-seat executive class cannot carry them.
        var quote = await _host.Quotes.AddAsync(TimeSpan.FromDays(2), passengers: 4);

        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, vehicleClass: "limousine")),
            HttpStatusCode.UnprocessableEntity, "unknown_vehicle_class");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, vehicleClass: "executive")),
            HttpStatusCode.UnprocessableEntity, "vehicle_class_unavailable");
        var estate = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, vehicleClass: "Estate")),
            HttpStatusCode.Created);
        estate.GetProperty("vehicleClass").GetString().ShouldBe("estate");
        estate.GetProperty("totalPence").GetInt32().ShouldBe(12000);
    }

    [Theory]
    [InlineData("07700 900123")]
    [InlineData("+44 7700 900123")]
    [InlineData("01202 123456")]
    [InlineData("+1 415 555 2671")]
    [InlineData("0033 1 23 45 67 89")]
    public async Task Uk_and_international_phone_numbers_are_accepted(string phone)
    {
        var quote = await _host.Quotes.AddAsync(TimeSpan.FromDays(2));
        (await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, phone: phone))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("7700 900123", "ann@example.com", "passenger.phone")]
    [InlineData("09700 900123", "ann@example.com", "passenger.phone")]
    [InlineData("+1 23", "ann@example.com", "passenger.phone")]
    [InlineData("07700 900123", "ann@", "passenger.email")]
    [InlineData("07700 900123", "Ann <ann@example.com>", "passenger.email")]
    public async Task Bad_contact_details_are_400_with_the_field_named_and_nothing_is_booked(string phone, string email, string field)
    {
        var quote = await _host.Quotes.AddAsync(TimeSpan.FromDays(2));
        var staff = await _host.StaffAsync("admin");
        var before = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/bookings?limit=100", user: staff), HttpStatusCode.OK);

        var problem = await BookingsTestHost.JsonAsync(
            await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, phone: phone, email: email)), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        var after = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/bookings?limit=100", user: staff), HttpStatusCode.OK);
        after.GetProperty("items").GetArrayLength().ShouldBe(before.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Missing_fields_and_a_bad_flight_number_are_400()
    {
        var missing = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings", new { vehicleClass = "saloon" }), HttpStatusCode.BadRequest);
        missing.GetProperty("code").GetString().ShouldBe("validation_failed");

        var quote = await _host.Quotes.AddAsync(TimeSpan.FromDays(2));
        var flight = await BookingsTestHost.JsonAsync(
            await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, flightNumber: "not a flight")), HttpStatusCode.BadRequest);
        flight.GetProperty("errors").TryGetProperty("flightNumber", out _).ShouldBeTrue(flight.ToString());
    }

    [Fact]
    public async Task Customers_list_their_own_and_staff_list_all_with_filters_and_cursor_pages()
    {
        var carol = await _host.CustomerAsync();
        var dave = await _host.CustomerAsync();
        var dispatcher = await _host.StaffAsync();
        var carol1 = await _host.BookAsync(TimeSpan.FromDays(1), carol);
        var carol2 = await _host.BookAsync(TimeSpan.FromDays(5), carol);
        var dave1 = await _host.BookAsync(TimeSpan.FromDays(3), dave);
        var guest = await _host.BookAsync(TimeSpan.FromDays(4));
        var cancelled = await _host.BookAsync(TimeSpan.FromDays(6), carol);
        (await _host.SendAsync(HttpMethod.Delete, cancelled.ManagePath)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var mine = await List("/v1/bookings", carol);
        mine.ShouldBe([carol1.Reference, carol2.Reference, cancelled.Reference]);
        (await List($"/v1/bookings?customerId={dave.Sub}", carol)).ShouldBe(mine, "a customer's filter cannot widen their view");
        (await List("/v1/bookings", dave)).ShouldBe([dave1.Reference]);
        (await _host.Client.GetAsync("/v1/bookings")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var all = await List("/v1/bookings?limit=100", dispatcher);
        all.ShouldContain(guest.Reference);
        all.ShouldContain(dave1.Reference);
        (await List($"/v1/bookings?customerId={carol.Sub}", dispatcher)).ShouldBe(mine);
        (await List($"/v1/bookings?customerId={carol.Sub}&status=Cancelled", dispatcher)).ShouldBe([cancelled.Reference]);
        (await List($"/v1/bookings?customerId={carol.Sub}&status=pendingpayment", dispatcher)).ShouldBe([carol1.Reference, carol2.Reference]);
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(2).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(5.5).ToString("O"));
        (await List($"/v1/bookings?from={from}&to={to}&customerId={carol.Sub}", dispatcher)).ShouldBe([carol2.Reference]);
        (await List($"/v1/bookings?from={from}&to={to}&customerId={dave.Sub}", dispatcher)).ShouldBe([dave1.Reference]);

        // Cursor pages of one walk the same list without gaps or repeats.
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await BookingsTestHost.JsonAsync(
                await _host.SendAsync(HttpMethod.Get, $"/v1/bookings?limit=1&customerId={carol.Sub}" + (cursor is null ? "" : "&cursor=" + cursor), user: dispatcher),
                HttpStatusCode.OK);
            page.GetProperty("items").GetArrayLength().ShouldBe(1);
            paged.Add(page.GetProperty("items")[0].GetProperty("reference").GetString()!);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        paged.ShouldBe(mine);
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, "/v1/bookings?status=Flying", user: dispatcher), HttpStatusCode.BadRequest, "validation_failed");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, "/v1/bookings?limit=1000", user: dispatcher), HttpStatusCode.BadRequest, "validation_failed");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, "/v1/bookings?cursor=bogus", user: dispatcher), HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task<List<string>> List(string path, Person user)
    {
        var page = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, path, user: user), HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()!).ToList();
    }
}
