namespace Nots.Pricing.Tariffs;

/// <summary>A per-mile rate for the miles up to <paramref name="UpToMiles"/> (the last band has none: every mile beyond).</summary>
public sealed record MileBand(decimal? UpToMiles, int PencePerMile);

/// <summary>
/// A vehicle class: what it carries and how its distance fare is built. <c>Suitcases</c> are large cases; each
/// unused case slot holds two more pieces of hand luggage. <c>MaxChildSeats</c> counts child and booster seats together.
/// </summary>
public sealed record VehicleClassTariff(
    string Code,
    string Name,
    int Seats,
    int Suitcases,
    int HandLuggage,
    int MaxChildSeats,
    int BaseFarePence,
    IReadOnlyList<MileBand> MileBands,
    int MinimumFarePence);

/// <summary>
/// A fixed price per vehicle class between two zones, in both directions; it replaces the distance fare.
/// A zone entry is a gazetteer code (<c>LHR</c>), a postcode district (<c>BH15</c>) or a postcode area (<c>BH</c>).
/// Classes missing from <paramref name="PencePerClass"/> are priced by distance.
/// </summary>
public sealed record FixedRoutePrice(
    string Name,
    IReadOnlyList<string> ZoneA,
    IReadOnlyList<string> ZoneB,
    IReadOnlyDictionary<string, int> PencePerClass);

/// <summary>An airport or port charge passed on to the customer (drop-off fee, short-stay parking for a pickup).</summary>
public sealed record AccessCharge(string PlaceCode, int PickupPence, int DropOffPence);

/// <summary>
/// Surcharge for pickups whose UK local time is in [<paramref name="Start"/>, <paramref name="End"/>); the window
/// may cross midnight (23:00–06:00). Percent of the fare plus an optional flat amount.
/// </summary>
public sealed record NightSurcharge(TimeOnly Start, TimeOnly End, decimal Percent, int FlatPence, bool AppliesToFixedRoutes)
{
    public bool Covers(TimeOnly time) =>
        Start < End ? time >= Start && time < End : time >= Start || time < End;
}

/// <summary>
/// Holiday uplifts in percent of the fare. Festive days (Christmas Eve from <paramref name="ChristmasEveFrom"/>,
/// Christmas Day, Boxing Day, New Year's Eve from <paramref name="NewYearsEveFrom"/>, New Year's Day) take
/// precedence over the bank-holiday uplift, which applies to every other England &amp; Wales bank holiday
/// including substitute days.
/// </summary>
public sealed record HolidayUplifts(
    decimal BankHolidayPercent,
    TimeOnly ChristmasEveFrom,
    decimal ChristmasEvePercent,
    decimal ChristmasDayPercent,
    decimal BoxingDayPercent,
    TimeOnly NewYearsEveFrom,
    decimal NewYearsEvePercent,
    decimal NewYearsDayPercent,
    bool AppliesToFixedRoutes);

/// <summary>Fees for extras, per item per journey leg.</summary>
public sealed record ExtrasFees(int ChildSeatPence, int BoosterSeatPence, int MeetAndGreetPence, int ExtraStopPence);

public enum RoundingDirection
{
    Nearest,
    Up,
}

/// <summary>Rounding of the total to <paramref name="StepPence"/> (1 = none, 50, or 100).</summary>
public sealed record RoundingRule(int StepPence, RoundingDirection Direction)
{
    public int Apply(int pence)
    {
        if (StepPence <= 1)
        {
            return pence;
        }

        var below = pence - Mod(pence, StepPence);
        if (below == pence)
        {
            return pence;
        }

        return Direction == RoundingDirection.Up || pence - below >= StepPence - (pence - below)
            ? below + StepPence
            : below;
    }

    private static int Mod(int value, int step) => ((value % step) + step) % step;
}

/// <summary>
/// Everything the owner configures, as stored and edited. Turn it into a <see cref="Tariff"/> to use it.
/// <c>ReturnDiscountPercent</c> comes off the fares and time surcharges of both legs of a return; extras and
/// airport/port charges are not discounted.
/// </summary>
public sealed record TariffDefinition(
    string Version,
    string Currency,
    IReadOnlyList<VehicleClassTariff> VehicleClasses,
    IReadOnlyList<FixedRoutePrice> FixedRoutes,
    IReadOnlyList<AccessCharge> AccessCharges,
    NightSurcharge Night,
    HolidayUplifts Holidays,
    ExtrasFees Extras,
    decimal ReturnDiscountPercent,
    TimeSpan MinimumNotice,
    RoundingRule Rounding);
