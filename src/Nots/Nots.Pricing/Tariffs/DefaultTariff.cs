namespace Nots.Pricing.Tariffs;

/// <summary>
/// A realistic starting tariff for a Dorset airport-transfer operator in 2026 (prices in pence, VAT not charged:
/// most small private-hire operators are under the threshold). The owner edits a copy; airport charges follow the
/// published 2025–26 drop-off fees and short-stay parking for meet-and-greet pickups, and should be reviewed yearly.
/// </summary>
public static class DefaultTariff
{
    public const string Version = "2026.1";

    private static readonly string[] BournemouthPooleChristchurch =
    [
        "BH1", "BH2", "BH3", "BH4", "BH5", "BH6", "BH7", "BH8", "BH9", "BH10", "BH11", "BH12", "BH13", "BH14",
        "BH15", "BH16", "BH17", "BH18", "BH23",
    ];

    public static TariffDefinition Definition { get; } = new(
        Version,
        "GBP",
        [
            new("saloon", "Saloon", Seats: 4, Suitcases: 2, HandLuggage: 2, MaxChildSeats: 2, BaseFarePence: 400,
                [new(10, 300), new(50, 200), new(null, 140)], MinimumFarePence: 800),
            new("estate", "Estate", Seats: 4, Suitcases: 4, HandLuggage: 3, MaxChildSeats: 2, BaseFarePence: 450,
                [new(10, 320), new(50, 215), new(null, 150)], MinimumFarePence: 900),
            new("executive", "Executive", Seats: 3, Suitcases: 3, HandLuggage: 3, MaxChildSeats: 2, BaseFarePence: 600,
                [new(10, 420), new(50, 290), new(null, 210)], MinimumFarePence: 1500),
            new("mpv6", "MPV (6 seats)", Seats: 6, Suitcases: 6, HandLuggage: 6, MaxChildSeats: 3, BaseFarePence: 550,
                [new(10, 380), new(50, 260), new(null, 185)], MinimumFarePence: 1200),
            new("mpv8", "MPV (8 seats)", Seats: 8, Suitcases: 8, HandLuggage: 8, MaxChildSeats: 4, BaseFarePence: 650,
                [new(10, 450), new(50, 310), new(null, 220)], MinimumFarePence: 1500),
        ],
        [
            new("Bournemouth, Poole & Christchurch ↔ Heathrow", BournemouthPooleChristchurch, ["LHR", "TW6"],
                Prices(16500, 17500, 23500, 21000, 24500)),
            new("Bournemouth, Poole & Christchurch ↔ Gatwick", BournemouthPooleChristchurch, ["LGW"],
                Prices(19500, 20500, 27500, 24500, 28500)),
            new("Bournemouth, Poole & Christchurch ↔ Southampton Airport", BournemouthPooleChristchurch, ["SOU"],
                Prices(5500, 6000, 8000, 7500, 8500)),
            new("Bournemouth, Poole & Christchurch ↔ Southampton cruise terminals", BournemouthPooleChristchurch,
                ["SOUTHAMPTON-CRUISE", "SOUTHAMPTON-OCEAN", "SOUTHAMPTON-QEII", "SOUTHAMPTON-CITY", "SOUTHAMPTON-MAYFLOWER"],
                Prices(5800, 6300, 8400, 7800, 8800)),
        ],
        [
            new("LHR", PickupPence: 1000, DropOffPence: 700),
            new("LGW", PickupPence: 1000, DropOffPence: 1000),
            new("STN", PickupPence: 1000, DropOffPence: 1000),
            new("LTN", PickupPence: 1000, DropOffPence: 700),
            new("LCY", PickupPence: 800, DropOffPence: 0),
            new("BHX", PickupPence: 800, DropOffPence: 600),
            new("BRS", PickupPence: 900, DropOffPence: 700),
            new("MAN", PickupPence: 1000, DropOffPence: 700),
            new("SOU", PickupPence: 600, DropOffPence: 0),
            new("BOH", PickupPence: 500, DropOffPence: 0),
            new("EXT", PickupPence: 600, DropOffPence: 0),
        ],
        new NightSurcharge(new TimeOnly(23, 0), new TimeOnly(6, 0), Percent: 25, FlatPence: 0, AppliesToFixedRoutes: true),
        new HolidayUplifts(
            BankHolidayPercent: 25,
            ChristmasEveFrom: new TimeOnly(18, 0),
            ChristmasEvePercent: 50,
            ChristmasDayPercent: 100,
            BoxingDayPercent: 50,
            NewYearsEveFrom: new TimeOnly(20, 0),
            NewYearsEvePercent: 50,
            NewYearsDayPercent: 50,
            AppliesToFixedRoutes: true),
        new ExtrasFees(ChildSeatPence: 500, BoosterSeatPence: 300, MeetAndGreetPence: 1200, ExtraStopPence: 800),
        ReturnDiscountPercent: 5,
        MinimumNotice: TimeSpan.FromHours(2),
        new RoundingRule(50, RoundingDirection.Nearest));

    public static Tariff Tariff { get; } = Tariff.Create(Definition);

    private static Dictionary<string, int> Prices(int saloon, int estate, int executive, int mpv6, int mpv8) => new()
    {
        ["saloon"] = saloon,
        ["estate"] = estate,
        ["executive"] = executive,
        ["mpv6"] = mpv6,
        ["mpv8"] = mpv8,
    };
}
