using System.Globalization;
using System.Text.RegularExpressions;

namespace NovaTech.Web.Storefront;

/// <summary>How the shop writes money, dates and text for people (en-GB).</summary>
public static partial class Format
{
    private static readonly CultureInfo UkCulture = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>£1,299.00</summary>
    public static string Money(long pence) => (pence / 100m).ToString("C", UkCulture);

    /// <summary>Tuesday 4 May</summary>
    public static string Day(DateOnly day) => day.ToString("dddd d MMMM", UkCulture);

    /// <summary>4 May 2027, 14:05 (UK time)</summary>
    public static string UkTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("d MMMM yyyy, HH:mm", UkCulture);

    /// <summary>A window of delivery days: "Tuesday 4 May" or "Tuesday 4 May – Thursday 6 May".</summary>
    public static string Window(DateOnly earliest, DateOnly latest) => earliest == latest ? Day(earliest) : $"{Day(earliest)} – {Day(latest)}";

    /// <summary>Number as text with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", UkCulture);

    /// <summary>"1 item" / "3 items".</summary>
    public static string Items(long count) => count == 1 ? "1 item" : $"{Count(count)} items";

    /// <summary>Plain text of an HTML fragment, at most <paramref name="max"/> characters (for meta descriptions).</summary>
    public static string PlainText(string html, int max)
    {
        var text = Spaces().Replace(Tags().Replace(html, " "), " ").Trim();
        text = System.Net.WebUtility.HtmlDecode(text);
        return text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
    }

    /// <summary>"Panel type" from "panel type" / "colour" → "Colour".</summary>
    public static string Label(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    /// <summary>
    /// A product image the page can show, or null: the content security policy allows images from this host only, and the
    /// demo catalog's images point at reserved <c>.example</c> hosts that never resolve.
    /// </summary>
    public static string? Image(string? url) => url is { Length: > 1 } && url[0] == '/' && url[1] != '/' ? url : null;

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
