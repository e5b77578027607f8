using Nots.Pricing.Geography;
using Nots.Pricing.Quotes;
using Nots.Pricing.Routing;
using Nots.Pricing.Tariffs;
using Nots.Pricing.Time;

namespace Nots.Tests.Pricing;

/// <summary>A small tariff with round numbers, so each rule's effect can be worked out by hand.</summary>
internal static class PricingTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    // Wednesday 12 May 2027, midday: no night, no holiday.
    public const string OrdinaryMidday = "2027-05-12T12:00";

    public static TariffDefinition Definition { get; } = new(
        "test-1",
        "GBP",
        [
            new("car", "Car", Seats: 4, Suitcases: 2, HandLuggage: 2, MaxChildSeats: 2, BaseFarePence: 300,
                [new(10, 200), new(50, 150), new(null, 100)], MinimumFarePence: 1000),
            new("van", "Van", Seats: 8, Suitcases: 8, HandLuggage: 8, MaxChildSeats: 4, BaseFarePence: 500,
                [new(null, 300)], MinimumFarePence: 2000),
        ],
        [
            new("Poole ↔ Heathrow", ["BH15"], ["LHR"], new Dictionary<string, int> { ["car"] = 10000 }),
        ],
        [new AccessCharge("LHR", PickupPence: 1000, DropOffPence: 500)],
        new NightSurcharge(new TimeOnly(23, 0), new TimeOnly(6, 0), Percent: 20, FlatPence: 0, AppliesToFixedRoutes: true),
        new HolidayUplifts(
            BankHolidayPercent: 10,
            ChristmasEveFrom: new TimeOnly(18, 0),
            ChristmasEvePercent: 30,
            ChristmasDayPercent: 50,
            BoxingDayPercent: 40,
            NewYearsEveFrom: new TimeOnly(20, 0),
            NewYearsEvePercent: 30,
            NewYearsDayPercent: 35,
            AppliesToFixedRoutes: true),
        new ExtrasFees(ChildSeatPence: 500, BoosterSeatPence: 300, MeetAndGreetPence: 1000, ExtraStopPence: 700),
        ReturnDiscountPercent: 10,
        MinimumNotice: TimeSpan.FromHours(2),
        new RoundingRule(1, RoundingDirection.Nearest));

    public static Tariff TestTariff { get; } = Tariff.Create(Definition);

    public static ResolvedPlace TownA { get; } = new("Town A", PlaceKind.Town, new GeoPoint(50.80, -1.90), null, "BH21", "BH", false);

    public static ResolvedPlace TownB { get; } = new("Town B", PlaceKind.Town, new GeoPoint(50.90, -1.40), null, "SO14", "SO", false);

    public static ResolvedPlace Poole { get; } = new("Poole", PlaceKind.Town, new GeoPoint(50.715, -1.987), "POOLE", "BH15", "BH", false);

    public static ResolvedPlace Heathrow { get; } = new("London Heathrow Airport", PlaceKind.Airport, new GeoPoint(51.47, -0.454), "LHR", "TW6", "TW", true);

    public static JourneyLeg Leg(
        ResolvedPlace from, ResolvedPlace to, decimal miles, string localTime = OrdinaryMidday, ExtrasRequest? extras = null) =>
        new(from, to, new RouteEstimate(miles, 30, "test"), UkTime.Parse(localTime), extras ?? ExtrasRequest.None);

    public static Quote Price(
        JourneyLeg outbound,
        JourneyLeg? back = null,
        Party? party = null,
        Tariff? tariff = null,
        string? vehicleClass = null) =>
        QuoteCalculator.Calculate(tariff ?? TestTariff, new PricedJourney(outbound, back, party ?? new Party(1, 0, 0), vehicleClass), Now);

    public static QuoteOption Option(this Quote quote, string vehicleClass) =>
        quote.Options.Single(o => o.VehicleClass == vehicleClass);

    public static int Line(this QuoteOption option, string code) =>
        option.Lines.Where(l => l.Code == code).Sum(l => l.AmountPence);

    public static IEnumerable<string> Codes(this QuoteOption option) => option.Lines.Select(l => l.Code);
}
