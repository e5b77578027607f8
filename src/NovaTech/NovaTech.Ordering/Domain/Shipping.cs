using Platform.Web;

namespace NovaTech.Ordering.Domain;

/// <summary>A shipping price and the delivery window promised at checkout.</summary>
internal sealed record ShippingQuote(string Method, long PricePence, DateOnly EarliestDelivery, DateOnly LatestDelivery);

/// <summary>
/// Shipping rates by method, destination zone and parcel weight band, with a delivery estimate in UK business days
/// (Monday to Friday, Europe/London; orders after the 14:00 cut-off leave the next business day).
/// Bank holidays are not yet taken into account.
/// </summary>
internal static class ShippingRates
{
    public const string Standard = "standard";
    public const string Express = "express";
    public const string NextDay = "next-day";

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeOnly CutOff = new(14, 0);

    // Upper bounds of the weight bands in grams; the last band has no upper bound.
    private static readonly int[] Bands = [2_000, 5_000, 10_000, 20_000];

    private static readonly Dictionary<(string Method, ShippingZone Zone), (long[] Prices, int MinDays, int MaxDays)> Table = new()
    {
        [(Standard, ShippingZone.Uk)] = ([399, 499, 699, 999, 1499], 2, 4),
        [(Express, ShippingZone.Uk)] = ([699, 899, 1199, 1599, 2499], 1, 2),
        [(NextDay, ShippingZone.Uk)] = ([999, 1199, 1499, 1999, 2999], 1, 1),
        [(Standard, ShippingZone.Eu)] = ([999, 1299, 1699, 2499, 3999], 4, 7),
        [(Express, ShippingZone.Eu)] = ([1799, 2199, 2699, 3499, 4999], 2, 3),
    };

    public static IReadOnlyList<string> Methods { get; } = [Standard, Express, NextDay];

    public static ShippingQuote Quote(string? method, ShippingZone zone, int weightGrams, DateTimeOffset now)
    {
        var key = (method ?? "").Trim().ToLowerInvariant();
        if (!Methods.Contains(key))
        {
            var unknown = new DomainException(OrderingErrors.ShippingMethodUnavailable, $"Shipping method must be one of: {string.Join(", ", Methods)}.");
            unknown.Details["field"] = "shippingMethod";
            throw unknown;
        }

        if (!Table.TryGetValue((key, zone), out var row))
        {
            var unavailable = new DomainException(OrderingErrors.ShippingMethodUnavailable, $"{key} delivery is only available within the UK.");
            unavailable.Details["field"] = "shippingMethod";
            throw unavailable;
        }

        var band = Array.FindIndex(Bands, b => weightGrams <= b);
        var price = row.Prices[band < 0 ? Bands.Length : band];
        var local = TimeZoneInfo.ConvertTime(now, London);
        var dispatch = DateOnly.FromDateTime(local.DateTime);
        if (!IsBusinessDay(dispatch) || TimeOnly.FromDateTime(local.DateTime) >= CutOff)
        {
            dispatch = NextBusinessDay(dispatch);
        }

        return new ShippingQuote(key, price, AddBusinessDays(dispatch, row.MinDays), AddBusinessDays(dispatch, row.MaxDays));
    }

    public static DateOnly AddBusinessDays(DateOnly day, int count)
    {
        for (var i = 0; i < count; i++)
        {
            day = NextBusinessDay(day);
        }

        return day;
    }

    private static DateOnly NextBusinessDay(DateOnly day)
    {
        do
        {
            day = day.AddDays(1);
        }
        while (!IsBusinessDay(day));
        return day;
    }

    private static bool IsBusinessDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}

/// <summary>VAT contained in VAT-inclusive prices: gross × rate / (1 + rate), rounded half away from zero per line.</summary>
internal static class Vat
{
    /// <summary>UK standard rate, applied to shipping.</summary>
    public const int StandardRateBasisPoints = 2000;

    public static long IncludedIn(long grossPence, int rateBasisPoints) =>
        rateBasisPoints <= 0 ? 0 : (long)Math.Round(grossPence * (decimal)rateBasisPoints / (10_000 + rateBasisPoints), MidpointRounding.AwayFromZero);
}
