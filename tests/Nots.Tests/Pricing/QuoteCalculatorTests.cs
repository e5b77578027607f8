using Nots.Pricing;
using Nots.Pricing.Quotes;
using Nots.Pricing.Tariffs;
using Platform.Web;
using static Nots.Tests.Pricing.PricingTestData;

namespace Nots.Tests.Pricing;

public sealed class QuoteCalculatorTests
{
    [Fact]
    public void Distance_fare_is_base_plus_first_band()
    {
        var car = Price(Leg(TownA, TownB, 5m)).Option("car");

        car.Line("base").ShouldBe(300);
        car.Line("distance").ShouldBe(1000);
        car.TotalPence.ShouldBe(1300);
        car.Codes().ShouldBe(["base", "distance"]);
    }

    [Theory]
    [InlineData(10.0, 2000)]
    [InlineData(10.1, 2015)]
    [InlineData(50.0, 8000)]
    [InlineData(50.1, 8010)]
    [InlineData(60.5, 9050)]
    public void Mile_bands_charge_each_mile_at_its_own_band_rate(decimal miles, int expectedDistancePence)
    {
        Price(Leg(TownA, TownB, miles)).Option("car").Line("distance").ShouldBe(expectedDistancePence);
    }

    [Fact]
    public void Short_trip_is_lifted_to_the_minimum_fare()
    {
        var car = Price(Leg(TownA, TownB, 2m)).Option("car");

        car.Line("minimum_fare_adjustment").ShouldBe(300);
        car.TotalPence.ShouldBe(1000);
    }

    [Fact]
    public void Fixed_route_replaces_distance_pricing_in_both_directions()
    {
        var there = Price(Leg(Poole, Heathrow, 101m)).Option("car");
        var back = Price(Leg(Heathrow, Poole, 101m)).Option("car");

        there.Line("fixed_route").ShouldBe(10000);
        there.Codes().ShouldNotContain("distance");
        there.Line("airport_dropoff").ShouldBe(500);
        there.TotalPence.ShouldBe(10500);

        back.Line("fixed_route").ShouldBe(10000);
        back.Line("airport_pickup").ShouldBe(1000);
        back.TotalPence.ShouldBe(11000);
    }

    [Fact]
    public void Class_without_a_fixed_price_on_that_route_is_priced_by_distance()
    {
        var van = Price(Leg(Poole, Heathrow, 100m)).Option("van");

        van.Codes().ShouldNotContain("fixed_route");
        van.Line("distance").ShouldBe(30000);
    }

    [Theory]
    [InlineData("2027-05-12T22:59", false)]
    [InlineData("2027-05-12T23:00", true)]
    [InlineData("2027-05-13T00:30", true)]
    [InlineData("2027-05-13T05:59", true)]
    [InlineData("2027-05-13T06:00", false)]
    public void Night_surcharge_applies_inside_the_window_across_midnight(string pickup, bool night)
    {
        var car = Price(Leg(TownA, TownB, 5m, pickup)).Option("car");

        car.Line("night").ShouldBe(night ? 260 : 0);
    }

    [Fact]
    public void Night_surcharge_can_exclude_fixed_routes()
    {
        var tariff = Tariff.Create(Definition with { Night = Definition.Night with { AppliesToFixedRoutes = false } });

        var car = Price(Leg(Poole, Heathrow, 101m, "2027-05-13T02:00"), tariff: tariff).Option("car");

        car.Codes().ShouldNotContain("night");
    }

    [Fact]
    public void Bank_holiday_uplift_applies_on_easter_monday()
    {
        var car = Price(Leg(TownA, TownB, 5m, "2027-03-29T12:00")).Option("car");

        car.Line("bank_holiday").ShouldBe(130);
        car.Lines.Single(l => l.Code == "bank_holiday").Description.ShouldContain("Easter Monday");
    }

    [Fact]
    public void Substitute_days_for_christmas_2027_are_bank_holidays_and_christmas_day_itself_is_festive()
    {
        Price(Leg(TownA, TownB, 5m, "2027-12-27T12:00")).Option("car").Line("bank_holiday").ShouldBe(130);
        Price(Leg(TownA, TownB, 5m, "2027-12-28T12:00")).Option("car").Line("bank_holiday").ShouldBe(130);

        var christmasDay = Price(Leg(TownA, TownB, 5m, "2027-12-25T12:00")).Option("car");
        christmasDay.Line("christmas").ShouldBe(650);
        christmasDay.Codes().ShouldNotContain("bank_holiday");
    }

