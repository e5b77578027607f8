using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Payments;
using Platform.Payments.Data;
using Platform.Payments.Sandbox;
using Platform.Payments.Webhooks;
using Platform.Persistence;
using Platform.Testing;

namespace Platform.Tests.Payments;

/// <summary>
/// A real in-memory host with the Sandbox provider, its hosted checkout page and a product-style webhook
/// endpoint that verifies signatures with <see cref="IPaymentWebhooks"/> and records what it received.
/// </summary>
internal sealed partial class SandboxHost : IAsyncDisposable
{
    public const string WebhookPath = "/v1/webhooks/stripe";

    private readonly TestDatabase _database;

    private SandboxHost(TestDatabase database, WebApplication app, ManualTimeProvider clock, WebhookReceiver receiver)
    {
        _database = database;
        App = app;
        Clock = clock;
        Receiver = receiver;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ManualTimeProvider Clock { get; }

    public WebhookReceiver Receiver { get; }

    public static async Task<SandboxHost> StartAsync(bool deliveryWorker = true, params (string Key, string Value)[] settings)
    {
        var database = await TestDatabase.CreateAsync();
        var clock = new ManualTimeProvider();
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(database.AsConfiguration()
            .Append(new("Payments:Sandbox:DeliveryWorker", deliveryWorker ? "true" : "false"))
            .Append(new("Payments:Sandbox:PollInterval", "00:00:00.050"))
            .Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(receiver);
        builder.Services.AddSingleton<IWebhookSender, TestServerWebhookSender>();
        builder.Services.AddPlatformPersistence(builder.Configuration, database.Database.Product);
        builder.Services.AddPlatformPayments(builder.Configuration, new PaymentsOptions { WebhookPath = WebhookPath });

        var app = builder.Build();
        app.MapSandboxCheckout();
        app.MapPost(WebhookPath, ReceiveAsync).AllowAnonymous();

        // What a product's "start payment" endpoint does: create the session inside its own request.
        app.MapPost("/test/checkout/{reference}", async (string reference, IPaymentProvider payments) =>
            TypedResults.Ok(await payments.CreateCheckoutSessionAsync(NewRequest(reference)))).AllowAnonymous();
        await app.Services.MigrateDatabasesAsync();
        await app.StartAsync();
        return new SandboxHost(database, app, clock, receiver);
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IPaymentWebhooks webhooks, WebhookReceiver receiver)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync();
        try
        {
            var evt = await webhooks.ReadAsync(payload, request.Headers[StripeWebhookSignature.HeaderName].ToString());
            return Results.StatusCode(receiver.Record(new ReceivedWebhook(evt, payload, request.Host.Value ?? "")));
        }
        catch (WebhookSignatureException)
        {
            Interlocked.Increment(ref receiver.Rejected);
            return Results.BadRequest();
        }
    }

    public async Task<T> WithProviderAsync<T>(Func<IPaymentProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IPaymentProvider>());
    }

    public async Task<T> WithDbAsync<T>(Func<PaymentsDbContext, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PaymentsDbContext>());
    }

    public static CheckoutSessionRequest NewRequest(string reference = "NOTS-AB12CD", long amount = 12345) =>
        new(reference, amount, "gbp", "Heathrow T5 to Oxford", "https://nots.example/booking/done?ref=" + reference, "https://nots.example/booking/cancelled")
        {
            CustomerEmail = "jo@example.com",
            Metadata = new Dictionary<string, string> { ["booking_id"] = "42" },
        };

    public Task<CheckoutSession> CreateSessionAsync(CheckoutSessionRequest? request = null) =>
        WithProviderAsync(p => p.CreateCheckoutSessionAsync(request ?? NewRequest()));

    /// <summary>Opens the hosted page and submits the card form like a browser without JavaScript would.</summary>
    public async Task<HttpResponseMessage> PayAsync(CheckoutSession session, string card, string expiry = "12/30", string cvc = "123")
    {
        var page = await Client.GetStringAsync(session.Url);
        var token = FormToken().Match(page).Groups[1].Value;
        return await SubmitAsync(session.Id, token, card, expiry, cvc);
    }

    public Task<HttpResponseMessage> SubmitAsync(string sessionId, string token, string card, string expiry, string cvc) =>
        Client.PostAsync($"/sandbox/checkout/{sessionId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form_token"] = token,
            ["card_number"] = card,
            ["expiry"] = expiry,
            ["cvc"] = cvc,
        }));

    public async Task<CheckoutSession> PaidSessionAsync(CheckoutSessionRequest? request = null)
    {
        var session = await CreateSessionAsync(request);
        using var response = await PayAsync(session, "4242 4242 4242 4242");
        ((int)response.StatusCode).ShouldBe(303);
        return await WithProviderAsync(p => p.GetCheckoutSessionAsync(session.Id));
    }

    public Task<List<SandboxEventRow>> EventsAsync() => WithDbAsync(db => db.Events.AsNoTracking().ToListAsync());

    [GeneratedRegex("name=\"form_token\" value=\"([^\"]+)\"")]
    public static partial Regex FormToken();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}

internal sealed record ReceivedWebhook(PaymentEvent Event, string Payload, string Host)
{
    public JsonElement Object => JsonDocument.Parse(Payload).RootElement.GetProperty("data").GetProperty("object");
}

/// <summary>The product's side in tests: records verified events and answers with scripted status codes.</summary>
internal sealed class WebhookReceiver
{
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly List<ReceivedWebhook> _received = [];
    private readonly Lock _lock = new();

    public int Rejected;

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_lock)
            {
                return _received.ToList();
            }
        }
    }

    /// <summary>The next calls answer these statuses, then 200.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    public int Record(ReceivedWebhook webhook)
    {
        lock (_lock)
        {
            _received.Add(webhook);
        }

        return _answers.TryDequeue(out var status) ? status : 200;
    }

    /// <summary>Waits (bounded) for the background worker to deliver a matching event.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(string type, string objectId)
    {
        for (var i = 0; i < 300; i++)
        {
            var match = Received.FirstOrDefault(r => r.Event.Type == type && r.Event.ObjectId == objectId);
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No {type} webhook for {objectId} arrived; received: {string.Join(", ", Received.Select(r => r.Event.Type))}.");
    }
}

/// <summary>Delivers the Sandbox's webhooks through the in-memory server (HTTP to itself is not possible there).</summary>
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
