using System.Globalization;
using Nots.Pricing.Geography;
using Nots.Pricing.Tariffs;
using Nots.Pricing.Time;

namespace Nots.Pricing.Quotes;

/// <summary>
/// Prices a resolved journey in every vehicle class of a tariff. Pure: the same tariff, journey and clock give the
/// same quote, so a stored quote can be replayed against its tariff version. All money is integer pence; every
/// percentage is rounded half away from zero, once, on its own line; the lines of an option sum to its total.
/// </summary>
public static class QuoteCalculator
{
    private const int MaxPassengers = 16;
    private const int MaxBags = 30;

    public static Quote Calculate(Tariff tariff, PricedJourney journey, DateTimeOffset now)
    {
        var party = journey.Party;
        ValidateParty(party);
        ValidateExtras(journey.Outbound.Extras, party, "extras");
        if (journey.Return is { } back)
        {
            ValidateExtras(back.Extras, party, "return.extras");
        }

        ValidateTimes(tariff, journey, now);

        var requested = journey.VehicleClass is null
            ? null
            : tariff.FindClass(journey.VehicleClass)
                ?? throw PricingErrors.Error(PricingErrors.UnknownVehicleClass, $"'{journey.VehicleClass}' is not a vehicle class.");

        var childSeats = MaxChildSeats(journey);
        var capacity = tariff.VehicleClasses.Select(c => (cls: c, problem: CapacityProblem(c, party, childSeats))).ToList();
        if (capacity.All(x => x.problem is not null))
        {
            throw NoClassCanCarry(tariff, party, childSeats);
        }

        var options = capacity
            .Where(x => requested is null || x.cls == requested)
            .Select(x => x.problem is { } p
                ? new QuoteOption(x.cls.Code, x.cls.Name, x.cls.Seats, x.cls.Suitcases, false, p.Code, p.Reason, null, tariff.Currency, [], null)
                : PriceOption(tariff, x.cls, journey))
            .ToList();

        return new Quote(
            tariff.Version,
            tariff.Currency,
            journey.Outbound.Route.Miles,
            journey.Outbound.Route.Minutes,
            Describe(journey.Outbound),
            journey.Return is null ? null : Describe(journey.Return),
            journey.FlightNumber,
            options);
    }

    private static QuoteOption PriceOption(Tariff tariff, VehicleClassTariff cls, PricedJourney journey)
    {
        var outbound = PriceLeg(tariff, cls, journey.Outbound);
        var lines = new List<QuoteLine>(outbound.Lines);
        IReadOnlyList<QuoteLine>? returnLines = null;
        if (journey.Return is { } back)
        {
            var returned = PriceLeg(tariff, cls, back);
            returnLines = returned.Lines;
            lines.Add(new QuoteLine(
                "return_leg",
                $"Return journey, pickup {back.Pickup.Local.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)}",
                returned.Total));
            var discountable = outbound.Discountable + returned.Discountable;
            var discount = Percent(discountable, tariff.Definition.ReturnDiscountPercent);
            if (discount > 0)
            {
                lines.Add(new QuoteLine("return_discount", $"Return journey discount {Pct(tariff.Definition.ReturnDiscountPercent)}", -discount));
            }
        }

        var beforeRounding = lines.Sum(l => l.AmountPence);
        var rounding = tariff.Definition.Rounding;
        var total = rounding.Apply(beforeRounding);
        if (total != beforeRounding)
        {
            var how = rounding.Direction == RoundingDirection.Up ? "up" : "to the nearest";
            var step = rounding.StepPence == 100 ? "£1" : $"{rounding.StepPence}p";
            lines.Add(new QuoteLine("rounding", $"Rounded {how} {step}", total - beforeRounding));
        }

        return new QuoteOption(cls.Code, cls.Name, cls.Seats, cls.Suitcases, true, null, null, total, tariff.Currency, lines, returnLines);
    }

    private sealed record PricedLeg(IReadOnlyList<QuoteLine> Lines, int Total, int Discountable);

