using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cluster.Tests;

/// <summary>NOTS over HTTP as its users drive it: the owner onboards drivers, guests quote, book and pay, staff dispatch.</summary>
public sealed partial class NotsApi(HttpClient client)
{
    private static int _sequence = Random.Shared.Next(1000, 90_000);

    public HttpClient Client => client;

    public static async Task<string> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/v1/auth/token", new { email, password });
        return (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
    }

    public Task<string> OwnerAsync() => SignInAsync(client, ClusterEnvironment.NotsOwner, ClusterEnvironment.Password);

    /// <summary>A compliant driver with a vehicle: every required document uploaded and verified by the owner.</summary>
    public async Task<(Guid DriverId, Guid VehicleId)> DriverAsync(string owner, string vehicleClass = "estate")
    {
        var n = Interlocked.Increment(ref _sequence);
        var driver = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/drivers", owner, new
        {
            name = "Cluster Driver " + n.ToString(CultureInfo.InvariantCulture),
            email = $"driver.{Guid.NewGuid():N}@cluster.test",
            phone = "07700 9" + (10000 + (n % 90000)).ToString(CultureInfo.InvariantCulture),
            licenceNumber = LicenceNumber(n),
            badgeNumber = $"PHD-{Guid.NewGuid():N}"[..20],
        }), HttpStatusCode.Created);
        var driverId = driver.GetProperty("id").GetGuid();
        var registration = $"{(char)('A' + (n / 676 % 26))}{(char)('A' + (n / 26 % 26))}{10 + (n % 90)} {(char)('A' + (n % 26))}{(char)('A' + (n / 7 % 26))}C";
        var vehicle = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/vehicles", owner, new
        {
            registration,
            make = "Skoda",
            model = "Superb Estate",
            colour = "Grey",
            vehicleClass,
            seats = 4,
            suitcases = 4,
            plateNumber = "PHV-C" + n.ToString(CultureInfo.InvariantCulture),
            driverIds = new[] { driverId },
        }), HttpStatusCode.Created);
        var vehicleId = vehicle.GetProperty("id").GetGuid();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var type in new[] { "driving-licence", "ph-badge", "dbs", "medical", "right-to-work" })
        {
            await DocumentAsync(owner, "driver", driverId, type, today);
        }

        foreach (var type in new[] { "v5c", "mot", "insurance", "plate-licence" })
        {
            await DocumentAsync(owner, "vehicle", vehicleId, type, today);
        }

        return (driverId, vehicleId);
    }

    /// <summary>A guest's quote (Heathrow → Poole) at <paramref name="pickupAt"/>.</summary>
    public async Task<HttpResponseMessage> QuoteAsync(DateTimeOffset pickupAt) =>
        await client.PostAsJsonAsync("/v1/quotes", new
        {
            pickup = new { place = "LHR" },
            dropoff = new { postcode = "BH15 1AA" },
            pickupAt = pickupAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            passengers = 2,
            suitcases = 2,
            flightNumber = "BA117",
        });

    /// <summary>Books an estate car on <paramref name="quoteId"/> as a guest, with an Idempotency-Key like a careful client.</summary>
    public async Task<HttpResponseMessage> BookAsync(Guid quoteId, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/bookings")
        {
            Content = JsonContent.Create(new
            {
                quoteId,
                vehicleClass = "estate",
                passenger = new { name = "Ann Cluster", email = "ann.cluster@example.com", phone = "07700 900123" },
                flightNumber = "BA117",
            }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>Starts the Sandbox payment and pays with the test card like a browser without JavaScript; returns the form's status.</summary>
    public async Task<HttpStatusCode> PayAsync(string reference, string manageToken)
    {
        var payment = await JsonAsync(await client.PostAsJsonAsync("/v1/payments", new { bookingReference = reference, token = manageToken }), HttpStatusCode.Created);
        var checkoutUrl = new Uri(payment.GetProperty("checkoutUrl").GetString()!, UriKind.RelativeOrAbsolute);
        var path = checkoutUrl.IsAbsoluteUri ? checkoutUrl.PathAndQuery : checkoutUrl.OriginalString;
        var page = await client.GetStringAsync(path);
        using var paid = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = FormToken().Match(page).Groups[1].Value,
            ["card_number"] = "4242 4242 4242 4242",
            ["expiry"] = "12/" + ((DateTime.UtcNow.Year % 100) + 3).ToString(CultureInfo.InvariantCulture),
            ["cvc"] = "123",
        }));
        return paid.StatusCode;
    }

    public async Task<JsonElement> BookingAsync(string reference, string manageToken) =>
        await JsonAsync(await client.GetAsync($"/v1/bookings/{reference}?token={Uri.EscapeDataString(manageToken)}"), HttpStatusCode.OK);

    /// <summary>Quote, book and pay; waits (bounded) until the booking is confirmed and dispatch has its job.</summary>
    public async Task<(string Reference, string Token, Guid JobId)> ConfirmedJobAsync(string staff, DateTimeOffset pickupAt)
    {
        var quote = await JsonAsync(await QuoteAsync(pickupAt), HttpStatusCode.Created);
        var booking = await JsonAsync(await BookAsync(quote.GetProperty("id").GetGuid(), Guid.NewGuid().ToString()), HttpStatusCode.Created);
        var reference = booking.GetProperty("reference").GetString()!;
        var token = booking.GetProperty("manageToken").GetString()!;
        (await PayAsync(reference, token)).ShouldBe(HttpStatusCode.SeeOther);
        await Eventually.ThatAsync(async () => (await BookingAsync(reference, token)).GetProperty("status").GetString() == "Confirmed", $"booking {reference} confirmed");
        var job = await WaitForJobAsync(staff, reference, _ => true, "created");
        return (reference, token, job.GetProperty("id").GetGuid());
    }

    public async Task<JsonElement> WaitForJobAsync(string staff, string reference, Func<JsonElement, bool> condition, string what)
    {
        JsonElement job = default;
        await Eventually.ThatAsync(async () =>
        {
            using var response = await SendAsync(HttpMethod.Get, $"/v1/dispatch/bookings/{reference}", staff);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return condition(job);
        }, $"the job of {reference} {what}");
        return job;
    }

    public Task<HttpResponseMessage> AssignAsync(string staff, string reference, Guid driverId, Guid vehicleId, HttpClient? via = null) =>
        SendAsync(HttpMethod.Post, "/v1/dispatch", staff, new { bookingReference = reference, driverId, vehicleId, mode = "assign" }, via);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null, HttpClient? via = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await (via ?? client).SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private async Task DocumentAsync(string owner, string ownerType, Guid ownerId, string documentType, DateOnly today)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ownerType), "ownerType" },
            { new StringContent(ownerId.ToString()), "ownerId" },
            { new StringContent(documentType), "documentType" },
            { new StringContent(today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "expiresOn" },
            { new StringContent(today.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "issuedOn" },
        };
        var file = new ByteArrayContent("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", documentType + ".pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/compliance") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner);
        var uploaded = await JsonAsync(await client.SendAsync(request), HttpStatusCode.Created);
        await JsonAsync(await SendAsync(HttpMethod.Post, $"/v1/compliance/{uploaded.GetProperty("id").GetGuid()}/verify", owner), HttpStatusCode.OK);
    }

    /// <summary>A well-formed, unique-enough DVLA licence number.</summary>
    private static string LicenceNumber(int n)
    {
        const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var surname = string.Concat(Enumerable.Range(0, 5).Select(_ => Letters[Random.Shared.Next(26)]));
        var check = string.Concat(Enumerable.Range(0, 2).Select(_ => Letters[Random.Shared.Next(26)]));
        return surname + "801155" + "DA" + (n % 10).ToString(CultureInfo.InvariantCulture) + check;
    }

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}

/// <summary>Bounded waiting for what other nodes and the bus do asynchronously (a count of polls, not a timed assertion).</summary>
public static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, string what, int polls = 600)
    {
        for (var i = 0; i < polls; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException($"Never happened: {what}");
    }
}
