using System.Globalization;
using System.Text.RegularExpressions;

namespace Nots.Pricing.Time;

/// <summary>How a UK wall-clock time was turned into an instant.</summary>
public enum LocalTimeResolution
{
    /// <summary>The local time exists exactly once.</summary>
    Exact,

    /// <summary>
    /// The local time falls in the spring-forward gap (01:00–01:59 on the last Sunday of March does not exist). It is
    /// read with the offset in force just before the gap, i.e. moved forward by the hour the clocks jumped:
    /// 01:30 becomes 02:30 BST (01:30 UTC). The customer sees the resolved time in the quote.
    /// </summary>
    ShiftedForwardOverGap,

    /// <summary>
    /// The local time happens twice (01:00–01:59 on the last Sunday of October). The earlier one (still BST) is
    /// taken: for a pickup it is better to be an hour early than an hour late.
    /// </summary>
    EarlierOfAmbiguous,

    /// <summary>The input carried an explicit UTC offset, which was honoured as given.</summary>
    ExplicitOffset,
}

/// <summary>A pickup time both as an instant and as the UK wall-clock reading that tariffs depend on.</summary>
public sealed record UkPickupTime(DateTimeOffset Utc, DateTime Local, TimeSpan Offset, LocalTimeResolution Resolution)
{
    public DateTimeOffset LocalWithOffset => new(Local, Offset);

    public DateOnly LocalDate => DateOnly.FromDateTime(Local);

    public TimeOnly LocalTimeOfDay => TimeOnly.FromDateTime(Local);
}

/// <summary>UK local time (Europe/London, GMT/BST) conversions with explicit DST rules.</summary>
public static partial class UkTime
{
    public static TimeZoneInfo London { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>Resolves a UK wall-clock time (its <see cref="DateTime.Kind"/> is ignored) to an instant.</summary>
    public static UkPickupTime FromLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (London.IsInvalidTime(local))
        {
            var offsetBefore = London.GetUtcOffset(local.AddHours(-3));
            var utc = new DateTimeOffset(local, offsetBefore).ToUniversalTime();
            return FromInstant(utc) with { Resolution = LocalTimeResolution.ShiftedForwardOverGap };
        }

        if (London.IsAmbiguousTime(local))
        {
            var offset = London.GetAmbiguousTimeOffsets(local).Max();
            return new UkPickupTime(new DateTimeOffset(local, offset).ToUniversalTime(), local, offset, LocalTimeResolution.EarlierOfAmbiguous);
        }

        var exact = London.GetUtcOffset(local);
        return new UkPickupTime(new DateTimeOffset(local, exact).ToUniversalTime(), local, exact, LocalTimeResolution.Exact);
    }

    /// <summary>The UK wall-clock reading of an instant.</summary>
    public static UkPickupTime FromInstant(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var local = TimeZoneInfo.ConvertTime(utc, London);
        return new UkPickupTime(utc, local.DateTime, local.Offset, LocalTimeResolution.Exact);
    }

    /// <summary>
    /// Parses an ISO 8601 date-time. Without an offset (<c>2027-03-29T04:30</c>) it is UK local time; with one
    /// (<c>…+01:00</c>, <c>…Z</c>) the instant is honoured as given.
    /// </summary>
    public static UkPickupTime Parse(string? text)
    {
        var value = (text ?? "").Trim();
        if (HasOffset().IsMatch(value))
        {
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return FromInstant(instant) with { Resolution = LocalTimeResolution.ExplicitOffset };
            }
        }
        else if (DateTime.TryParseExact(
                     value,
                     ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"],
                     CultureInfo.InvariantCulture,
                     DateTimeStyles.None,
                     out var local))
        {
            return FromLocal(local);
        }

        throw PricingErrors.Error(
            PricingErrors.InvalidPickupTime,
            $"'{text}' is not a date and time such as 2027-03-29T04:30 (UK local) or 2027-03-29T03:30Z.");
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
