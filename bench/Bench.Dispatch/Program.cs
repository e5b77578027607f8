using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity;
using Platform.Payments.Sandbox;

// Dispatch latencies with auto-dispatch on: D drivers (default 50) onboarded through the Fleet API (account, driver,
// saloon, every compliance document uploaded and verified, on duty) with positions around Heathrow and Dorset, B
// bookings (default 500) quoted, booked and paid on the Sandbox by P parallel customers (default 8), each confirmed
// booking auto-offered to a driver whose app (a live-feed client) accepts the moment the offer shows up.
// Measures, per booking, from server timestamps: confirmed → first offer; accepted → the customer's "your driver"
// e-mail sent (delivery log); and for every live change, commit → received on the live feed (board latency).
// Baseline in the same run: GET /health/live round trip.
//
//   dotnet run -c Release --project bench/Bench.Dispatch -- --drivers 50 --bookings 500 [--parallel 8] [--rate 4]
//   ... --postgres "Host=127.0.0.1;Port=55432;Username=postgres;Database=<empty db>;Maximum Pool Size=100"
var drivers = 50;
var bookings = 500;
var parallel = 8;
double rate = 0;
string? postgres = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--drivers": drivers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--bookings": bookings = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--parallel": parallel = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rate": rate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--postgres": postgres = args[++i]; break;
        default: throw new ArgumentException($"Unknown argument {args[i]}");
    }
}

