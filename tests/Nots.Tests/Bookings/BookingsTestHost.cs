using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Pricing;
using Nots.Web;
using Platform.Identity;
using Platform.Payments.Sandbox;
using Platform.Payments.Webhooks;
using Platform.Testing;

namespace Nots.Tests.Bookings;

/// <summary>
/// The real NOTS host on its own database with two test seams: a dictionary-backed <see cref="IQuotes"/> (until the
/// pricing module's implementation is merged) and a webhook sender that posts the Sandbox's signed events into the
/// in-memory server (HTTP to itself is impossible in a TestServer).
/// </summary>
internal sealed partial class BookingsTestHost : IAsyncDisposable
{
    private const string Password = "a long enough secret";
    private readonly ProductFactory<Program> _factory;
    private readonly WebApplicationFactory<Program> _app;

    private BookingsTestHost(ProductFactory<Program> factory, WebApplicationFactory<Program> app, FakeQuotes quotes, string mailDirectory)
    {
        _factory = factory;
        _app = app;
        Quotes = quotes;
        MailDirectory = mailDirectory;
        Client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public HttpClient Client { get; }

    public FakeQuotes Quotes { get; }

    public string MailDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BookingsTestHost> StartAsync(params KeyValuePair<string, string?>[] settings)
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
        var quotes = new FakeQuotes();
        var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IQuotes>(quotes);
            services.AddSingleton<IWebhookSender, TestServerWebhookSender>();
        }));
        var host = new BookingsTestHost(factory, app, quotes, mail);
        (await host.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
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
        var quote = Quotes.Add(pickupIn ?? TimeSpan.FromDays(3), passengers);
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

internal sealed record Booked(string Reference, string Token, JsonElement Created)
{
    public string ManagePath => $"/v1/bookings/{Reference}?token={Uri.EscapeDataString(Token)}";
}

/// <summary>
/// Stands in for the pricing module's <see cref="IQuotes"/> until it is merged: quotes are whatever the test stores;
/// re-pricing charges 100.00 plus 15.00 per passenger over two, 10.00 per child seat and 12.00 for meet and greet.
/// </summary>
internal sealed class FakeQuotes : IQuotes
{
    private readonly ConcurrentDictionary<Guid, QuoteSnapshot> _quotes = new();

    public QuoteSnapshot Add(TimeSpan pickupIn, int passengers = 2, TimeSpan? expiresIn = null, bool executiveAvailable = false)
    {
        var now = DateTimeOffset.UtcNow;
        var pickupAt = now + pickupIn;
        var journey = new JourneyInput(new PlaceRef(Place: "LHR"), new PlaceRef(Postcode: "BH15 1AA"),
            pickupAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), passengers, 2, 1, FlightNumber: "BA123");
        var quote = Snapshot(journey, now, now + (expiresIn ?? TimeSpan.FromMinutes(30)), pickupAt, executiveAvailable);
        _quotes[quote.Id] = quote;
        return quote;
    }

    public Task<QuoteSnapshot?> FindAsync(Guid quoteId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_quotes.GetValueOrDefault(quoteId));

    public Task<QuoteSnapshot> PriceAsync(JourneyInput journey, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var quote = Snapshot(journey, now, now.AddMinutes(30), DateTimeOffset.Parse(journey.PickupAt, CultureInfo.InvariantCulture), false);
        _quotes[quote.Id] = quote;
        return Task.FromResult(quote);
    }

    public static int PriceOf(JourneyInput journey) =>
        10000 + (1500 * Math.Max(0, journey.Passengers - 2)) + (1000 * journey.ChildSeats) + (journey.MeetAndGreet ? 1200 : 0);

    private static QuoteSnapshot Snapshot(JourneyInput journey, DateTimeOffset now, DateTimeOffset expiresAt, DateTimeOffset pickupAt, bool executiveAvailable)
    {
        var total = PriceOf(journey);
        QuoteLineSnapshot[] lines = [new("fare", "Heathrow to Poole fixed fare", total - 1000), new("airport_pickup", "Heathrow pickup charge", 1000)];
        return new QuoteSnapshot(Guid.NewGuid(), now, expiresAt, "test-1", journey, "Heathrow Terminal 5", "Poole BH15", pickupAt.ToUniversalTime(), null, 101.2m, 129,
        [
            new QuoteOptionSnapshot("saloon", true, null, total, "GBP", lines),
            new QuoteOptionSnapshot("estate", true, null, total + 2000, "GBP", [.. lines, new("estate", "Estate car", 2000)]),
            executiveAvailable
                ? new QuoteOptionSnapshot("executive", true, null, total + 5000, "GBP", [.. lines, new("executive", "Executive car", 5000)])
                : new QuoteOptionSnapshot("executive", false, "Too much luggage for an executive car", null, "GBP", []),
        ]);
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