    private static PricedLeg PriceLeg(Tariff tariff, VehicleClassTariff cls, JourneyLeg leg)
    {
        var d = tariff.Definition;
        var lines = new List<QuoteLine>();
        var fixedRoute = FindFixedRoute(d, cls, leg.From, leg.To);
        if (fixedRoute is { } route)
        {
            lines.Add(new QuoteLine("fixed_route", $"Fixed price: {route.Name}", route.PencePerClass[cls.Code]));
        }
        else
        {
            lines.Add(new QuoteLine("base", "Base fare", cls.BaseFarePence));
            var distance = DistanceFare(cls, leg.Route.Miles);
            lines.Add(new QuoteLine("distance", $"Distance {leg.Route.Miles.ToString("0.0", CultureInfo.InvariantCulture)} miles", distance));
            var shortfall = cls.MinimumFarePence - (cls.BaseFarePence + distance);
            if (shortfall > 0)
            {
                lines.Add(new QuoteLine("minimum_fare_adjustment", $"Minimum fare {Money(cls.MinimumFarePence)}", shortfall));
            }
        }

        var fare = lines.Sum(l => l.AmountPence);
        var time = leg.Pickup.LocalTimeOfDay;
        if (d.Night.Covers(time) && (fixedRoute is null || d.Night.AppliesToFixedRoutes))
        {
            var night = Percent(fare, d.Night.Percent) + d.Night.FlatPence;
            if (night > 0)
            {
                lines.Add(new QuoteLine(
                    "night",
                    $"Night surcharge {d.Night.Start:HH\\:mm}–{d.Night.End:HH\\:mm}" + (d.Night.Percent > 0 ? $" {Pct(d.Night.Percent)}" : ""),
                    night));
            }
        }

        if (fixedRoute is null || d.Holidays.AppliesToFixedRoutes)
        {
            var holiday = HolidayUplift(d.Holidays, leg.Pickup);
            if (holiday is { } h && Percent(fare, h.Percent) is var amount and > 0)
            {
                lines.Add(new QuoteLine(h.Code, $"{h.Name} {Pct(h.Percent)}", amount));
            }
        }

        var discountable = lines.Sum(l => l.AmountPence);

        AddAccessCharge(d, leg.From, pickup: true, lines);
        AddAccessCharge(d, leg.To, pickup: false, lines);

        var extras = leg.Extras;
        AddPerItem(lines, "child_seat", "Child seat", extras.ChildSeats, d.Extras.ChildSeatPence);
        AddPerItem(lines, "booster_seat", "Booster seat", extras.BoosterSeats, d.Extras.BoosterSeatPence);
        if (extras.MeetAndGreet && d.Extras.MeetAndGreetPence > 0)
        {
            lines.Add(new QuoteLine("meet_and_greet", "Meet & greet with name board", d.Extras.MeetAndGreetPence));
        }

        AddPerItem(lines, "extra_stop", "Extra stop", extras.ExtraStops, d.Extras.ExtraStopPence);
        return new PricedLeg(lines, lines.Sum(l => l.AmountPence), discountable);
    }

    internal static int DistanceFare(VehicleClassTariff cls, decimal miles)
    {
        var total = 0;
        var lower = 0m;
        foreach (var band in cls.MileBands)
        {
            var upper = band.UpToMiles ?? decimal.MaxValue;
            var inBand = Math.Min(miles, upper) - lower;
            if (inBand <= 0)
            {
                break;
            }

            total += (int)Math.Round(inBand * band.PencePerMile, 0, MidpointRounding.AwayFromZero);
            lower = upper;
        }

        return total;
    }

    private static FixedRoutePrice? FindFixedRoute(TariffDefinition d, VehicleClassTariff cls, ResolvedPlace from, ResolvedPlace to)
    {
        static bool In(IReadOnlyList<string> zone, ResolvedPlace place) =>
            place.MatchKeys().Any(k => zone.Contains(k, StringComparer.OrdinalIgnoreCase));

        return d.FixedRoutes.FirstOrDefault(r =>
            r.PencePerClass.ContainsKey(cls.Code)
            && ((In(r.ZoneA, from) && In(r.ZoneB, to)) || (In(r.ZoneB, from) && In(r.ZoneA, to))));
    }