var directory = Path.Combine(Path.GetTempPath(), "bench-dispatch", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_NOTS_WEB", AppContext.BaseDirectory);
await using var app = new BenchNots(directory, postgres);
using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
http.Timeout = TimeSpan.FromMinutes(2);
Console.WriteLine($"NOTS in-process ({(postgres is null ? "SQLite" : "PostgreSQL")}), {drivers} drivers, {bookings} bookings, {parallel} parallel customers{(rate > 0 ? $" paced at {rate} bookings/s" : "")}, {Environment.ProcessorCount} cores");

const string Password = "bench dispatch password";
async Task<(string Token, Guid Sub)> AccountAsync(string email, string role)
{
    await using (var scope = app.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, "Bench " + role, role);
    }

    var body = await (await http.PostAsJsonAsync("/v1/auth/token", new { email, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
    var token = body.GetProperty("accessToken").GetString()!;
    var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
    payload += new string('=', (4 - (payload.Length % 4)) % 4);
    return (token, Guid.Parse(JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!));
}

var owner = (await AccountAsync("owner@bench.test", "owner")).Token;
var driverTokens = new Dictionary<Guid, string>();
var random = new Random(42);
for (var i = 0; i < drivers; i++)
{
    var (token, _) = await AccountAsync($"driver{i}@bench.test", "driver");
    var driverId = await OnboardAsync(i, $"driver{i}@bench.test");
    (await Send(HttpMethod.Patch, "/v1/drivers/me", token, new { onDuty = true })).EnsureSuccessStatusCode();
    driverTokens[driverId] = token;
    // Half around Heathrow, half around Poole.
    var (lat, lng) = i % 2 == 0 ? (51.47 + (random.NextDouble() * 0.2) - 0.1, -0.45 + (random.NextDouble() * 0.3) - 0.15) : (50.72 + (random.NextDouble() * 0.2) - 0.1, -1.98 + (random.NextDouble() * 0.3) - 0.15);
    (await Send(HttpMethod.Post, "/v1/dispatch/positions", token, new { lat, lng })).EnsureSuccessStatusCode();
}

// Baseline: the host's cheapest round trip, measured now on the same process.
var baseline = new List<double>();
for (var i = 0; i < 500; i++)
{
    var sw = Stopwatch.StartNew();
    (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
    baseline.Add(sw.Elapsed.TotalMilliseconds);
}

// The staff board's live feed; the drivers' apps accept offers as soon as they show up on it.
var boardLatency = new ConcurrentBag<double>();
var accepts = new ConcurrentBag<double>();
var acceptErrors = 0;
using var stop = new CancellationTokenSource();
using var live = await OpenLiveAsync(owner);
var reader = Task.Run(async () =>
{
    using var lines = new StreamReader(await live.Content.ReadAsStreamAsync());
    string? name = null;
    string? data = null;
    while (!stop.IsCancellationRequested)
    {
        var line = await lines.ReadLineAsync(stop.Token);
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("event:", StringComparison.Ordinal))
        {
            name = line[6..].Trim();
        }
        else if (line.StartsWith("data:", StringComparison.Ordinal))
        {
            data = line[5..].Trim();
        }
        else if (line.Length == 0 && name == "job" && data is not null)
        {
            var job = JsonDocument.Parse(data).RootElement;
            boardLatency.Add((DateTimeOffset.UtcNow - job.GetProperty("updatedAt").GetDateTimeOffset()).TotalMilliseconds);
            if (job.GetProperty("status").GetString() == "Offered" && driverTokens.TryGetValue(job.GetProperty("driverId").GetGuid(), out var token))
            {
                var id = job.GetProperty("id").GetGuid();
                _ = Task.Run(async () =>
                {
                    var sw = Stopwatch.StartNew();
                    using var response = await Send(HttpMethod.Patch, $"/v1/dispatch/{id}", token, new { action = "accept" });
                    accepts.Add(sw.Elapsed.TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref acceptErrors);
                    }
                });
            }

            name = null;
            data = null;
        }
    }
});

// Customers book and pay. Pickups spread over days 2–7 so 50 drivers can carry 500 jobs without overlaps.
var references = new ConcurrentBag<string>();
var bookingErrors = 0;
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, bookings), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (n, ct) =>
{
    if (rate > 0)
    {
        // Paced arrivals: booking n starts n / rate seconds after the first.
        var due = TimeSpan.FromSeconds(n / rate) - clock.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, ct);
        }
    }

    try
    {
        var pickup = DateTimeOffset.UtcNow.AddDays(2).AddMinutes(n * 7 % (5 * 24 * 60));
        using var quoted = await http.PostAsJsonAsync("/v1/quotes", new
        {
            pickup = new { place = "LHR" },
            dropoff = new { postcode = "BH15 1AA" },
            pickupAt = pickup.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            passengers = 2,
            suitcases = 2,
            handLuggage = 1,
            flightNumber = "BA123",
        }, ct);
        if (!quoted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Quote answered {(int)quoted.StatusCode}: {await quoted.Content.ReadAsStringAsync(ct)}");
        }

        var quote = await quoted.Content.ReadFromJsonAsync<JsonElement>(ct);
        var booking = await (await http.PostAsJsonAsync("/v1/bookings", new
        {
            quoteId = quote.GetProperty("id").GetGuid(),
            vehicleClass = "saloon",
            passenger = new { name = $"Hirer {n}", email = $"hirer{n}@example.com", phone = "07700 900123" },
            flightNumber = "BA123",
        }, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        var reference = booking.GetProperty("reference").GetString()!;
        var payment = await (await http.PostAsJsonAsync("/v1/payments", new { bookingReference = reference, token = booking.GetProperty("manageToken").GetString() }, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        var url = payment.GetProperty("checkoutUrl").GetString()!;
        var page = await http.GetStringAsync(url, ct);
        var form = Regex.Match(page, "name=\"form_token\" value=\"([^\"]+)\"").Groups[1].Value;
        using var paid = await http.PostAsync(new Uri(url).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = form,
            ["card_number"] = "4242 4242 4242 4242",
            ["expiry"] = "12/" + ((DateTime.UtcNow.Year % 100) + 3).ToString(CultureInfo.InvariantCulture),
            ["cvc"] = "123",
        }), ct);
        if (paid.StatusCode != HttpStatusCode.SeeOther)
        {
            throw new InvalidOperationException($"Payment answered {(int)paid.StatusCode}");
        }

        references.Add(reference);
    }
    catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or KeyNotFoundException or JsonException)
    {
        Interlocked.Increment(ref bookingErrors);
        Console.Error.WriteLine(ex.Message);
    }
});
Console.WriteLine($"{references.Count} bookings paid in {clock.Elapsed.TotalSeconds:F1} s ({bookingErrors} errors)");