    [Theory]
    [InlineData("2027-12-24T17:59", "christmas", 0)]
    [InlineData("2027-12-24T18:00", "christmas", 390)]
    [InlineData("2027-12-26T09:00", "christmas", 520)]
    [InlineData("2027-12-31T19:59", "new_year", 0)]
    [InlineData("2027-12-31T20:00", "new_year", 390)]
    [InlineData("2028-01-01T10:00", "new_year", 455)]
    public void Festive_uplifts_follow_their_days_and_evening_start_times(string pickup, string code, int amount)
    {
        Price(Leg(TownA, TownB, 5m, pickup)).Option("car").Line(code).ShouldBe(amount);
    }

    [Fact]
    public void Night_and_holiday_both_apply_to_the_fare_not_to_each_other()
    {
        var car = Price(Leg(TownA, TownB, 5m, "2027-03-29T04:30")).Option("car");

        car.Line("night").ShouldBe(260);
        car.Line("bank_holiday").ShouldBe(130);
        car.TotalPence.ShouldBe(1300 + 260 + 130);
    }

    [Fact]
    public void Extras_are_charged_per_item()
    {
        var extras = new ExtrasRequest(ChildSeats: 1, BoosterSeats: 1, MeetAndGreet: true, ExtraStops: 2);
        var car = Price(Leg(TownA, TownB, 5m, extras: extras), party: new Party(3, 0, 0)).Option("car");

        car.Line("child_seat").ShouldBe(500);
        car.Line("booster_seat").ShouldBe(300);
        car.Line("meet_and_greet").ShouldBe(1000);
        car.Line("extra_stop").ShouldBe(1400);
        car.TotalPence.ShouldBe(1300 + 500 + 300 + 1000 + 1400);
    }

    [Fact]
    public void Return_leg_is_priced_at_its_own_time_and_discounted_on_fares_only()
    {
        var outbound = Leg(Poole, Heathrow, 101m);
        var back = Leg(Heathrow, Poole, 101m, "2027-05-20T23:30");

        var car = Price(outbound, back).Option("car");

        // Return leg: fixed 10000 + night 2000 + LHR pickup 1000 = 13000.
        car.ReturnLines!.Select(l => l.Code).ShouldBe(["fixed_route", "night", "airport_pickup"]);
        car.Line("return_leg").ShouldBe(13000);
        // Discount: 10 % of fares and surcharges (10000 + 12000), not of airport charges.
        car.Line("return_discount").ShouldBe(-2200);
        car.TotalPence.ShouldBe(10500 + 13000 - 2200);
    }

    [Theory]
    [InlineData(50, RoundingDirection.Nearest, 1300)]
    [InlineData(50, RoundingDirection.Up, 1350)]
    [InlineData(100, RoundingDirection.Nearest, 1300)]
    [InlineData(100, RoundingDirection.Up, 1400)]
    public void Total_is_rounded_as_configured_and_the_difference_is_a_line(int step, RoundingDirection direction, int expected)
    {
        var tariff = Tariff.Create(Definition with { Rounding = new RoundingRule(step, direction) });

        var car = Price(Leg(TownA, TownB, 5.1m), tariff: tariff).Option("car");

        car.TotalPence.ShouldBe(expected);
        car.Line("rounding").ShouldBe(expected - 1320);
    }

    [Theory]
    [InlineData(1325, 50, RoundingDirection.Nearest, 1350)]
    [InlineData(1324, 50, RoundingDirection.Nearest, 1300)]
    [InlineData(1301, 50, RoundingDirection.Up, 1350)]
    [InlineData(1300, 100, RoundingDirection.Up, 1300)]
    [InlineData(1350, 100, RoundingDirection.Nearest, 1400)]
    [InlineData(1349, 1, RoundingDirection.Up, 1349)]
    public void Rounding_rule_arithmetic(int pence, int step, RoundingDirection direction, int expected)
    {
        new RoundingRule(step, direction).Apply(pence).ShouldBe(expected);
    }

    [Theory]
    [InlineData("2027-03-29T04:30", 5.1, true)]
    [InlineData("2027-12-24T19:00", 37.3, false)]
    [InlineData(OrdinaryMidday, 101, true)]
    public void Lines_always_sum_to_the_total(string pickup, double miles, bool withReturn)
    {
        var tariff = Tariff.Create(Definition with { Rounding = new RoundingRule(50, RoundingDirection.Nearest) });
        var extras = new ExtrasRequest(1, 0, true, 1);
        var back = withReturn ? Leg(Heathrow, Poole, (decimal)miles, "2028-01-01T00:30", extras) : null;

        var quote = Price(Leg(Poole, Heathrow, (decimal)miles, pickup, extras), back, new Party(2, 1, 1), tariff);

        foreach (var option in quote.Options.Where(o => o.Available))
        {
            option.Lines.Sum(l => l.AmountPence).ShouldBe(option.TotalPence!.Value);
        }
    }

