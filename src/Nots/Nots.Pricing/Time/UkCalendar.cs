namespace Nots.Pricing.Time;

/// <summary>A public holiday in England and Wales.</summary>
public sealed record BankHoliday(DateOnly Date, string Name);

/// <summary>
/// England &amp; Wales bank holidays for any year: New Year's Day, Good Friday, Easter Monday, early May, spring and
/// summer bank holidays, Christmas and Boxing Day, with substitute days when a fixed holiday falls at a weekend,
/// plus the one-off changes by royal proclamation since 1995.
/// </summary>
public static class UkCalendar
{
    public static bool IsBankHoliday(DateOnly date) => BankHolidays(date.Year).Any(h => h.Date == date);

    public static BankHoliday? BankHolidayOn(DateOnly date) => BankHolidays(date.Year).FirstOrDefault(h => h.Date == date);

    public static IReadOnlyList<BankHoliday> BankHolidays(int year)
    {
        var days = new List<BankHoliday>();

        var newYear = new DateOnly(year, 1, 1);
        days.Add(new(NextWeekday(newYear), newYear.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? "New Year's Day (substitute day)" : "New Year's Day"));

        var easter = EasterSunday(year);
        days.Add(new(easter.AddDays(-2), "Good Friday"));
        days.Add(new(easter.AddDays(1), "Easter Monday"));

        days.Add(year switch
        {
            1995 => new(new DateOnly(1995, 5, 8), "Early May bank holiday (VE Day)"),
            2020 => new(new DateOnly(2020, 5, 8), "Early May bank holiday (VE Day)"),
            _ => new(FirstMonday(year, 5), "Early May bank holiday"),
        });

        switch (year)
        {
            case 2002:
                days.Add(new(new DateOnly(2002, 6, 4), "Spring bank holiday"));
                days.Add(new(new DateOnly(2002, 6, 3), "Golden Jubilee bank holiday"));
                break;
            case 2012:
                days.Add(new(new DateOnly(2012, 6, 4), "Spring bank holiday"));
                days.Add(new(new DateOnly(2012, 6, 5), "Queen's Diamond Jubilee"));
                break;
            case 2022:
                days.Add(new(new DateOnly(2022, 6, 2), "Spring bank holiday"));
                days.Add(new(new DateOnly(2022, 6, 3), "Platinum Jubilee bank holiday"));
                break;
            default:
                days.Add(new(LastMonday(year, 5), "Spring bank holiday"));
                break;
        }

        days.Add(new(LastMonday(year, 8), "Summer bank holiday"));

        var christmas = new DateOnly(year, 12, 25);
        switch (christmas.DayOfWeek)
        {
            case DayOfWeek.Friday:
                days.Add(new(christmas, "Christmas Day"));
                days.Add(new(christmas.AddDays(3), "Boxing Day (substitute day)"));
                break;
            case DayOfWeek.Saturday:
                days.Add(new(christmas.AddDays(2), "Christmas Day (substitute day)"));
                days.Add(new(christmas.AddDays(3), "Boxing Day (substitute day)"));
                break;
            case DayOfWeek.Sunday:
                days.Add(new(christmas.AddDays(1), "Boxing Day"));
                days.Add(new(christmas.AddDays(2), "Christmas Day (substitute day)"));
                break;
            default:
                days.Add(new(christmas, "Christmas Day"));
                days.Add(new(christmas.AddDays(1), "Boxing Day"));
                break;
        }

        days.AddRange(OneOffs.Where(h => h.Date.Year == year));
        return days.OrderBy(d => d.Date).ToList();
    }

    /// <summary>Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" computus.</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static readonly BankHoliday[] OneOffs =
    [
        new(new DateOnly(1999, 12, 31), "Millennium Celebrations"),
        new(new DateOnly(2011, 4, 29), "Royal Wedding"),
        new(new DateOnly(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        new(new DateOnly(2023, 5, 8), "Coronation of King Charles III"),
    ];

    private static DateOnly NextWeekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly FirstMonday(int year, int month)
    {
        var date = new DateOnly(year, month, 1);
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var date = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(-1);
        }

        return date;
    }
}