// Wait for every job to be assigned and every "your driver" e-mail to be sent.
var toOffer = new List<double>();
var toJob = new List<double>();
var toNotify = new List<double>();
var pending = new Queue<string>(references);
var deadline = DateTime.UtcNow.AddMinutes(10);
while (pending.Count > 0 && DateTime.UtcNow < deadline)
{
    var reference = pending.Dequeue();
    using var jobResponse = await Send(HttpMethod.Get, $"/v1/dispatch/bookings/{reference}", owner);
    var job = jobResponse.IsSuccessStatusCode ? await jobResponse.Content.ReadFromJsonAsync<JsonElement>() : default;
    if (job.ValueKind != JsonValueKind.Object || job.GetProperty("status").GetString() != "Assigned")
    {
        pending.Enqueue(reference);
        await Task.Delay(20);
        continue;
    }

    var log = await (await Send(HttpMethod.Get, $"/v1/admin/notifications?reference={reference}&limit=50", owner)).Content.ReadFromJsonAsync<JsonElement>();
    var sent = log.GetProperty("items").EnumerateArray().FirstOrDefault(d =>
        d.GetProperty("templateKey").GetString() == "nots.booking.driver-assigned" && d.GetProperty("channel").GetString() == "email" && d.GetProperty("sentAt").ValueKind == JsonValueKind.String);
    if (sent.ValueKind != JsonValueKind.Object)
    {
        pending.Enqueue(reference);
        await Task.Delay(20);
        continue;
    }

    toJob.Add((job.GetProperty("createdAt").GetDateTimeOffset() - job.GetProperty("confirmedAt").GetDateTimeOffset()).TotalMilliseconds);
    toOffer.Add((job.GetProperty("firstOfferedAt").GetDateTimeOffset() - job.GetProperty("confirmedAt").GetDateTimeOffset()).TotalMilliseconds);
    toNotify.Add((sent.GetProperty("sentAt").GetDateTimeOffset() - job.GetProperty("assignedAt").GetDateTimeOffset()).TotalMilliseconds);
}

await stop.CancelAsync();
Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s; {toOffer.Count} of {references.Count} bookings assigned and notified; {pending.Count} left; accept errors {acceptErrors}");
Print("baseline GET /health/live round trip", baseline);
Print("booking confirmed -> first offer", toOffer);
Print("  of which confirmed -> dispatch job created (event delivery)", toJob);
Print("offer accepted -> customer e-mail sent", toNotify);
Print("job change committed -> seen on the live board", boardLatency.ToList());
Print("driver PATCH accept round trip", accepts.ToList());
return pending.Count == 0 && bookingErrors == 0 && acceptErrors == 0 ? 0 : 1;