    [Fact]
    public void Classes_that_cannot_carry_the_party_are_unavailable_with_a_reason()
    {
        var quote = Price(Leg(TownA, TownB, 5m), party: new Party(5, 2, 0));

        var car = quote.Option("car");
        car.Available.ShouldBeFalse();
        car.ReasonCode.ShouldBe("too_many_passengers");
        car.TotalPence.ShouldBeNull();
        car.Lines.ShouldBeEmpty();
        quote.Option("van").Available.ShouldBeTrue();
    }

    [Fact]
    public void Spare_suitcase_space_takes_two_pieces_of_hand_luggage()
    {
        Price(Leg(TownA, TownB, 5m), party: new Party(2, 0, 6)).Option("car").Available.ShouldBeTrue();

        var car = Price(Leg(TownA, TownB, 5m), party: new Party(2, 1, 5)).Option("car");
        car.Available.ShouldBeFalse();
        car.ReasonCode.ShouldBe("too_much_luggage");
    }

    [Fact]
    public void Too_many_child_seats_for_a_class_makes_it_unavailable()
    {
        var quote = Price(Leg(TownA, TownB, 5m, extras: new ExtrasRequest(ChildSeats: 3)), party: new Party(4, 0, 0));

        quote.Option("car").ReasonCode.ShouldBe("too_many_child_seats");
        quote.Option("van").Available.ShouldBeTrue();
    }

    [Theory]
    [InlineData(9, 0, 0, PricingErrors.PartyTooLarge)]
    [InlineData(17, 0, 0, PricingErrors.PartyTooLarge)]
    [InlineData(6, 9, 0, PricingErrors.TooMuchLuggage)]
    [InlineData(0, 0, 0, PricingErrors.InvalidParty)]
    [InlineData(2, -1, 0, PricingErrors.InvalidParty)]
    public void Party_beyond_every_class_is_an_error(int passengers, int suitcases, int hand, string code)
    {
        Should.Throw<DomainException>(() => Price(Leg(TownA, TownB, 5m), party: new Party(passengers, suitcases, hand)))
            .Code.ShouldBe(code);
    }

    [Fact]
    public void More_child_seats_than_any_class_fits_is_an_error()
    {
        Should.Throw<DomainException>(() =>
                Price(Leg(TownA, TownB, 5m, extras: new ExtrasRequest(ChildSeats: 5)), party: new Party(6, 0, 0)))
            .Code.ShouldBe(PricingErrors.TooManyChildSeats);
    }

    [Fact]
    public void Pickup_in_the_past_or_inside_minimum_notice_is_refused()
    {
        Should.Throw<DomainException>(() => Price(Leg(TownA, TownB, 5m, "2026-11-23T08:00")))
            .Code.ShouldBe(PricingErrors.PickupInPast);
        // Now is 09:00 UTC = 09:00 GMT; two hours' notice means 11:00 at the earliest.
        Should.Throw<DomainException>(() => Price(Leg(TownA, TownB, 5m, "2026-11-23T10:59")))
            .Code.ShouldBe(PricingErrors.InsideMinimumNotice);
        Price(Leg(TownA, TownB, 5m, "2026-11-23T11:00")).Option("car").Available.ShouldBeTrue();
    }

    [Fact]
    public void Return_before_the_outbound_arrives_is_refused()
    {
        Should.Throw<DomainException>(() => Price(Leg(TownA, TownB, 5m, "2027-05-12T12:00"), Leg(TownB, TownA, 5m, "2027-05-12T12:10")))
            .Code.ShouldBe(PricingErrors.ReturnBeforeOutbound);
    }

    [Fact]
    public void Requested_vehicle_class_narrows_the_options()
    {
        Price(Leg(TownA, TownB, 5m), vehicleClass: "VAN").Options.Select(o => o.VehicleClass).ShouldBe(["van"]);
        Should.Throw<DomainException>(() => Price(Leg(TownA, TownB, 5m), vehicleClass: "limo"))
            .Code.ShouldBe(PricingErrors.UnknownVehicleClass);
    }

    [Fact]
    public void Quote_records_the_tariff_version_distance_and_duration()
    {
        var quote = Price(Leg(TownA, TownB, 12.3m));

        quote.TariffVersion.ShouldBe("test-1");
        quote.DistanceMiles.ShouldBe(12.3m);
        quote.DurationMinutes.ShouldBe(30);
        quote.Currency.ShouldBe("GBP");
    }
}
