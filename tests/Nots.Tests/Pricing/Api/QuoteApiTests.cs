using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Pricing;
using Nots.Web;
using Platform.Testing;
using Platform.Web;

namespace Nots.Tests.Pricing.Api;

public sealed class QuoteApiTests : IAsyncLifetime
{
    private ProductFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = await PricingApi.CreateFactoryAsync();
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private Task<HttpResponseMessage> QuoteAsync(object body) => _client.PostAsJsonAsync("/v1/quotes", body);

    private static string BankHolidayAt(string time) =>
        PricingApi.NextOrdinaryBankHoliday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T" + time;

    [Fact]
    public async Task Done_when_Poole_to_Heathrow_at_0430_on_a_bank_holiday_has_night_and_bank_holiday_lines_and_no_saloon()
    {
        var response = await QuoteAsync(PricingApi.PooleToHeathrow(BankHolidayAt("04:30")));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var quote = await response.JsonAsync();
        var id = quote.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/v1/quotes/{id}");
        quote.GetProperty("tariffVersion").GetString().ShouldBe("1");
        quote.GetProperty("distanceMiles").GetDecimal().ShouldBeInRange(95m, 110m);
        quote.GetProperty("durationMinutes").GetInt32().ShouldBeInRange(100, 150);
        (quote.GetProperty("expiresAt").GetDateTimeOffset() - quote.GetProperty("createdAt").GetDateTimeOffset()).ShouldBe(TimeSpan.FromMinutes(15));

        var saloon = quote.Option("saloon");
        saloon.GetProperty("available").GetBoolean().ShouldBeFalse();
        saloon.GetProperty("reasonCode").GetString().ShouldBe("too_much_luggage");
        saloon.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        saloon.GetProperty("totalPence").ValueKind.ShouldBe(JsonValueKind.Null);

        var estate = quote.Option("estate");
        estate.GetProperty("available").GetBoolean().ShouldBeTrue();
        estate.GetProperty("currency").GetString().ShouldBe("GBP");
        estate.LineCodes().ShouldBe(["fixed_route", "night", "bank_holiday", "airport_dropoff"], ignoreOrder: true);
        // Fixed £175 + night 25 % + bank holiday 25 % (£43.75 each) + Heathrow drop-off £7, rounded to 50p.
        estate.GetProperty("totalPence").GetInt32().ShouldBe(26950);
        estate.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amountPence").GetInt32()).ShouldBe(26950);
    }

    [Fact]
    public async Task A_stored_quote_is_served_by_id_and_an_unknown_id_is_404()
    {
        var created = await (await QuoteAsync(PricingApi.PooleToHeathrow(PricingApi.OrdinaryWeekday(), 2, 2))).JsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var fetched = await _client.GetAsync($"/v1/quotes/{id}");
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        var quote = await fetched.JsonAsync();
        quote.GetProperty("id").GetGuid().ShouldBe(id);
        quote.GetProperty("expired").GetBoolean().ShouldBeFalse();
        quote.Option("saloon").GetProperty("totalPence").GetInt32().ShouldBe(created.Option("saloon").GetProperty("totalPence").GetInt32());
        quote.GetProperty("outbound").GetProperty("to").GetString().ShouldBe("London Heathrow Airport");

        var missing = await _client.GetAsync($"/v1/quotes/{Guid.NewGuid()}");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.CodeAsync()).ShouldBe("quote_not_found");
        (await _client.GetAsync("/v1/quotes/not-a-guid")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Places_are_searched_by_code_or_name_and_the_limit_is_bounded()
    {
        var places = await _client.GetFromJsonAsync<JsonElement>("/v1/places?q=heathrow&limit=5");
        places.GetArrayLength().ShouldBeInRange(1, 5);
        places[0].GetProperty("code").GetString().ShouldBe("LHR");
        places[0].GetProperty("kind").GetString().ShouldBe("Airport");

        (await _client.GetFromJsonAsync<JsonElement>("/v1/places?q=LHR"))[0].GetProperty("name").GetString().ShouldBe("London Heathrow Airport");
        (await _client.GetFromJsonAsync<JsonElement>("/v1/places?q=zzzzqqq")).GetArrayLength().ShouldBe(0);
        var tooMany = await _client.GetAsync("/v1/places?q=a&limit=500");
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.CodeAsync()).ShouldBe("validation_failed");
    }

