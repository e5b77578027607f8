using Nots.Pricing;
using Nots.Pricing.Geography;
using Nots.Pricing.Routing;
using Nots.Pricing.Time;
using Platform.Web;

namespace Nots.Tests.Pricing;

public sealed class DistanceAndTimeTests
{
    private readonly Gazetteer _gazetteer = new();

    private RouteEstimate Between(string from, string to) =>
        OfflineDistanceEstimator.Estimate(_gazetteer.Find(from)!.Location, _gazetteer.Find(to)!.Location);

    [Fact]
    public void Poole_to_heathrow_is_about_a_hundred_road_miles_and_two_hours()
    {
        var route = Between("POOLE", "LHR");

        route.Miles.ShouldBeInRange(95m, 110m);
        route.Minutes.ShouldBeInRange(110, 135);
        route.Source.ShouldBe("offline");
    }

    [Fact]
    public void Bournemouth_to_southampton_is_about_thirty_miles()
    {
        Between("BOURNEMOUTH", "SOUTHAMPTON").Miles.ShouldBeInRange(30m, 35m);
    }

    [Fact]
    public void Short_town_trip_is_longer_than_the_crow_flies_and_slow()
    {
        var from = _gazetteer.Find("POOLE")!.Location;
        var to = _gazetteer.Find("BOURNEMOUTH")!.Location;

        var route = OfflineDistanceEstimator.Estimate(from, to);

        ((double)route.Miles).ShouldBeGreaterThan(from.MilesTo(to) * 1.3);
        route.Minutes.ShouldBeGreaterThanOrEqualTo(15);
    }

    [Fact]
    public async Task Estimates_are_symmetric_and_one_decimal()
    {
        var estimator = new OfflineDistanceEstimator();
        var a = _gazetteer.Find("SALISBURY")!.Location;
        var b = _gazetteer.Find("LGW")!.Location;

        var there = await estimator.EstimateAsync(a, b, CancellationToken.None);
        var back = await estimator.EstimateAsync(b, a, CancellationToken.None);

        there.ShouldBe(back);
        (there.Miles * 10).ShouldBe(decimal.Truncate(there.Miles * 10));
    }

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2028, 4, 16)]
    [InlineData(2038, 4, 25)]
    [InlineData(2008, 3, 23)]
    public void Easter_sunday_is_computed(int year, int month, int day)
    {
        UkCalendar.EasterSunday(year).ShouldBe(new DateOnly(year, month, day));
    }

    [Fact]
    public void Bank_holidays_2026_match_gov_uk()
    {
        Dates(2026).ShouldBe(["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"]);
    }

    [Fact]
    public void Bank_holidays_2027_have_christmas_on_a_saturday_moved_to_27_and_28_december()
    {
        Dates(2027).ShouldBe(["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"]);
    }

    [Fact]
    public void Bank_holidays_2022_include_the_jubilee_and_the_state_funeral()
    {
        Dates(2022).ShouldBe(["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"]);
    }

    [Fact]
    public void One_off_changes_are_applied()
    {
        UkCalendar.IsBankHoliday(new DateOnly(2020, 5, 8)).ShouldBeTrue();
        UkCalendar.IsBankHoliday(new DateOnly(2020, 5, 4)).ShouldBeFalse();
        UkCalendar.IsBankHoliday(new DateOnly(2023, 5, 8)).ShouldBeTrue();
        UkCalendar.IsBankHoliday(new DateOnly(2023, 5, 1)).ShouldBeTrue();
    }

    [Fact]
    public void Christmas_on_a_sunday_moves_christmas_to_tuesday()
    {
        Dates(2033).Where(d => d.StartsWith("2033-12", StringComparison.Ordinal)).ShouldBe(["2033-12-26", "2033-12-27"]);
    }

    [Fact]
    public void Local_times_convert_with_gmt_in_winter_and_bst_in_summer()
    {
        UkTime.Parse("2027-01-10T10:00").Utc.ShouldBe(new DateTimeOffset(2027, 1, 10, 10, 0, 0, TimeSpan.Zero));
        UkTime.Parse("2027-07-10T10:00").Utc.ShouldBe(new DateTimeOffset(2027, 7, 10, 9, 0, 0, TimeSpan.Zero));
        UkTime.FromInstant(new DateTimeOffset(2027, 7, 10, 9, 0, 0, TimeSpan.Zero)).Local.ShouldBe(new DateTime(2027, 7, 10, 10, 0, 0));
    }

    [Fact]
    public void Nonexistent_time_in_the_spring_gap_moves_forward_an_hour()
    {
        var pickup = UkTime.Parse("2027-03-28T01:30");

        pickup.Resolution.ShouldBe(LocalTimeResolution.ShiftedForwardOverGap);
        pickup.Utc.ShouldBe(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero));
        pickup.Local.ShouldBe(new DateTime(2027, 3, 28, 2, 30, 0));
        pickup.Offset.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Ambiguous_time_in_the_autumn_overlap_takes_the_earlier_bst_instant()
    {
        var pickup = UkTime.Parse("2027-10-31T01:30");

        pickup.Resolution.ShouldBe(LocalTimeResolution.EarlierOfAmbiguous);
        pickup.Utc.ShouldBe(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero));
        pickup.Local.ShouldBe(new DateTime(2027, 10, 31, 1, 30, 0));
    }

    [Fact]
    public void Explicit_offset_is_honoured_even_in_the_overlap()
    {
        var pickup = UkTime.Parse("2027-10-31T01:30+00:00");

        pickup.Resolution.ShouldBe(LocalTimeResolution.ExplicitOffset);
        pickup.Utc.ShouldBe(new DateTimeOffset(2027, 10, 31, 1, 30, 0, TimeSpan.Zero));
        pickup.Local.ShouldBe(new DateTime(2027, 10, 31, 1, 30, 0));
        pickup.Offset.ShouldBe(TimeSpan.Zero);
        UkTime.Parse("2027-07-10T09:00Z").Local.ShouldBe(new DateTime(2027, 7, 10, 10, 0, 0));
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2027-02-30T10:00")]
    [InlineData("")]
    public void Unparseable_pickup_time_is_refused(string text)
    {
        Should.Throw<DomainException>(() => UkTime.Parse(text)).Code.ShouldBe(PricingErrors.InvalidPickupTime);
    }

    private static string[] Dates(int year) =>
        UkCalendar.BankHolidays(year).Select(h => h.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
