using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Pricing;
using Nots.Pricing.Data;
using Nots.Web;
using Platform.Identity;
using Platform.Payments.Sandbox;
using Platform.Payments.Webhooks;
using Platform.Testing;

namespace Nots.Tests.Bookings;

/// <summary>
/// The real NOTS host on its own database, quoting with the real pricing module under a published test tariff (so
/// prices do not depend on the hour the suite runs), with one seam: a webhook sender that posts the Sandbox's signed
/// events into the in-memory server (HTTP to itself is impossible in a TestServer).
/// </summary>
internal sealed partial class BookingsTestHost : IAsyncDisposable, ITestApi
{
    private const string Password = "a long enough secret";
    private readonly ProductFactory<Program> _factory;
    private readonly WebApplicationFactory<Program> _app;

    private BookingsTestHost(ProductFactory<Program> factory, WebApplicationFactory<Program> app, string mailDirectory)
    {
        _factory = factory;
        _app = app;
        MailDirectory = mailDirectory;
        Client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Quotes = new TestQuotes(this);
    }

    public HttpClient Client { get; }

    /// <summary>Another browser: its own cookie jar (Identity cookie, antiforgery, the booking cookie), redirects not followed.</summary>
    public HttpClient NewBrowserClient() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public TestQuotes Quotes { get; }

