using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Data;
using Platform.Web.Idempotency;

namespace Platform.Tests.Web;

public sealed class PlatformWebTests : IAsyncLifetime
{
    private WebTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WebTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Client => _host.Client;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        return problem;
    }

    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<WebDbContext>(TestDatabase.SuiteProvider, WebDbContext.Module, o => new WebDbContext(o));
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200_with_the_database_check()
    {
        (await Client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await Client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_that_says_why()
    {
        var response = await Client.PostAsync("/v1/orders", new StringContent("{\"sku\": \"A1\", \"quantity\": ", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().ShouldBe("bad_request");
        problem.GetProperty("traceId").GetString().ShouldNotBeNullOrEmpty();
        _host.OrdersPlaced.ShouldBe(0);
    }

    [Fact]
    public async Task Invalid_fields_are_a_400_validation_problem_listing_each_field()
    {
        var response = await Client.PostAsJsonAsync("/v1/orders", new { sku = "", quantity = 99 });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name.ToLowerInvariant()).ShouldBe(["sku", "quantity"], ignoreOrder: true);
        _host.OrdersPlaced.ShouldBe(0);
    }

    [Fact]
    public async Task Oversized_bodies_are_a_413_problem_by_length_and_when_chunked()
    {
        var big = new ByteArrayContent(new byte[5000]);
        var problem = await ProblemAsync(await Client.PostAsync("/v1/uploads", big), HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("code").GetString().ShouldBe("payload_too_large");

        var chunked = new StreamContent(new MemoryStream(new byte[5000]));
        chunked.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/uploads") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAsync(await Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);

        var small = await Client.PostAsync("/v1/uploads", new ByteArrayContent(new byte[4000]));
        small.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Domain_rules_map_to_422_and_conflicts_to_409_with_their_codes()
    {
        var rule = await ProblemAsync(await Client.PostAsync("/v1/rules", null), HttpStatusCode.UnprocessableEntity);
        rule.GetProperty("code").GetString().ShouldBe("too_late");
        rule.GetProperty("detail").GetString().ShouldBe("Pickup is inside the minimum notice.");

        var conflict = await ProblemAsync(await Client.PostAsync("/v1/conflicts", null), HttpStatusCode.Conflict);
        conflict.GetProperty("code").GetString().ShouldBe("invalid_transition");
    }

    [Fact]
    public async Task Bugs_are_a_500_problem_that_leaks_no_internals()
    {
        var response = await Client.GetAsync("/v1/boom");
        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("secret internal detail");
        problem.GetProperty("code").GetString().ShouldBe("server_error");
    }

    [Fact]
    public async Task Unknown_routes_are_a_404_problem()
    {
        await ProblemAsync(await Client.GetAsync("/v1/nowhere"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_echo_a_sane_correlation_id()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "abc-123");
        var response = await Client.SendAsync(request);
        response.Headers.GetValues("X-Correlation-Id").Single().ShouldBe("abc-123");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");

        var hostile = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        hostile.Headers.Add("X-Correlation-Id", "<script>alert(1)</script>");
        (await Client.SendAsync(hostile)).Headers.GetValues("X-Correlation-Id").Single().ShouldNotContain("<");
    }

    [Fact]
    public async Task OpenApi_document_and_docs_page_are_served()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("Test API");
        document.GetProperty("paths").TryGetProperty("/v1/orders", out _).ShouldBeTrue();
        var docs = await Client.GetAsync("/docs/index.html");
        docs.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await docs.Content.ReadAsStringAsync()).ShouldContain("swagger", Case.Insensitive);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_response_without_running_the_handler_again()
    {
        var first = await PostOrderAsync(Key(1), new { sku = "TV-55", quantity = 1 });
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var firstBody = await first.Content.ReadAsStringAsync();

        var replay = await PostOrderAsync(Key(1), new { sku = "TV-55", quantity = 1 });
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await replay.Content.ReadAsStringAsync()).ShouldBe(firstBody);
        replay.Headers.Location.ShouldBe(first.Headers.Location);
        replay.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        _host.OrdersPlaced.ShouldBe(1);

        var other = await PostOrderAsync(Key(2), new { sku = "TV-55", quantity = 1 });
        other.StatusCode.ShouldBe(HttpStatusCode.Created);
        _host.OrdersPlaced.ShouldBe(2);
    }

    [Fact]
    public async Task Idempotency_key_reused_with_another_body_is_a_422()
    {
        (await PostOrderAsync(Key(3), new { sku = "TV-55", quantity = 1 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var reused = await PostOrderAsync(Key(3), new { sku = "TV-55", quantity = 2 });
        reused.Headers.Contains("Idempotent-Replayed").ShouldBeFalse("someone who has the key but not the body never gets the stored response");
        var problem = await ProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().ShouldBe("idempotency_key_reused");
        _host.OrdersPlaced.ShouldBe(1);
    }

    [Fact]
    public async Task Idempotency_key_sent_twice_at_once_runs_the_handler_once()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostOrderAsync(Key(4), new { sku = "CAM", quantity = 1 }, "/v1/slow-orders")));

        // Depending on timing a duplicate sees the first still running (409) or already finished (replayed 201);
        // either way the handler ran once and exactly one response is the original.
        _host.OrdersPlaced.ShouldBe(1);
        attempts.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict);
        attempts.Count(r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed")).ShouldBe(1);
        (await PostOrderAsync(Key(4), new { sku = "CAM", quantity = 1 }, "/v1/slow-orders")).StatusCode.ShouldBe(HttpStatusCode.Created);
        _host.OrdersPlaced.ShouldBe(1);
    }

    [Fact]
    public async Task Idempotency_does_not_store_server_failures_so_a_retry_runs_again()
    {
        var request = () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/v1/failing");
            message.Headers.Add("Idempotency-Key", Key(5));
            return Client.SendAsync(message);
        };
        (await request()).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var retry = await request();
        retry.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        retry.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
    }

    [Fact]
    public async Task Idempotency_refuses_a_guessable_anonymous_key_so_one_guest_cannot_replay_another_guests_response()
    {
        var guessable = await PostOrderAsync("order-1", new { sku = "TV-55", quantity = 1 });

        guessable.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await guessable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("idempotency_key_invalid");
        _host.OrdersPlaced.ShouldBe(0, "nothing ran");
    }

    [Fact]
    public async Task Idempotency_key_left_in_progress_by_a_crashed_node_is_taken_over_once_the_lease_has_passed()
    {
        // A node died mid-request: its record stays "in progress" with no one to finish it.
        const string body = """{"sku":"TV-55","quantity":1}""";
        await AbandonedRecordAsync(Key(6), body, startedAgo: TimeSpan.FromSeconds(10));
        await AbandonedRecordAsync(Key(7), body, startedAgo: IdempotencyMiddleware.Lease + TimeSpan.FromMinutes(1));

        // Recent: it may still be running somewhere, so a retry waits (409) and nothing runs.
        var recent = await PostRawAsync(Key(6), body);
        (await ProblemAsync(recent, HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("idempotency_request_in_progress");
        _host.OrdersPlaced.ShouldBe(0);

        // Past the lease: the retry takes the key over and runs once; the next retry gets its stored answer.
        var taken = await PostRawAsync(Key(7), body);
        taken.StatusCode.ShouldBe(HttpStatusCode.Created);
        taken.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        var replay = await PostRawAsync(Key(7), body);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        (await replay.Content.ReadAsStringAsync()).ShouldBe(await taken.Content.ReadAsStringAsync());
        _host.OrdersPlaced.ShouldBe(1);

        // Another body under the abandoned key is still someone else's request: 422, never a take-over.
        await AbandonedRecordAsync(Key(8), body, startedAgo: TimeSpan.FromHours(1));
        (await ProblemAsync(await PostRawAsync(Key(8), """{"sku":"TV-55","quantity":2}"""), HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().ShouldBe("idempotency_key_reused");
        _host.OrdersPlaced.ShouldBe(1);
    }

    private async Task AbandonedRecordAsync(string key, string body, TimeSpan startedAgo)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var started = DateTimeOffset.UtcNow - startedAgo;
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Scope = "anonymous POST /v1/orders",
            Key = key,
            RequestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
            CreatedAt = started,
            ExpiresAt = started + TimeSpan.FromHours(24),
        });
        await db.SaveChangesAsync();
    }

    private Task<HttpResponseMessage> PostRawAsync(string key, string json)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        message.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(message);
    }

    // Anonymous keys must be unguessable (22+ characters); the number keeps the tests' keys apart.
    private static string Key(int n) => $"test-key-{n}-5b0e6c2f-8d1a-4c3b";

    private Task<HttpResponseMessage> PostOrderAsync(string key, object body, string path = "/v1/orders")
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(message);
    }
}

public sealed class RateLimitTests
{
    [Fact]
    public async Task Clients_over_the_limit_get_429_with_retry_after()
    {
        await using var host = await WebTestHost.StartAsync(new KeyValuePair<string, string?>("RateLimiting:PermitsPerMinute", "3"));
        for (var i = 0; i < 3; i++)
        {
            (await host.Client.PostAsync("/v1/rules", null)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        }

        var limited = await host.Client.PostAsync("/v1/rules", null);
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("rate_limited");
        (await host.Client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
