using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nots.Tests.Bookings;
using Nots.Web;
using Platform.Identity;
using Platform.Payments.Sandbox;
using Platform.Testing;

namespace Nots.Tests.Dispatch;

/// <summary>A clock that runs with real time plus an offset the test moves forward (offers time out, waiting runs out).</summary>
internal sealed class ShiftingClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>
/// The real NOTS host (bookings, payments on the Sandbox, dispatch, notifications) on its own database, with
/// drivers onboarded through the fleet API, quotes from the pricing API under the test tariff, a clock the test can move,
/// and helpers for staff, drivers, confirmed bookings and dispatch calls. <see cref="AddNode"/> starts another node
/// on the same database for the multi-node tests.
/// </summary>
internal sealed partial class DispatchTestHost : IAsyncDisposable, ITestApi
{
    public const string Password = "a long enough secret";
    private readonly ProductFactory<Program> _factory;
    private readonly List<WebApplicationFactory<Program>> _nodes = [];

    private readonly Action<IServiceCollection>? _services;

    private DispatchTestHost(ProductFactory<Program> factory, string mail, Action<IServiceCollection>? services)
    {
        _factory = factory;
        _services = services;
        MailDirectory = mail;
        Client = AddNode().CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Quotes = new TestQuotes(this, Clock);
        _admin = new(() => StaffAsync("admin"));
    }

    private readonly Lazy<Task<Person>> _admin;
    private readonly ConcurrentBag<TestDriver> _drivers = [];
    private static int _sequence;

    public ShiftingClock Clock { get; } = new();

    public TestQuotes Quotes { get; }

    public HttpClient Client { get; }

    public string MailDirectory { get; }

    public IServiceProvider Services => _nodes[0].Services;

    /// <summary>A browser for the server-rendered pages: its own cookies, redirects not followed.</summary>
    public HttpClient NewBrowserClient() => _nodes[0].CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static Task<DispatchTestHost> StartAsync(params KeyValuePair<string, string?>[] settings) => StartAsync(null, settings);

