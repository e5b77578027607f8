using Platform.Web;

namespace Nots.Pricing.Tariffs;

/// <summary>A validated, immutable tariff. Every quote records <see cref="Version"/>.</summary>
public sealed class Tariff
{
    private Tariff(TariffDefinition definition) => Definition = definition;

    public TariffDefinition Definition { get; }

    public string Version => Definition.Version;

    public string Currency => Definition.Currency;

    public IReadOnlyList<VehicleClassTariff> VehicleClasses => Definition.VehicleClasses;

    /// <summary>Validates and wraps a definition; a bad one throws <c>invalid_tariff</c> listing every problem.</summary>
    public static Tariff Create(TariffDefinition definition)
    {
        var problems = Validate(definition);
        if (problems.Count > 0)
        {
            var error = new DomainException(PricingErrors.InvalidTariff, "The tariff is invalid: " + string.Join(" ", problems));
            error.Details["problems"] = problems;
            throw error;
        }

        return new Tariff(definition);
    }

    public static IReadOnlyList<string> Validate(TariffDefinition d)
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Check(!string.IsNullOrWhiteSpace(d.Version), "Version is required.");
        Check(d.Currency is { Length: 3 } && d.Currency.All(char.IsAsciiLetterUpper), "Currency must be an ISO 4217 code such as GBP.");
        Check(d.VehicleClasses.Count > 0, "At least one vehicle class is required.");
        foreach (var group in d.VehicleClasses.GroupBy(c => c.Code, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Vehicle class '{group.Key}' is defined more than once.");
        }

        foreach (var c in d.VehicleClasses)
        {
            var label = $"Vehicle class '{c.Code}':";
            Check(!string.IsNullOrWhiteSpace(c.Code), "Every vehicle class needs a code.");
            Check(c.Seats >= 1, $"{label} seats must be at least 1.");
            Check(c.Suitcases >= 0 && c.HandLuggage >= 0 && c.MaxChildSeats >= 0, $"{label} capacities cannot be negative.");
            Check(c.MaxChildSeats <= c.Seats, $"{label} cannot fit more child seats than seats.");
            Check(c.BaseFarePence >= 0 && c.MinimumFarePence >= 0, $"{label} base and minimum fares cannot be negative.");
            Check(c.MileBands.Count > 0, $"{label} needs at least one per-mile band.");
            Check(c.MileBands.All(b => b.PencePerMile >= 0), $"{label} per-mile rates cannot be negative.");
            if (c.MileBands.Count > 0)
            {
                Check(c.MileBands[^1].UpToMiles is null, $"{label} the last band must be open-ended (no upper limit).");
                Check(c.MileBands.Take(c.MileBands.Count - 1).All(b => b.UpToMiles is > 0), $"{label} every band but the last needs a positive upper limit.");
                var limits = c.MileBands.Where(b => b.UpToMiles is not null).Select(b => b.UpToMiles!.Value).ToList();
                Check(limits.Zip(limits.Skip(1)).All(p => p.First < p.Second), $"{label} band limits must increase.");
            }
        }

        var classCodes = d.VehicleClasses.Select(c => c.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var route in d.FixedRoutes)
        {
            var label = $"Fixed route '{route.Name}':";
            Check(route.ZoneA.Count > 0 && route.ZoneB.Count > 0, $"{label} both ends need at least one place, district or area.");
            Check(!route.ZoneA.Intersect(route.ZoneB, StringComparer.OrdinalIgnoreCase).Any(), $"{label} the two ends overlap.");
            Check(route.PencePerClass.Count > 0, $"{label} needs a price for at least one vehicle class.");
            Check(route.PencePerClass.Keys.All(classCodes.Contains), $"{label} prices a vehicle class that does not exist.");
            Check(route.PencePerClass.Values.All(p => p > 0), $"{label} prices must be positive.");
        }

        foreach (var group in d.AccessCharges.GroupBy(a => a.PlaceCode, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Access charge for '{group.Key}' is defined more than once.");
        }

        Check(d.AccessCharges.All(a => a.PickupPence >= 0 && a.DropOffPence >= 0), "Airport and port charges cannot be negative.");
        Check(d.Night.Percent is >= 0 and <= 200 && d.Night.FlatPence >= 0, "Night surcharge must be 0–200 % and a non-negative flat amount.");
        Check(d.Night.Start != d.Night.End || (d.Night.Percent == 0 && d.Night.FlatPence == 0), "Night window start and end must differ.");
        var h = d.Holidays;
        Check(
            new[] { h.BankHolidayPercent, h.ChristmasEvePercent, h.ChristmasDayPercent, h.BoxingDayPercent, h.NewYearsEvePercent, h.NewYearsDayPercent }
                .All(p => p is >= 0 and <= 200),
            "Holiday uplifts must be 0–200 %.");
        Check(
            d.Extras.ChildSeatPence >= 0 && d.Extras.BoosterSeatPence >= 0 && d.Extras.MeetAndGreetPence >= 0 && d.Extras.ExtraStopPence >= 0,
            "Extras fees cannot be negative.");
        Check(d.ReturnDiscountPercent is >= 0 and < 100, "Return discount must be at least 0 % and under 100 %.");
        Check(d.MinimumNotice >= TimeSpan.Zero, "Minimum notice cannot be negative.");
        Check(d.Rounding.StepPence is 1 or 50 or 100, "Rounding step must be 1 (none), 50 or 100 pence.");
        return problems;
    }

    public VehicleClassTariff? FindClass(string code) =>
        VehicleClasses.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));
}