    [Fact]
    public async Task Extra_stops_are_an_array_of_places_or_addresses_priced_per_stop()
    {
        var extras = new
        {
            childSeats = 1,
            boosterSeats = 0,
            meetAndGreet = true,
            extraStops = new object[] { "12 High Street, Wimborne", new { postcode = "BH21 1AA" } },
        };
        var response = await QuoteAsync(PricingApi.PooleToHeathrow(PricingApi.OrdinaryWeekday(), 2, 2, extras));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var estate = (await response.JsonAsync()).Option("estate");
        var stop = estate.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "extra_stop");
        stop.GetProperty("amountPence").GetInt32().ShouldBe(2 * 800);
        estate.LineCodes().ShouldContain("meet_and_greet");
        estate.LineCodes().ShouldContain("child_seat");

        var unknownStop = await QuoteAsync(PricingApi.PooleToHeathrow(PricingApi.OrdinaryWeekday(), 2, 2,
            new { extraStops = new object[] { new { place = "ATLANTIS" } } }));
        unknownStop.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unknownStop.CodeAsync()).ShouldBe("unknown_place");

        var notAStop = await QuoteAsync(PricingApi.PooleToHeathrow(PricingApi.OrdinaryWeekday(), 2, 2, new { extraStops = new object[] { 42 } }));
        notAStop.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_explicit_offset_is_honoured_and_a_return_is_priced()
    {
        var day = PricingApi.OrdinaryWeekday("10:00")[..10];
        var body = new
        {
            pickup = new { postcode = "BH15 1HJ" },
            dropoff = new { lat = 50.9503, lng = -1.3568, address = "Southampton Airport" },
            pickupAt = day + "T09:00Z",
            passengers = 2,
            suitcases = 1,
            @return = new { pickupAt = day + "T18:00" },
        };
        var response = await QuoteAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var quote = await response.JsonAsync();
        quote.GetProperty("outbound").GetProperty("pickupAtUtc").GetDateTimeOffset().UtcDateTime.Hour.ShouldBe(9);
        quote.GetProperty("outbound").GetProperty("pickupTimeResolution").GetString().ShouldBe("ExplicitOffset");
        quote.GetProperty("return").GetProperty("from").GetString().ShouldBe("Southampton Airport");
        quote.Option("saloon").LineCodes().ShouldContain("return_leg");
    }

    public static TheoryData<string, string> RuleViolations() => new()
    {
        { """{"pickup":{"place":"ATLANTIS"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", "unknown_place" },
        { """{"pickup":{"lat":50.45,"lng":-2.0},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", "unreachable" },
        { """{"pickup":{"postcode":"BT1 1AA"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", "unreachable" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"2020-01-01T10:00","passengers":2}""", "pickup_in_past" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@SOON","passengers":2}""", "inside_minimum_notice" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":12}""", "party_too_large" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2,"suitcases":12}""", "too_much_luggage" },
        { """{"pickup":{"place":"POOLE","postcode":"BH15 1HJ"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", "invalid_place" },
        { """{"pickup":{"lat":50.71},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", "invalid_place" },
        { """{"pickup":{},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", "invalid_place" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"next tuesday","passengers":2}""", "invalid_pickup_time" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"2027-02-30T10:00","passengers":2}""", "invalid_pickup_time" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":0}""", "invalid_party" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2,"vehicleClass":"tank"}""", "unknown_vehicle_class" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"POOLE"},"pickupAt":"@DAY","passengers":2}""", "same_place" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2,"flightNumber":"not a flight"}""", "invalid_flight_number" },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2,"extras":{"extraStops":["a","b","c","d","e","f"]}}""", "invalid_extras" },
    };

    [Theory]
    [MemberData(nameof(RuleViolations))]
    public async Task A_journey_that_breaks_a_rule_is_422_with_a_stable_code(string body, string code)
    {
        var response = await PostRawAsync(Fill(body));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.CodeAsync()).ShouldBe(code);
    }

    public static TheoryData<string, string> MalformedBodies() => new()
    {
        { """{"pickup": {"place": "POOLE"}, """, ProblemCodes.BadRequest },
        { """{"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", ProblemCodes.ValidationFailed },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"passengers":2}""", ProblemCodes.ValidationFailed },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY"}""", ProblemCodes.ValidationFailed },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":"four"}""", ProblemCodes.BadRequest },
        { """{"pickup":"POOLE","dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", ProblemCodes.BadRequest },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2,"extras":{"extraStops":3}}""", ProblemCodes.BadRequest },
        { """{"pickup":{"place":"POOLE"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2,"return":{}}""", ProblemCodes.ValidationFailed },
        { """{"pickup":{"lat":50.71,"lng":-1.98,"address":"@LONG"},"dropoff":{"place":"LHR"},"pickupAt":"@DAY","passengers":2}""", ProblemCodes.ValidationFailed },
        { "null", ProblemCodes.BadRequest },
        { "", ProblemCodes.BadRequest },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_request_is_400_never_500(string body, string code)
    {
        var response = await PostRawAsync(Fill(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.CodeAsync()).ShouldBe(code);
    }

    [Fact]
    public async Task Other_modules_price_and_find_quotes_through_IQuotes()
    {
        var journey = new JourneyInput(
            new PlaceRef(Place: "POOLE"), new PlaceRef(Place: "LHR"), PricingApi.OrdinaryWeekday("10:00"), 2, 2, 0, ExtraStops: 1);
        QuoteSnapshot priced;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            priced = await scope.ServiceProvider.GetRequiredService<IQuotes>().PriceAsync(journey);
        }

        priced.TariffVersion.ShouldBe("1");
        priced.PickupName.ShouldBe("Poole");
        priced.DropoffName.ShouldBe("London Heathrow Airport");
        priced.ExpiresAt.ShouldBe(priced.CreatedAt + TimeSpan.FromMinutes(15));
        var saloon = priced.Options.Single(o => o.VehicleClass == "saloon");
        saloon.Lines.Select(l => l.Code).ShouldContain("extra_stop");
        saloon.Lines.Sum(l => l.AmountPence).ShouldBe(saloon.TotalPence!.Value);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var quotes = scope.ServiceProvider.GetRequiredService<IQuotes>();
            var found = await quotes.FindAsync(priced.Id);
            found.ShouldNotBeNull();
            found.Journey.ShouldBe(journey);
            found.Options.Single(o => o.VehicleClass == "saloon").TotalPence.ShouldBe(saloon.TotalPence);
            (await quotes.FindAsync(Guid.NewGuid())).ShouldBeNull();

            var error = await Should.ThrowAsync<DomainException>(() => quotes.PriceAsync(journey with { Pickup = new PlaceRef(Place: "ATLANTIS") }));
            error.Code.ShouldBe("unknown_place");
        }

        (await _client.GetAsync($"/v1/quotes/{priced.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static string Fill(string body)
    {
        var soon = TimeProvider.System.GetUtcNow().AddMinutes(30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
        return body.Replace("@DAY", PricingApi.OrdinaryWeekday(), StringComparison.Ordinal).Replace("@SOON", soon, StringComparison.Ordinal)
            .Replace("@LONG", new string('x', 301), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostRawAsync(string body) =>
        _client.PostAsync("/v1/quotes", new StringContent(body, Encoding.UTF8, "application/json"));
}