    public string MailDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BookingsTestHost> StartAsync(bool testTariff = true, params KeyValuePair<string, string?>[] settings)
    {
        var mail = Path.Combine(Path.GetTempPath(), "nots-bookings-tests", Guid.NewGuid().ToString("N"));
        var factory = await ProductFactory<Program>.CreateAsync("Nots",
        [
            new("Identity:RequireStaffMfa", "false"),
            new("Payments:Sandbox:PollInterval", "00:00:00.050"),
            new("Payments:Sandbox:RetryBaseDelay", "00:00:00.200"),
            new("Bookings:WorkerPollInterval", "00:00:00.100"),
            new("Notifications:RetryIntervalSeconds", "1"),
            new("Email:PickupDirectory", mail),
            .. settings,
        ]);
        var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IWebhookSender, TestServerWebhookSender>()));
        var host = new BookingsTestHost(factory, app, mail);
        (await host.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        if (testTariff)
        {
            await host.Quotes.PublishTestTariffAsync(await host.StaffAsync("owner"));
        }

        return host;
    }

    // ---- people ----

    public async Task<Person> CustomerAsync(string? name = null)
    {
        var email = $"cust.{Guid.NewGuid():N}@example.test";
        (await Client.PostAsJsonAsync("/v1/auth/register", new { email, password = Password, name = name ?? "Carol Customer" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return await SignInAsync(email);
    }

    public async Task<Person> StaffAsync(string role = "dispatcher")
    {
        var email = $"{role}.{Guid.NewGuid():N}@nots.test";
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, "Dee " + role, role);
        }

        return await SignInAsync(email);
    }

    private async Task<Person> SignInAsync(string email)
    {
        var response = await Client.PostAsJsonAsync("/v1/auth/token", new { email, password = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - (payload.Length % 4)) % 4);
        var sub = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
        return new Person(email, token, sub);
    }

    // ---- HTTP ----

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, Person? user = null)
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

        return await Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var problem = await JsonAsync(response, expected);
        problem.GetProperty("code").GetString().ShouldBe(code, problem.ToString());
    }

    // ---- booking flow ----

    public static object BookingBody(Guid quoteId, string vehicleClass = "saloon", string name = "Ann Hirer", string email = "ann@example.com",
        string phone = "07700 900123", string? notes = "Meet at arrivals", string? flightNumber = "BA123") =>
        new { quoteId, vehicleClass, passenger = new { name, email, phone }, notes, flightNumber };

    /// <summary>Books a fresh quote; returns the booking JSON and the path with its manage token.</summary>
    public async Task<Booked> BookAsync(TimeSpan? pickupIn = null, Person? user = null, int passengers = 2)
    {
        var quote = await Quotes.AddAsync(pickupIn ?? TimeSpan.FromDays(3), passengers);
        var booking = await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/bookings", BookingBody(quote.Id), user), HttpStatusCode.Created);
        return new Booked(booking.GetProperty("reference").GetString()!, booking.GetProperty("manageToken").GetString()!, booking);
    }

    public async Task<JsonElement> GetBookingAsync(Booked booked) =>
        await JsonAsync(await Client.GetAsync(booked.ManagePath), HttpStatusCode.OK);

    public async Task<JsonElement> StartPaymentAsync(Booked booked) =>
        await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/payments", new { bookingReference = booked.Reference, token = booked.Token }), HttpStatusCode.Created);

    /// <summary>Opens the hosted sandbox page and submits the card form as a browser would.</summary>
    public async Task<HttpResponseMessage> PayOnSandboxAsync(string checkoutUrl, string card)
    {
        var page = await Client.GetStringAsync(checkoutUrl);
        var token = FormToken().Match(page).Groups[1].Value;
        token.ShouldNotBeEmpty(page);
        return await Client.PostAsync(new Uri(checkoutUrl).PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = token,
            ["card_number"] = card,
            ["expiry"] = "12/" + (DateTime.UtcNow.Year % 100 + 3).ToString(CultureInfo.InvariantCulture),
            ["cvc"] = "123",
        }));
    }

    public async Task<Booked> ConfirmedBookingAsync(TimeSpan? pickupIn = null, Person? user = null)
    {
        var booked = await BookAsync(pickupIn, user);
        var payment = await StartPaymentAsync(booked);
        (await PayOnSandboxAsync(payment.GetProperty("checkoutUrl").GetString()!, "4242 4242 4242 4242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        await WaitForAsync(booked, b => b.GetProperty("status").GetString() == "Confirmed", "Confirmed");
        return booked;
    }

    /// <summary>Waits (bounded) for background work: webhook delivery, outbox, message sending.</summary>
    public async Task<JsonElement> WaitForAsync(Booked booked, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        for (var i = 0; i < 300; i++)
        {
            last = await GetBookingAsync(booked);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Booking {booked.Reference} never got to '{what}': {last}");
    }

    public async Task<MimePart> WaitForEmailAsync(string reference, string subjectContains)
    {
        for (var i = 0; i < 300; i++)
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

    // ---- hand-made webhooks, signed with the real secret ----

    public async Task<HttpResponseMessage> PostWebhookAsync(string payload, DateTimeOffset? signedAt = null, string? secret = null)
    {
        secret ??= await Services.GetRequiredService<IPaymentWebhooks>().GetSecretAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(StripeWebhookSignature.HeaderName, StripeWebhookSignature.Sign(payload, secret, signedAt ?? DateTimeOffset.UtcNow));
        return await Client.SendAsync(request);
    }

    public static string CheckoutCompleted(JsonElement payment, string reference, long? amount = null, string paymentIntent = "pi_test_1", string? eventId = null) =>
        Event(eventId, "checkout.session.completed", new Dictionary<string, object?>
        {
            ["id"] = SessionId(payment),
            ["object"] = "checkout.session",
            ["client_reference_id"] = reference,
            ["amount_total"] = amount ?? payment.GetProperty("amountPence").GetInt64(),
            ["currency"] = "gbp",
            ["payment_status"] = "paid",
            ["status"] = "complete",
            ["payment_intent"] = paymentIntent,
            ["metadata"] = new Dictionary<string, string> { ["payment_id"] = payment.GetProperty("id").GetString()!, ["booking_reference"] = reference },
        });

    public static string ChargeRefunded(JsonElement payment, string reference, long amountRefunded, string paymentIntent = "pi_test_1", string? eventId = null) =>
        Event(eventId, "charge.refunded", new Dictionary<string, object?>
        {
            ["id"] = "ch_" + Guid.NewGuid().ToString("N"),
            ["object"] = "charge",
            ["amount"] = payment.GetProperty("amountPence").GetInt64(),
            ["amount_refunded"] = amountRefunded,
            ["currency"] = "gbp",
            ["payment_intent"] = paymentIntent,
            ["refunded"] = false,
            ["status"] = "succeeded",
            ["metadata"] = new Dictionary<string, string> { ["payment_id"] = payment.GetProperty("id").GetString()!, ["client_reference_id"] = reference },
        });

    public static string Event(string? id, string type, Dictionary<string, object?> obj) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = id ?? "evt_" + Guid.NewGuid().ToString("N"),
        ["object"] = "event",
        ["type"] = type,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["data"] = new Dictionary<string, object?> { ["object"] = obj },
    });

    public static string SessionId(JsonElement payment) => new Uri(payment.GetProperty("checkoutUrl").GetString()!).Segments[^1];

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(MailDirectory, recursive: true);
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

internal sealed record Person(string Email, string Token, string Sub);

/// <summary>What <see cref="TestQuotes"/> needs of a test host: its API and its services.</summary>
internal interface ITestApi
{
    IServiceProvider Services { get; }

    Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, Person? user = null);
}

internal sealed record Booked(string Reference, string Token, JsonElement Created)
{
    public string ManagePath => $"/v1/bookings/{Reference}?token={Uri.EscapeDataString(Token)}";
}

/// <summary>
/// Quotes through <c>POST /v1/quotes</c> under a test tariff: Heathrow ↔ Poole fixed at £90 saloon / £110 estate /
/// £140 executive plus the £10 Heathrow pickup charge, extras £10 a child seat and £12 meet and greet, no night or
/// holiday uplifts, 30 minutes' notice, no rounding.
/// </summary>
internal sealed class TestQuotes(ITestApi host, TimeProvider? clock = null)
{
    public const int SaloonPence = 10000;
    public const int EstatePence = 12000;
    public const int ChildSeatPence = 1000;

    public async Task PublishTestTariffAsync(Person owner)
    {
        var current = await BookingsTestHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/v1/pricing", user: owner), HttpStatusCode.OK);
        var definition = JsonNode.Parse(current.GetProperty("definition").GetRawText())!.AsObject();
        definition["fixedRoutes"] = new JsonArray(new JsonObject
        {
            ["name"] = "Heathrow ↔ Poole (test)",
            ["zoneA"] = new JsonArray("LHR"),
            ["zoneB"] = new JsonArray("BH15"),
            ["pencePerClass"] = new JsonObject { ["saloon"] = 9000, ["estate"] = 11000, ["executive"] = 14000, ["mpv6"] = 13000, ["mpv8"] = 15000 },
        });
        definition["accessCharges"] = new JsonArray(new JsonObject { ["placeCode"] = "LHR", ["pickupPence"] = 1000, ["dropOffPence"] = 0 });
        definition["night"]!["percent"] = 0;
        definition["night"]!["flatPence"] = 0;
        foreach (var uplift in new[] { "bankHolidayPercent", "christmasEvePercent", "christmasDayPercent", "boxingDayPercent", "newYearsEvePercent", "newYearsDayPercent" })
        {
            definition["holidays"]![uplift] = 0;
        }

        definition["extras"] = new JsonObject { ["childSeatPence"] = ChildSeatPence, ["boosterSeatPence"] = 800, ["meetAndGreetPence"] = 1200, ["extraStopPence"] = 500 };
        definition["minimumNotice"] = "00:30:00";
        definition["rounding"] = new JsonObject { ["stepPence"] = 1, ["direction"] = "Nearest" };
        await BookingsTestHost.JsonAsync(await host.SendAsync(HttpMethod.Put, "/v1/pricing", definition, owner), HttpStatusCode.Created);
    }

    /// <summary>A real quote, Heathrow → Poole BH15, picking up <paramref name="pickupIn"/> from now.</summary>
    public async Task<QuoteSnapshot> AddAsync(TimeSpan pickupIn, int passengers = 2, int suitcases = 2, bool meetAndGreet = false)
    {
        var pickupAt = (clock ?? TimeProvider.System).GetUtcNow() + pickupIn;
        var created = await BookingsTestHost.JsonAsync(await host.SendAsync(HttpMethod.Post, "/v1/quotes", new
        {
            pickup = new { place = "LHR" },
            dropoff = new { postcode = "BH15 1AA" },
            pickupAt = pickupAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            passengers,
            suitcases,
            handLuggage = 1,
            flightNumber = "BA123",
            extras = new { meetAndGreet },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IQuotes>().FindAsync(id)).ShouldNotBeNull();
    }

    /// <summary>Moves a stored quote's expiry into the past, as fifteen minutes of waiting would.</summary>
    public async Task ExpireAsync(Guid quoteId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        (await db.Quotes.Where(q => q.Id == quoteId).ExecuteUpdateAsync(q => q.SetProperty(r => r.ExpiresAt, past))).ShouldBe(1);
    }
}

/// <summary>Delivers the Sandbox's webhooks through the in-memory server.</summary>
internal sealed class TestServerWebhookSender(IServiceProvider services) : IWebhookSender
{
    public async Task<WebhookDeliveryResult> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var server = (TestServer)services.GetRequiredService<IServer>();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation(StripeWebhookSignature.HeaderName, delivery.SignatureHeader);
        using var response = await client.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        return new WebhookDeliveryResult(response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"HTTP {status}");
    }
}

/// <summary>One host (and database) per test class; tests create their own bookings and people.</summary>
public sealed class BookingsHostFixture : IAsyncLifetime
{
    internal BookingsTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await BookingsTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