    /// <summary>Starts the host; <paramref name="services"/> adds test services to every node (e.g. an extra consumer).</summary>
    public static async Task<DispatchTestHost> StartAsync(Action<IServiceCollection>? services, params KeyValuePair<string, string?>[] settings)
    {
        var mail = Path.Combine(Path.GetTempPath(), "nots-dispatch-tests", Guid.NewGuid().ToString("N"));
        var factory = await ProductFactory<Program>.CreateAsync("Nots",
        [
            new("Identity:RequireStaffMfa", "false"),
            new("Identity:AccessTokenMinutes", "600"),
            new("Payments:Sandbox:PollInterval", "00:00:00.050"),
            new("Payments:Sandbox:RetryBaseDelay", "00:00:00.200"),
            new("Bookings:WorkerPollInterval", "00:00:00.100"),
            new("Messaging:PollInterval", "00:00:00.100"),
            new("Messaging:RetryBaseDelay", "00:00:00.200"),
            new("Messaging:RetryMaxDelay", "00:00:01"),
            new("Messaging:MaxAttempts", "20"),
            new("Notifications:RetryIntervalSeconds", "1"),
            new("Dispatch:PollInterval", "00:00:00.100"),
            new("Dispatch:BoardPollInterval", "00:00:00.050"),
            new("Email:PickupDirectory", mail),
            new("Storage:Root", mail + "-files"),
            new("Fleet:ComplianceAlerts:Enabled", "false"),
            .. settings,
        ]);
        var host = new DispatchTestHost(factory, mail, services);
        (await host.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await host.Quotes.PublishTestTariffAsync(await host.StaffAsync("owner"));
        return host;
    }

    /// <summary>A node of the same product on the same database, with the same clock, fleet and quotes.</summary>
    public WebApplicationFactory<Program> AddNode()
    {
        var node = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IWebhookSender, TestServerWebhookSender>();
            _services?.Invoke(services);
        }));
        _nodes.Add(node);
        return node;
    }

    // ---- people ----

    public async Task<Person> StaffAsync(string role = "dispatcher") => await AccountAsync($"{role}.{Guid.NewGuid():N}@nots.test", role);

    /// <summary>
    /// A driver onboarded through the fleet API: a sign-in account with the driver role, the driver record, one vehicle,
    /// every required document uploaded and verified by an admin (except those in <paramref name="unverified"/>, left
    /// awaiting verification), and on duty when <paramref name="onDuty"/>.
    /// </summary>
    public async Task<TestDriver> DriverAsync(string name = "Dave Driver", string vehicleClass = "saloon", int seats = 4, int suitcases = 3, bool onDuty = true,
        params string[] unverified)
    {
        var admin = await _admin.Value;
        var n = Interlocked.Increment(ref _sequence);
        // The account exists first (with a password the test knows); onboarding links the driver record to it.
        var person = await AccountAsync($"driver.{Guid.NewGuid():N}@nots.test", "driver", name);
        var driver = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/drivers", new
        {
            name,
            email = person.Email,
            phone = "07700 9" + (10000 + n).ToString(CultureInfo.InvariantCulture),
            licenceNumber = Fleet.FleetTestHost.LicenceNumber(n),
            badgeNumber = $"PHD-{n}-{Guid.NewGuid():N}"[..20],
        }, admin), HttpStatusCode.Created);
        var driverId = driver.GetProperty("id").GetGuid();
        var registration = $"{(char)('A' + (n / 676 % 26))}{(char)('A' + (n / 26 % 26))}{10 + (n % 90)} {(char)('A' + (n % 26))}{(char)('A' + (n / 26 % 26))}Z";
        var vehicle = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/vehicles", new
        {
            registration,
            make = "Skoda",
            model = "Superb",
            colour = "Silver",
            vehicleClass,
            seats,
            suitcases,
            plateNumber = "PHV-" + n.ToString(CultureInfo.InvariantCulture),
            driverIds = new[] { driverId },
        }, admin), HttpStatusCode.Created);
        var vehicleId = vehicle.GetProperty("id").GetGuid();

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        foreach (var type in new[] { "driving-licence", "ph-badge", "dbs", "medical", "right-to-work" })
        {
            await DocumentAsync(admin, "driver", driverId, type, today, verify: !unverified.Contains(type));
        }

        foreach (var type in new[] { "v5c", "mot", "insurance", "plate-licence" })
        {
            await DocumentAsync(admin, "vehicle", vehicleId, type, today, verify: !unverified.Contains(type));
        }

        if (onDuty)
        {
            await SetDutyAsync(person, true);
        }

        var created = new TestDriver(person, driverId, vehicleId, vehicle.GetProperty("registration").GetString()!);
        _drivers.Add(created);
        return created;
    }

    public async Task SetDutyAsync(Person driver, bool onDuty) =>
        await JsonAsync(await SendAsync(HttpMethod.Patch, "/v1/drivers/me", new { onDuty }, driver), HttpStatusCode.OK);

    /// <summary>Takes every driver made so far off duty, so a test's own new drivers are the only candidates for auto-dispatch.</summary>
    public async Task SendEveryoneHomeAsync()
    {
        foreach (var driver in _drivers)
        {
            await SetDutyAsync(driver.Person, false);
        }
    }

    /// <summary>An admin changes a driver's status (active, suspended, left).</summary>
    public async Task SetStatusAsync(TestDriver driver, string status) =>
        await JsonAsync(await SendAsync(HttpMethod.Patch, $"/v1/drivers/{driver.DriverId}", new { status }, await _admin.Value), HttpStatusCode.OK);

    private async Task DocumentAsync(Person admin, string ownerType, Guid ownerId, string documentType, DateOnly today, bool verify)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ownerType), "ownerType" },
            { new StringContent(ownerId.ToString()), "ownerId" },
            { new StringContent(documentType), "documentType" },
            { new StringContent(Fleet.FleetTestHost.Date(today.AddYears(2))), "expiresOn" },
            { new StringContent(Fleet.FleetTestHost.Date(today.AddDays(-10))), "issuedOn" },
        };
        var file = new ByteArrayContent(Fleet.FleetTestHost.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", documentType + ".pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/compliance") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Token);
        var uploaded = await JsonAsync(await Client.SendAsync(request), HttpStatusCode.Created);
        if (verify)
        {
            await JsonAsync(await SendAsync(HttpMethod.Post, $"/v1/compliance/{uploaded.GetProperty("id").GetGuid()}/verify", null, admin), HttpStatusCode.OK);
        }
    }

    private async Task<Person> AccountAsync(string email, string role, string? name = null)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, name ?? "Dee " + role, role);
        }

        var response = await Client.PostAsJsonAsync("/v1/auth/token", new { email, password = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - (payload.Length % 4)) % 4);
        var sub = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
        return new Person(email, token, sub);
    }

    // ---- HTTP ----

    Task<HttpResponseMessage> ITestApi.SendAsync(HttpMethod method, string path, object? body, Person? user) => SendAsync(method, path, body, user);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, Person? user = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await (client ?? Client).SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var problem = await JsonAsync(response, expected);
        problem.GetProperty("code").GetString().ShouldBe(code, problem.ToString());
        return problem;
    }

    public Task<HttpResponseMessage> DispatchAsync(Person staff, string reference, TestDriver? driver, string mode, HttpClient? client = null) =>
        SendAsync(HttpMethod.Post, "/v1/dispatch", new { bookingReference = reference, driverId = driver?.DriverId, vehicleId = driver?.VehicleId, mode }, staff, client);

    public Task<HttpResponseMessage> ActAsync(Person user, Guid jobId, string action) =>
        SendAsync(HttpMethod.Patch, $"/v1/dispatch/{jobId}", new { action }, user);

    // ---- bookings ----

    /// <summary>Books and pays (Sandbox card) a transfer, then waits until dispatch has its job; returns the job.</summary>
    public async Task<BookedJob> ConfirmedJobAsync(Person staff, TimeSpan? pickupIn = null, int passengers = 2, int suitcases = 2, string phone = "07700 900123", string? flight = "BA123",
        string vehicleClass = "saloon")
    {
        var quote = await Quotes.AddAsync(pickupIn ?? TimeSpan.FromDays(2), passengers, suitcases, meetAndGreet: true);
        var booking = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/bookings",
            new { quoteId = quote.Id, vehicleClass, passenger = new { name = "Ann Hirer", email = "ann@example.com", phone }, notes = "Meet at arrivals", flightNumber = flight }),
            HttpStatusCode.Created);
        var reference = booking.GetProperty("reference").GetString()!;
        var token = booking.GetProperty("manageToken").GetString()!;
        var payment = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/payments", new { bookingReference = reference, token }), HttpStatusCode.Created);
        var checkoutUrl = payment.GetProperty("checkoutUrl").GetString()!;
        var page = await Client.GetStringAsync(checkoutUrl);
        var formToken = FormToken().Match(page).Groups[1].Value;
        (await Client.PostAsync(new Uri(checkoutUrl).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = formToken,
            ["card_number"] = "4242 4242 4242 4242",
            ["expiry"] = "12/" + (DateTime.UtcNow.Year % 100 + 3).ToString(CultureInfo.InvariantCulture),
            ["cvc"] = "123",
        }))).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var job = await WaitForJobAsync(staff, reference, _ => true, "created");
        return new BookedJob(reference, token, Guid.Parse(job.GetProperty("id").GetString()!));
    }

    public async Task<JsonElement> JobAsync(Person staff, string reference)
    {
        var response = await SendAsync(HttpMethod.Get, $"/v1/dispatch/bookings/{reference}", user: staff);
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonElement> WaitForJobAsync(Person staff, string reference, Func<JsonElement, bool> condition, string what)
    {
        var last = "";
        for (var i = 0; i < 400; i++)
        {
            var response = await SendAsync(HttpMethod.Get, $"/v1/dispatch/bookings/{reference}", user: staff);
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var job = JsonDocument.Parse(last).RootElement.Clone();
                if (condition(job))
                {
                    return job;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The job of {reference} never got to '{what}': {last}");
    }

    public async Task<JsonElement> BookingAsync(BookedJob job) =>
        await JsonAsync(await Client.GetAsync($"/v1/bookings/{job.Reference}?token={Uri.EscapeDataString(job.Token)}"), HttpStatusCode.OK);

    public async Task<JsonElement> WaitForBookingAsync(BookedJob job, string status)
    {
        JsonElement last = default;
        for (var i = 0; i < 400; i++)
        {
            last = await BookingAsync(job);
            if (last.GetProperty("status").GetString() == status)
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Booking {job.Reference} never got to {status}: {last}");
    }

    public async Task<MimePart> WaitForEmailAsync(string reference, string subjectContains)
    {
        for (var i = 0; i < 400; i++)
        {
            if (Directory.Exists(MailDirectory))
            {
                foreach (var file in Directory.GetFiles(MailDirectory, "*.eml"))
                {
                    var mail = MimePart.Parse(await File.ReadAllTextAsync(file));
                    var subject = mail.Header("Subject");
                    if (subject.Contains(reference, StringComparison.Ordinal) && subject.Contains(subjectContains, StringComparison.Ordinal))
                    {
                        return mail;
                    }
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No '{subjectContains}' e-mail for {reference} in {MailDirectory}.");
    }

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(MailDirectory, recursive: true);
            Directory.Delete(MailDirectory + "-files", recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Left for the OS to clean.
        }
    }
}

internal sealed record TestDriver(Person Person, Guid DriverId, Guid VehicleId, string Registration);

internal sealed record BookedJob(string Reference, string Token, Guid JobId);

/// <summary>One host per test class.</summary>
public sealed class DispatchHostFixture : IAsyncLifetime
{
    internal DispatchTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await DispatchTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
