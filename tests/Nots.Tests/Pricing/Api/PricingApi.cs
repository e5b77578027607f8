using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nots.Pricing.Time;
using Nots.Web;
using Platform.Identity;
using Platform.Testing;

namespace Nots.Tests.Pricing.Api;

/// <summary>Helpers for pricing feature tests over HTTP against the real NOTS host.</summary>
internal static class PricingApi
{
    public const string Password = "a long enough secret";

    public static Task<ProductFactory<Program>> CreateFactoryAsync(params KeyValuePair<string, string?>[] settings) =>
        ProductFactory<Program>.CreateAsync("Nots", [new("Identity:RequireStaffMfa", "false"), .. settings]);

    /// <summary>
    /// The next England &amp; Wales bank holiday at least a week ahead that is not a festive day (those carry their own
    /// uplift), so the done-when journey keeps working whatever day the suite runs.
    /// </summary>
    public static DateOnly NextOrdinaryBankHoliday()
    {
        var from = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(7);
        return Enumerable.Range(from.Year, 3)
            .SelectMany(UkCalendar.BankHolidays)
            .Where(h => h.Date >= from && h.Date.Month is not (12 or 1))
            .Select(h => h.Date)
            .First();
    }

    /// <summary>A Wednesday at least a week ahead that is not a bank holiday, at <paramref name="time"/> UK time.</summary>
    public static string OrdinaryWeekday(string time = "12:00")
    {
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(7);
        while (day.DayOfWeek != DayOfWeek.Wednesday || UkCalendar.IsBankHoliday(day))
        {
            day = day.AddDays(1);
        }

        return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T" + time;
    }

    public static object PooleToHeathrow(string pickupAt, int passengers = 4, int suitcases = 4, object? extras = null) => new
    {
        pickup = new { place = "POOLE" },
        dropoff = new { place = "LHR" },
        pickupAt,
        passengers,
        suitcases,
        handLuggage = 0,
        vehicleClass = (string?)null,
        extras = extras ?? new { childSeats = 0, boosterSeats = 0, meetAndGreet = false, extraStops = Array.Empty<object>() },
        @return = (object?)null,
        flightNumber = (string?)null,
    };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<string> CodeAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("code").GetString()!;

    public static JsonElement Option(this JsonElement quote, string vehicleClass) =>
        quote.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("vehicleClass").GetString() == vehicleClass);

    public static IReadOnlyList<string> LineCodes(this JsonElement option) =>
        option.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("code").GetString()!).ToList();

    /// <summary>Creates an account with <paramref name="role"/> and returns a bearer token for it.</summary>
    public static async Task<string> TokenAsync(ProductFactory<Program> factory, HttpClient client, string role)
    {
        var email = $"{role}.{Guid.NewGuid():N}@example.test";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, role, role);
        }

        var response = await client.PostAsJsonAsync("/v1/auth/token", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("accessToken").GetString()!;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? token, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
