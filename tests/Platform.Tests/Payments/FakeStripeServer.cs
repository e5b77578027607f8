using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Tests.Payments;

internal sealed record StripeCall(string Method, string Path, Dictionary<string, string> Form, string? Authorization, string? IdempotencyKey);

/// <summary>
/// A local stand-in for api.stripe.com on a real port: checks the bearer key, the documented form fields and
/// idempotency keys (same key + same body replays the first answer, a different body is an idempotency_error),
/// and answers Stripe-shaped JSON. Tests can queue raw answers (status 0 drops the connection).
/// </summary>
internal sealed class FakeStripeServer : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_51Abc";
    public const long CapturedAmount = 12345;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Body)> _forced = new();
    private readonly ConcurrentDictionary<string, (string Fingerprint, int Status, string Body)> _idempotency = new();
    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new();
    private readonly ConcurrentQueue<StripeCall> _calls = new();
    private int _counter;

    private FakeStripeServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<StripeCall> Calls => _calls.ToList();

    public static async Task<FakeStripeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new FakeStripeServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    /// <summary>The next requests get these answers, whatever they ask.</summary>
    public void AnswerNext(int status, string body = "") => _forced.Enqueue((status, body));

    public static string Error(string type, string message, string? code = null, string? declineCode = null, string? param = null) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = type,
                ["message"] = message,
                ["code"] = code,
                ["decline_code"] = declineCode,
                ["param"] = param,
            },
        }.ToJsonString();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : [];
        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        _calls.Enqueue(new StripeCall(request.Method, request.Path.Value ?? "", form, request.Headers.Authorization.FirstOrDefault(), key));

        if (request.Headers.Authorization.ToString() != "Bearer " + SecretKey)
        {
            await WriteAsync(context, 401, Error("invalid_request_error", "Invalid API Key provided: sk_test_****"));
            return;
        }

        if (_forced.TryDequeue(out var forced))
        {
            if (forced.Status == 0)
            {
                context.Abort();
                return;
            }

            await WriteAsync(context, forced.Status, forced.Body);
            return;
        }

        var fingerprint = request.Path + "?" + string.Join("&", form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value));
        if (request.Method == "POST" && key is not null && _idempotency.TryGetValue(key, out var earlier))
        {
            if (earlier.Fingerprint != fingerprint)
            {
                await WriteAsync(context, 400, Error("idempotency_error",
                    $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."));
                return;
            }

            await WriteAsync(context, earlier.Status, earlier.Body);
            return;
        }

        var (status, body) = Route(request.Method, request.Path.Value ?? "", form);
        if (request.Method == "POST" && key is not null)
        {
            _idempotency[key] = (fingerprint, status, body);
        }

        await WriteAsync(context, status, body);
    }

    private (int Status, string Body) Route(string method, string path, Dictionary<string, string> form)
    {
        if (method == "POST" && path == "/v1/checkout/sessions")
        {
            string[] required = ["mode", "success_url", "cancel_url", "line_items[0][price_data][currency]",
                "line_items[0][price_data][unit_amount]", "line_items[0][price_data][product_data][name]", "line_items[0][quantity]"];
            if (required.FirstOrDefault(f => !form.ContainsKey(f)) is { } missing)
            {
                return (400, Error("invalid_request_error", $"Missing required param: {missing}.", "parameter_missing", param: missing));
            }

            long total = 0;
            for (var i = 0; form.ContainsKey($"line_items[{i}][quantity]"); i++)
            {
                total += long.Parse(form[$"line_items[{i}][price_data][unit_amount]"], CultureInfo.InvariantCulture)
                    * long.Parse(form[$"line_items[{i}][quantity]"], CultureInfo.InvariantCulture);
            }

            var id = "cs_test_" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
            var metadata = new JsonObject();
            foreach (var (k, v) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
            {
                metadata[k["metadata[".Length..^1]] = v;
            }

            var session = new JsonObject
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["url"] = "https://checkout.stripe.com/c/pay/" + id,
                ["mode"] = form["mode"],
                ["status"] = "open",
                ["payment_status"] = "unpaid",
                ["amount_total"] = total,
                ["currency"] = form["line_items[0][price_data][currency]"],
                ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
                ["customer_email"] = form.GetValueOrDefault("customer_email"),
                ["expires_at"] = 1809421200,
                ["payment_intent"] = null,
                ["metadata"] = metadata,
            };
            _sessions[id] = session;
            return (200, session.ToJsonString());
        }

        if (method == "GET" && path.StartsWith("/v1/checkout/sessions/", StringComparison.Ordinal))
        {
            var id = path["/v1/checkout/sessions/".Length..];
            return _sessions.TryGetValue(id, out var session)
                ? (200, session.ToJsonString())
                : (404, Error("invalid_request_error", $"No such checkout.session: '{id}'", "resource_missing", param: "session"));
        }

        if (method == "POST" && path == "/v1/refunds")
        {
            if (!form.TryGetValue("payment_intent", out var pi))
            {
                return (400, Error("invalid_request_error", "Missing required param: payment_intent.", "parameter_missing", param: "payment_intent"));
            }

            var amount = form.TryGetValue("amount", out var a) ? long.Parse(a, CultureInfo.InvariantCulture) : CapturedAmount;
            if (amount > CapturedAmount)
            {
                return (400, Error("invalid_request_error", "Refund amount (£123.46) is greater than charge amount (£123.45)", "amount_too_large", param: "amount"));
            }

            return (200, new JsonObject
            {
                ["id"] = "re_" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture),
                ["object"] = "refund",
                ["amount"] = amount,
                ["currency"] = "gbp",
                ["payment_intent"] = pi,
                ["reason"] = form.GetValueOrDefault("reason"),
                ["status"] = "succeeded",
            }.ToJsonString());
        }

        return (404, Error("invalid_request_error", $"Unrecognized request URL ({method}: {path}).", "resource_missing"));
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;
}
