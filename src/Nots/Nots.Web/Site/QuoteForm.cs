using System.Globalization;
using System.Text.RegularExpressions;
using Nots.Pricing;
using Nots.Pricing.Features.CreateQuote;
using Nots.Pricing.Features.Site;
using Platform.Web;

namespace Nots.Web.Site;

/// <summary>The home page's quote form, as typed (strings, so bad input re-renders instead of failing to bind).</summary>
public sealed partial class QuoteForm
{
    public string? Pickup { get; set; }

    public string? Dropoff { get; set; }

    public string? Date { get; set; }

    public string? Time { get; set; }

    public string? Passengers { get; set; }

    public string? Suitcases { get; set; }

    public string? HandLuggage { get; set; }

    public string? ChildSeats { get; set; }

    public string? BoosterSeats { get; set; }

    public string? MeetAndGreet { get; set; }

    public string? ReturnDate { get; set; }

    public string? ReturnTime { get; set; }

    public string? FlightNumber { get; set; }

    public static QuoteForm Default => new() { Passengers = "1", Suitcases = "1", HandLuggage = "1", ChildSeats = "0", BoosterSeats = "0" };

    /// <summary>
    /// Presence and number formats (what a browser's own checks would catch); places, times, party size and flight
    /// numbers are the pricing module's rules, reported through <see cref="FieldOf"/>.
    /// </summary>
    internal CreateQuoteRequest? ToRequest(ISiteQuotes quotes, Dictionary<string, string> errors)
    {
        var pickup = quotes.Interpret(Pickup);
        var dropoff = quotes.Interpret(Dropoff);
        if (pickup is null)
        {
            errors["pickup"] = "Enter where we pick you up: an airport, port, station, town or postcode.";
        }

        if (dropoff is null)
        {
            errors["dropoff"] = "Enter where you are going: an airport, port, station, town or postcode.";
        }

        var pickupAt = DateTime(Date, Time, "date", "time", "the pickup", errors);
        string? returnAt = null;
        if (!string.IsNullOrWhiteSpace(ReturnDate) || !string.IsNullOrWhiteSpace(ReturnTime))
        {
            returnAt = DateTime(ReturnDate, ReturnTime, "returnDate", "returnTime", "the return pickup", errors);
        }

        var passengers = Count(Passengers, "passengers", 1, 16, "passengers", errors);
        var suitcases = Count(Suitcases, "suitcases", 0, 20, "suitcases", errors);
        var hand = Count(HandLuggage, "handLuggage", 0, 20, "pieces of hand luggage", errors);
        var child = Count(ChildSeats, "childSeats", 0, 4, "child seats", errors);
        var booster = Count(BoosterSeats, "boosterSeats", 0, 4, "booster seats", errors);
        if (errors.Count > 0)
        {
            return null;
        }

        return new CreateQuoteRequest(
            pickup,
            dropoff,
            pickupAt,
            passengers,
            suitcases,
            hand,
            null,
            new QuoteExtrasBody(child, booster, MeetAndGreet is "on" or "true"),
            returnAt is null ? null : new QuoteReturnBody(returnAt),
            string.IsNullOrWhiteSpace(FlightNumber) ? null : FlightNumber.Trim());
    }

    private static string? DateTime(string? date, string? time, string dateField, string timeField, string what, Dictionary<string, string> errors)
    {
        var okDate = System.DateTime.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        var okTime = TimeOnly.TryParseExact(time?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock);
        if (!okDate)
        {
            errors[dateField] = $"Enter the date of {what}.";
        }

        if (!okTime)
        {
            errors[timeField] = $"Enter the time of {what}, like 09:30.";
        }

        return okDate && okTime ? $"{day:yyyy-MM-dd}T{clock:HH\\:mm}" : null;
    }

    private static int Count(string? value, string field, int min, int max, string what, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value) && min == 0)
        {
            return 0;
        }

        if (int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors[field] = $"Enter {min}–{max} {what}.";
        return 0;
    }

    /// <summary>The form field a pricing error belongs to (null: shown above the form).</summary>
    internal static (string? Field, string Message) FieldOf(DomainException exception)
    {
        var message = exception.Message;
        var prefixed = FieldPrefix().Match(message);
        if (prefixed.Success)
        {
            message = char.ToUpperInvariant(prefixed.Groups[2].Value[0]) + prefixed.Groups[2].Value[1..];
            var field = prefixed.Groups[1].Value;
            if (field is "pickup" or "dropoff")
            {
                return (field, message);
            }
        }

        return exception.Code switch
        {
            PricingErrors.InvalidPickupTime or PricingErrors.PickupInPast or PricingErrors.InsideMinimumNotice => ("date", message),
            PricingErrors.ReturnBeforeOutbound => ("returnDate", message),
            PricingErrors.InvalidParty or PricingErrors.PartyTooLarge => ("passengers", message),
            PricingErrors.TooMuchLuggage => ("suitcases", message),
            PricingErrors.TooManyChildSeats => ("childSeats", message),
            PricingErrors.InvalidFlightNumber => ("flightNumber", message),
            PricingErrors.SamePlace => ("dropoff", message),
            _ => (null, message),
        };
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9.\[\]]*): (.+)$", RegexOptions.Singleline)]
    private static partial Regex FieldPrefix();
}