// A driver as an admin onboards one: the driver record linked to the account, a saloon, and every required document
// uploaded and verified, so eligibility runs the real compliance checks.
async Task<Guid> OnboardAsync(int n, string email)
{
    const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    string Block(int value, int length) => string.Concat(Enumerable.Range(0, length).Select(k => Letters[(value / (int)Math.Pow(26, k)) % 26]));
    var driver = await JsonAsync(await Send(HttpMethod.Post, "/v1/drivers", owner, new
    {
        name = $"Driver {n}",
        email,
        phone = "07700 9" + (10000 + n).ToString(CultureInfo.InvariantCulture),
        licenceNumber = Block(n, 5) + "801155DA" + (n % 10).ToString(CultureInfo.InvariantCulture) + Block(n, 2),
        badgeNumber = "PHD-BENCH-" + n.ToString(CultureInfo.InvariantCulture),
    }));
    var driverId = driver.GetProperty("id").GetGuid();
    var vehicle = await JsonAsync(await Send(HttpMethod.Post, "/v1/vehicles", owner, new
    {
        registration = $"{Block(n, 2)}{10 + (n % 90)} {Block(n / 7, 3)}",
        make = "Skoda",
        model = "Superb",
        colour = "Black",
        vehicleClass = "saloon",
        seats = 4,
        suitcases = 3,
        plateNumber = "PHV-" + n.ToString(CultureInfo.InvariantCulture),
        driverIds = new[] { driverId },
    }));
    var vehicleId = vehicle.GetProperty("id").GetGuid();
    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    (string OwnerType, Guid OwnerId, string Type)[] documents =
    [
        ("driver", driverId, "driving-licence"), ("driver", driverId, "ph-badge"), ("driver", driverId, "dbs"), ("driver", driverId, "medical"),
        ("driver", driverId, "right-to-work"), ("vehicle", vehicleId, "v5c"), ("vehicle", vehicleId, "mot"), ("vehicle", vehicleId, "insurance"),
        ("vehicle", vehicleId, "plate-licence"),
    ];
    foreach (var (ownerType, ownerId, type) in documents)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ownerType), "ownerType" },
            { new StringContent(ownerId.ToString()), "ownerId" },
            { new StringContent(type), "documentType" },
            { new StringContent(today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "expiresOn" },
            { new StringContent(today.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "issuedOn" },
        };
        var file = new ByteArrayContent("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", type + ".pdf");
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/v1/compliance") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner);
        var document = await JsonAsync(await http.SendAsync(upload));
        await JsonAsync(await Send(HttpMethod.Post, $"/v1/compliance/{document.GetProperty("id").GetGuid()}/verify", owner));
    }

    return driverId;
}

static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
{
    using (response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null)
{
    using var request = new HttpRequestMessage(method, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    if (body is not null)
    {
        request.Content = JsonContent.Create(body);
    }

    return await http.SendAsync(request);
}

async Task<HttpResponseMessage> OpenLiveAsync(string token)
{
    var request = new HttpRequestMessage(HttpMethod.Get, "/v1/dispatch/live");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    return response;
}

static void Print(string what, List<double> values)
{
    if (values.Count == 0)
    {
        Console.WriteLine($"{what}: no samples");
        return;
    }

    values.Sort();
    double P(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: n={values.Count} p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {values[^1]:F1} ms"));
}

internal sealed class BenchNots(string directory, string? postgres) : WebApplicationFactory<Nots.Web.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Nots"] = postgres,
            ["Database:DataDirectory"] = directory,
            ["Storage:Root"] = Path.Combine(directory, "files"),
            ["Email:PickupDirectory"] = Path.Combine(directory, "mail"),
            ["Identity:RequireStaffMfa"] = "false",
            ["Identity:AccessTokenMinutes"] = "600",
            ["RateLimiting:PermitsPerMinute"] = "10000000",
            ["RateLimiting:AuthPermitsPerMinute"] = "10000000",
            ["Logging:LogLevel:Default"] = "Warning",
            // TestServer has no request-body limit feature: the upload endpoints' limit warning would flood the output.
            ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware"] = "Error",
            ["Payments:Sandbox:PollInterval"] = "00:00:00.050",
            ["Dispatch:AutoDispatch"] = "true",
        };
        builder.UseEnvironment("Bench");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IWebhookSender, InMemoryWebhookSender>();
        });
    }
}

/// <summary>Posts the Sandbox's signed webhooks into the in-memory server (it has no socket to post to).</summary>
internal sealed class InMemoryWebhookSender(IServiceProvider services) : IWebhookSender
{
    public async Task<WebhookDeliveryResult> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var server = (TestServer)services.GetRequiredService<IServer>();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation(Platform.Payments.Webhooks.StripeWebhookSignature.HeaderName, delivery.SignatureHeader);
        using var response = await client.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        return new WebhookDeliveryResult(response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"HTTP {status}");
    }
}
