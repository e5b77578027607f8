using Nots.Pricing;
using Nots.Pricing.Geography;
using Nots.Pricing.Quotes;
using Nots.Pricing.Routing;
using Nots.Pricing.Tariffs;
using Platform.Testing;
using Platform.Web;

namespace Nots.Tests.Pricing;

public sealed class TariffAndQuoteServiceTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private QuoteService Service(Tariff? tariff = null) => new(
        new PlaceResolver(new Gazetteer(), new PostcodeDirectory()),
        new OfflineDistanceEstimator(),
        new FixedTariffSource(tariff ?? DefaultTariff.Tariff),
        _clock);

    private static QuoteRequest PooleToHeathrow(string pickupTime = "2027-03-29T04:30", int passengers = 4, int suitcases = 4) =>
        new(PlaceInput.Code("POOLE"), PlaceInput.Code("LHR"), pickupTime, passengers, suitcases);

    [Fact]
    public async Task Done_when_poole_to_heathrow_at_0430_on_easter_monday_shows_night_and_bank_holiday_uplifts()
    {
        var quote = await Service().QuoteAsync(PooleToHeathrow(), CancellationToken.None);

        quote.TariffVersion.ShouldBe(DefaultTariff.Version);
        quote.DistanceMiles.ShouldBeInRange(95m, 110m);
        quote.Outbound.PickupLocal.ShouldBe(new DateTimeOffset(2027, 3, 29, 4, 30, 0, TimeSpan.FromHours(1)));

        var saloon = quote.Options.Single(o => o.VehicleClass == "saloon");
        saloon.Available.ShouldBeFalse();
        saloon.ReasonCode.ShouldBe("too_much_luggage");

        foreach (var code in new[] { "estate", "mpv6", "mpv8" })
        {
            var option = quote.Options.Single(o => o.VehicleClass == code);
            option.Available.ShouldBeTrue(code);
            var lines = option.Lines.Select(l => l.Code).ToList();
            lines.ShouldContain("fixed_route");
            lines.ShouldContain("night");
            lines.ShouldContain("bank_holiday");
            lines.ShouldContain("airport_dropoff");
            option.Lines.Sum(l => l.AmountPence).ShouldBe(option.TotalPence!.Value);
        }

        // Estate: fixed £175 + night 25 % £43.75 + bank holiday 25 % £43.75 + Heathrow drop-off £7.
        quote.Options.Single(o => o.VehicleClass == "estate").TotalPence.ShouldBe(26950);
    }

    [Fact]
    public async Task Default_tariff_prices_poole_to_heathrow_by_saloon_in_the_expected_range()
    {
        var quote = await Service().QuoteAsync(PooleToHeathrow("2027-05-12T10:00", 2, 2), CancellationToken.None);

        quote.Options.Single(o => o.VehicleClass == "saloon").TotalPence!.Value.ShouldBeInRange(15000, 19000);
    }

    [Fact]
    public async Task Default_tariff_distance_price_for_an_unlisted_route_is_plausible()
    {
        var request = new QuoteRequest(PlaceInput.Code("RINGWOOD"), PlaceInput.Code("LHR"), "2027-05-12T10:00", 2, 2);

        var saloon = (await Service().QuoteAsync(request, CancellationToken.None)).Options.Single(o => o.VehicleClass == "saloon");

        saloon.Lines.Select(l => l.Code).ShouldContain("distance");
        saloon.TotalPence!.Value.ShouldBeInRange(14000, 20000);
    }

    [Fact]
    public async Task A_postcode_in_a_fixed_route_district_gets_the_fixed_price()
    {
        var request = new QuoteRequest(PlaceInput.ForPostcode("BH15 1HJ"), PlaceInput.Code("LHR"), "2027-05-12T10:00", 1, 1);

        var saloon = (await Service().QuoteAsync(request, CancellationToken.None)).Options.Single(o => o.VehicleClass == "saloon");

        saloon.Lines.Single(l => l.Code == "fixed_route").AmountPence.ShouldBe(16500);
    }

    [Fact]
    public async Task A_map_pin_in_poole_gets_the_same_fixed_price_as_the_postcode()
    {
        var request = new QuoteRequest(PlaceInput.Point(50.7160, -1.9860, "Poole Quay"), PlaceInput.Code("LHR"), "2027-05-12T10:00", 1, 1);

        var saloon = (await Service().QuoteAsync(request, CancellationToken.None)).Options.Single(o => o.VehicleClass == "saloon");

        saloon.Lines.Single(l => l.Code == "fixed_route").AmountPence.ShouldBe(16500);
    }

    [Fact]
    public async Task Return_journey_is_quoted_with_its_own_leg_and_discount()
    {
        var request = PooleToHeathrow("2027-05-12T10:00", 2, 2) with
        {
            Return = new ReturnJourneyRequest("2027-05-19T18:00", new ExtrasRequest(MeetAndGreet: true)),
            FlightNumber = "ba 2490",
        };

        var quote = await Service().QuoteAsync(request, CancellationToken.None);

        quote.FlightNumber.ShouldBe("BA2490");
        quote.Return.ShouldNotBeNull().From.ShouldBe("London Heathrow Airport");
        var saloon = quote.Options.Single(o => o.VehicleClass == "saloon");
        saloon.ReturnLines!.Select(l => l.Code).ShouldBe(["fixed_route", "airport_pickup", "meet_and_greet"]);
        saloon.Lines.Select(l => l.Code).ShouldContain("return_discount");
        saloon.Lines.Sum(l => l.AmountPence).ShouldBe(saloon.TotalPence!.Value);
    }

    [Fact]
    public async Task Pickup_in_the_spring_gap_is_quoted_at_the_resolved_bst_time()
    {
        var quote = await Service().QuoteAsync(PooleToHeathrow("2027-03-28T01:30", 2, 2), CancellationToken.None);

        quote.Outbound.PickupTimeResolution.ShouldBe("ShiftedForwardOverGap");
        quote.Outbound.PickupLocal.ShouldBe(new DateTimeOffset(2027, 3, 28, 2, 30, 0, TimeSpan.FromHours(1)));
        quote.Outbound.PickupUtc.ShouldBe(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero));
        quote.Options.Single(o => o.VehicleClass == "saloon").Lines.Select(l => l.Code).ShouldContain("night");
    }

    [Fact]
    public async Task Pickup_in_the_autumn_overlap_is_quoted_at_the_first_occurrence()
    {
        var quote = await Service().QuoteAsync(PooleToHeathrow("2027-10-31T01:30", 2, 2), CancellationToken.None);

        quote.Outbound.PickupTimeResolution.ShouldBe("EarlierOfAmbiguous");
        quote.Outbound.PickupUtc.ShouldBe(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Quote_errors_carry_stable_codes()
    {
        var service = Service();
        async Task<string> Code(QuoteRequest r) =>
            (await Should.ThrowAsync<DomainException>(() => service.QuoteAsync(r, CancellationToken.None))).Code;

        (await Code(PooleToHeathrow() with { Pickup = PlaceInput.Code("ATLANTIS") })).ShouldBe(PricingErrors.UnknownPlace);
        (await Code(PooleToHeathrow() with { Pickup = PlaceInput.Point(50.30, -1.50) })).ShouldBe(PricingErrors.Unreachable);
        (await Code(PooleToHeathrow() with { DropOff = PlaceInput.ForPostcode("BT1 1AA") })).ShouldBe(PricingErrors.Unreachable);
        (await Code(PooleToHeathrow() with { DropOff = PlaceInput.ForPostcode("BH15 1CJ") })).ShouldBe(PricingErrors.InvalidPostcode);
        (await Code(PooleToHeathrow() with { DropOff = PlaceInput.Code("POOLE") })).ShouldBe(PricingErrors.SamePlace);
        (await Code(PooleToHeathrow("2027-02-28T10:00"))).ShouldBe(PricingErrors.PickupInPast);
        (await Code(PooleToHeathrow("2027-03-01T10:30"))).ShouldBe(PricingErrors.InsideMinimumNotice);
        (await Code(PooleToHeathrow(passengers: 9, suitcases: 0))).ShouldBe(PricingErrors.PartyTooLarge);
        (await Code(PooleToHeathrow(passengers: 8, suitcases: 12))).ShouldBe(PricingErrors.TooMuchLuggage);
        (await Code(PooleToHeathrow() with { FlightNumber = "not a flight" })).ShouldBe(PricingErrors.InvalidFlightNumber);
    }

    [Fact]
    public void Default_tariff_is_valid()
    {
        Tariff.Validate(DefaultTariff.Definition).ShouldBeEmpty();
    }

    [Fact]
    public void Bad_tariffs_are_rejected_with_every_reason()
    {
        var d = DefaultTariff.Definition;
        var saloon = d.VehicleClasses[0];
        var bad = d with
        {
            Version = " ",
            VehicleClasses = [saloon with { MileBands = [new(50, 200), new(10, 150)] }, saloon, d.VehicleClasses[1] with { Seats = 0 }],
            FixedRoutes = [d.FixedRoutes[0] with { PencePerClass = new Dictionary<string, int> { ["limo"] = 100 } }],
            ReturnDiscountPercent = 120,
            Rounding = new RoundingRule(20, RoundingDirection.Nearest),
        };

        var error = Should.Throw<DomainException>(() => Tariff.Create(bad));

        error.Code.ShouldBe(PricingErrors.InvalidTariff);
        var problems = (IReadOnlyList<string>)error.Details["problems"]!;
        problems.ShouldContain("Version is required.");
        problems.ShouldContain(p => p.Contains("defined more than once", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("last band must be open-ended", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("seats must be at least 1", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("does not exist", StringComparison.Ordinal));
        problems.ShouldContain("Return discount must be at least 0 % and under 100 %.");
        problems.ShouldContain("Rounding step must be 1 (none), 50 or 100 pence.");
    }
}
