using System.Globalization;

namespace Nots.Reporting.Features;

/// <summary>
/// A report's date range in UK local dates (<c>from</c> and <c>to</c> both included), turned into UTC instants at
/// Europe/London midnights, so a day is a UK day through GMT and BST alike.
/// </summary>
internal sealed record ReportPeriod(DateOnly From, DateOnly To, DateTimeOffset FromUtc, DateTimeOffset ToUtc)
{
    public const int MaxDays = 732;
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The period, or null with the problems added to <paramref name="errors"/> (a 400 for the caller).</summary>
    public static ReportPeriod? Parse(string? from, string? to, TimeProvider time, Dictionary<string, string[]> errors)
    {
        var today = LocalDate(time.GetUtcNow());
        var first = ParseDate(from, "from", errors) ?? today.AddDays(-29);
        var last = ParseDate(to, "to", errors) ?? today;
        if (errors.Count > 0)
        {
            return null;
        }

        if (last < first)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }
        else if (last.DayNumber - first.DayNumber >= MaxDays)
        {
            errors["to"] = [$"A report covers at most {MaxDays} days."];
        }

        return errors.Count > 0 ? null : new ReportPeriod(first, last, StartOf(first), StartOf(last.AddDays(1)));
    }

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    public static DateTimeOffset StartOf(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, London.GetUtcOffset(midnight)).ToUniversalTime();
    }

    public static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [$"'{name}' must be a date as yyyy-mm-dd."];
        return null;
    }
}