    private sealed record Holiday(string Code, string Name, decimal Percent);

    private static Holiday? HolidayUplift(HolidayUplifts h, UkPickupTime pickup)
    {
        var date = pickup.LocalDate;
        var time = pickup.LocalTimeOfDay;
        Holiday? festive = (date.Month, date.Day) switch
        {
            (12, 24) when time >= h.ChristmasEveFrom => new("christmas", "Christmas Eve evening", h.ChristmasEvePercent),
            (12, 25) => new("christmas", "Christmas Day", h.ChristmasDayPercent),
            (12, 26) => new("christmas", "Boxing Day", h.BoxingDayPercent),
            (12, 31) when time >= h.NewYearsEveFrom => new("new_year", "New Year's Eve", h.NewYearsEvePercent),
            (1, 1) => new("new_year", "New Year's Day", h.NewYearsDayPercent),
            _ => null,
        };
        if (festive is { Percent: > 0 })
        {
            return festive;
        }

        return UkCalendar.BankHolidayOn(date) is { } bankHoliday && h.BankHolidayPercent > 0
            ? new Holiday("bank_holiday", $"Bank holiday ({bankHoliday.Name})", h.BankHolidayPercent)
            : null;
    }

    private static void AddAccessCharge(TariffDefinition d, ResolvedPlace place, bool pickup, List<QuoteLine> lines)
    {
        if (!place.AccessCharge || place.PlaceCode is null)
        {
            return;
        }

        var charge = d.AccessCharges.FirstOrDefault(a => string.Equals(a.PlaceCode, place.PlaceCode, StringComparison.OrdinalIgnoreCase));
        var amount = charge is null ? 0 : pickup ? charge.PickupPence : charge.DropOffPence;
        if (amount <= 0)
        {
            return;
        }

        var kind = place.Kind == PlaceKind.Airport ? "airport" : "port";
        var code = $"{kind}_{(pickup ? "pickup" : "dropoff")}";
        var what = pickup ? "pickup (parking) charge" : "drop-off charge";
        lines.Add(new QuoteLine(code, $"{place.Label} {what}", amount));
    }

    private static void AddPerItem(List<QuoteLine> lines, string code, string name, int count, int feePence)
    {
        if (count > 0 && feePence > 0)
        {
            lines.Add(new QuoteLine(code, count == 1 ? name : $"{name} × {count}", count * feePence));
        }
    }

    private static int Percent(int pence, decimal percent) =>
        (int)Math.Round(pence * percent / 100m, 0, MidpointRounding.AwayFromZero);

    private static string Pct(decimal percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Money(int pence) => "£" + (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static QuoteLeg Describe(JourneyLeg leg) => new(
        leg.From.Label,
        leg.To.Label,
        leg.Route.Miles,
        leg.Route.Minutes,
        leg.Pickup.Utc,
        leg.Pickup.LocalWithOffset,
        leg.Pickup.Resolution.ToString(),
        leg.From.Location.Latitude,
        leg.From.Location.Longitude,
        leg.To.Location.Latitude,
        leg.To.Location.Longitude);

    private static void ValidateParty(Party party)
    {
        if (party.Passengers < 1 || party.Suitcases < 0 || party.HandLuggage < 0)
        {
            throw PricingErrors.Error(PricingErrors.InvalidParty, "At least one passenger is needed and luggage cannot be negative.");
        }

        if (party.Passengers > MaxPassengers || party.Suitcases > MaxBags || party.HandLuggage > MaxBags)
        {
            throw PricingErrors.Error(
                PricingErrors.PartyTooLarge,
                $"Quotes online are for up to {MaxPassengers} passengers and {MaxBags} bags of each kind; please call us.");
        }
    }

    private static void ValidateExtras(ExtrasRequest extras, Party party, string field)
    {
        if (extras.ChildSeats < 0 || extras.BoosterSeats < 0 || extras.ExtraStops < 0)
        {
            throw PricingErrors.Error(PricingErrors.InvalidExtras, $"{field}: counts cannot be negative.");
        }

        if (extras.ChildSeats + extras.BoosterSeats > party.Passengers)
        {
            throw PricingErrors.Error(PricingErrors.InvalidExtras, $"{field}: more child and booster seats than passengers.");
        }

        if (extras.ExtraStops > 5)
        {
            throw PricingErrors.Error(PricingErrors.InvalidExtras, $"{field}: at most 5 extra stops can be quoted online.");
        }
    }

    private static void ValidateTimes(Tariff tariff, PricedJourney journey, DateTimeOffset now)
    {
        var pickup = journey.Outbound.Pickup.Utc;
        if (pickup <= now)
        {
            throw PricingErrors.Error(PricingErrors.PickupInPast, "The pickup time has already passed.");
        }

        var notice = tariff.Definition.MinimumNotice;
        if (pickup < now + notice)
        {
            var error = PricingErrors.Error(
                PricingErrors.InsideMinimumNotice,
                $"Online bookings need at least {notice.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes' notice.");
            error.Details["earliestPickupUtc"] = now + notice;
            throw error;
        }

        if (journey.Return is { } back && back.Pickup.Utc < pickup + TimeSpan.FromMinutes(journey.Outbound.Route.Minutes))
        {
            throw PricingErrors.Error(PricingErrors.ReturnBeforeOutbound, "The return pickup must be after the outbound journey arrives.");
        }
    }

    private static int MaxChildSeats(PricedJourney journey) =>
        Math.Max(
            journey.Outbound.Extras.ChildSeats + journey.Outbound.Extras.BoosterSeats,
            journey.Return is null ? 0 : journey.Return.Extras.ChildSeats + journey.Return.Extras.BoosterSeats);

    private sealed record Problem(string Code, string Reason);

    private static Problem? CapacityProblem(VehicleClassTariff cls, Party party, int childSeats)
    {
        if (party.Passengers > cls.Seats)
        {
            return new("too_many_passengers", $"Seats up to {cls.Seats} passengers; the party is {party.Passengers}.");
        }

        if (party.Suitcases > cls.Suitcases)
        {
            return new("too_much_luggage", $"Takes up to {cls.Suitcases} large suitcases; the party has {party.Suitcases}.");
        }

        var handCapacity = cls.HandLuggage + (2 * (cls.Suitcases - party.Suitcases));
        if (party.HandLuggage > handCapacity)
        {
            return new("too_much_luggage", $"With {party.Suitcases} suitcases it takes up to {handCapacity} pieces of hand luggage; the party has {party.HandLuggage}.");
        }

        if (childSeats > cls.MaxChildSeats)
        {
            return new("too_many_child_seats", $"Fits up to {cls.MaxChildSeats} child or booster seats; {childSeats} are needed.");
        }

        return null;
    }

    private static Platform.Web.DomainException NoClassCanCarry(Tariff tariff, Party party, int childSeats)
    {
        var maxSeats = tariff.VehicleClasses.Max(c => c.Seats);
        if (party.Passengers > maxSeats)
        {
            return PricingErrors.Error(PricingErrors.PartyTooLarge, $"Our largest vehicle seats {maxSeats}; the party is {party.Passengers}. Please book two vehicles or call us.");
        }

        var seatsOk = tariff.VehicleClasses.Where(c => c.Seats >= party.Passengers).ToList();
        if (seatsOk.All(c => CapacityProblem(c, party, 0) is not null))
        {
            return PricingErrors.Error(PricingErrors.TooMuchLuggage, "No vehicle that seats the party can also carry this luggage. Please book two vehicles or call us.");
        }

        return PricingErrors.Error(PricingErrors.TooManyChildSeats, $"No vehicle that carries the party fits {childSeats} child or booster seats.");
    }
}
