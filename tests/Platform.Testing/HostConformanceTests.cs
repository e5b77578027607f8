using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// What every product host must do out of the box, run against the real Program of each product:
/// health, docs, registration and tokens, staff MFA enrolment, lockout, and ProblemDetails for bad input.
/// </summary>
public abstract class HostConformanceTests<TProgram> : IAsyncLifetime
    where TProgram : class
{
    private const string OwnerPassword = "correct horse battery staple";
    private ProductFactory<TProgram> _factory = null!;

    /// <summary>Product name (database and connection string key).</summary>
    protected abstract string Product { get; }

    /// <summary>API prefix, <c>/v1</c> or <c>/api/v1</c>.</summary>
    protected abstract string ApiPrefix { get; }

    /// <summary>Title of the OpenAPI document.</summary>
    protected abstract string ApiTitle { get; }

    /// <summary>Role the bootstrap account gets.</summary>
    protected abstract string BootstrapRole { get; }

    private string OwnerEmail => $"boss@{Product.ToLowerInvariant()}.test";

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory = await ProductFactory<TProgram>.CreateAsync(Product,
            new("Bootstrap:OwnerEmail", OwnerEmail),
            new("Bootstrap:OwnerPassword", OwnerPassword));
        Client = _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Health_ready_and_live_are_200()
    {
        (await Client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await Client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checks = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        checks.GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("messaging").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Home_page_and_api_docs_are_served()
    {
        var home = await Client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await home.Content.ReadAsStringAsync()).ShouldContain("name=\"description\"");
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe(ApiTitle);
        document.GetProperty("paths").TryGetProperty($"{ApiPrefix}/auth/token", out _).ShouldBeTrue();
        (await Client.GetAsync("/docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_customer_registers_gets_a_token_and_sees_themselves()
    {
        var email = $"ann.{Guid.NewGuid():N}@example.test";
        (await Client.PostAsJsonAsync($"{ApiPrefix}/auth/register", new { email, password = "a long enough secret", name = "Ann" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = await TokenAsync(email, "a long enough secret");

        var me = await SendAsync(HttpMethod.Get, $"{ApiPrefix}/auth/me", token);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("email").GetString().ShouldBe(email);
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["customer"]);
    }

    [Fact]
    public async Task The_bootstrap_owner_must_enrol_MFA_then_signs_in_with_a_TOTP_code()
    {
        var first = await Client.PostAsJsonAsync($"{ApiPrefix}/auth/token", new { email = OwnerEmail, password = OwnerPassword });
        first.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await first.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("mfa_enrollment_required");
        var enrollment = problem.GetProperty("enrollmentToken").GetString()!;

        var setup = await SendAsync(HttpMethod.Post, $"{ApiPrefix}/auth/mfa/setup", enrollment);
        setup.StatusCode.ShouldBe(HttpStatusCode.OK);
        var secret = (await setup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var verify = await SendAsync(HttpMethod.Post, $"{ApiPrefix}/auth/mfa/verify", enrollment, new { code = TotpCodes.Now(secret) });
        verify.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Client.PostAsJsonAsync($"{ApiPrefix}/auth/token", new { email = OwnerEmail, password = OwnerPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var token = await TokenAsync(OwnerEmail, OwnerPassword, TotpCodes.Now(secret));
        var me = await (await SendAsync(HttpMethod.Get, $"{ApiPrefix}/auth/me", token)).Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldContain(BootstrapRole);
        me.GetProperty("mfaEnabled").GetBoolean().ShouldBeTrue();

        // The owner runs operations: dead letters are theirs to see, and nobody else's.
        (await SendAsync(HttpMethod.Get, $"{ApiPrefix}/admin/dead-letters", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.GetAsync($"{ApiPrefix}/admin/dead-letters")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_out()
    {
        var email = $"bob.{Guid.NewGuid():N}@example.test";
        await Client.PostAsJsonAsync($"{ApiPrefix}/auth/register", new { email, password = "the right password" });
        for (var i = 0; i < 4; i++)
        {
            (await Client.PostAsJsonAsync($"{ApiPrefix}/auth/token", new { email, password = "a wrong password" }))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await Client.PostAsJsonAsync($"{ApiPrefix}/auth/token", new { email, password = "a wrong password" }))
            .StatusCode.ShouldBe(HttpStatusCode.Locked);
        var locked = await Client.PostAsJsonAsync($"{ApiPrefix}/auth/token", new { email, password = "the right password" });
        locked.StatusCode.ShouldBe(HttpStatusCode.Locked);
        (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("locked_out");
    }

    [Fact]
    public async Task Malformed_json_and_oversized_bodies_are_4xx_problems()
    {
        var malformed = await Client.PostAsync($"{ApiPrefix}/auth/register", new StringContent("{\"email\": ", Encoding.UTF8, "application/json"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");

        var huge = new StringContent("{\"email\": \"" + new string('x', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var oversized = await Client.PostAsync($"{ApiPrefix}/auth/register", huge);
        oversized.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        oversized.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_format_with_requests_by_route_and_status_class_and_the_outbox_gauges()
    {
        (await Client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.GetAsync($"{ApiPrefix}/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The request duration is recorded when the server finishes the exchange, a moment after the client has the response.
        string text = "";
        for (var attempt = 0; attempt < 100 && !text.Contains("http_route=\"/health/live\"", StringComparison.Ordinal); attempt++)
        {
            var response = await Client.GetAsync("/metrics");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(50);
        }

        text.ShouldContain("# TYPE http_server_request_duration_seconds histogram");
        var lines = text.Split('\n');
        lines.ShouldContain(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_route=\"/health/live\"", StringComparison.Ordinal) && l.Contains("http_response_status_class=\"2xx\"", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal)
            && l.Contains("http_route=\"/health/live\"", StringComparison.Ordinal) && l.Contains("le=\"+Inf\"", StringComparison.Ordinal));
        text.ShouldContain("# TYPE platform_outbox_backlog gauge");
        lines.ShouldContain(l => l.StartsWith("platform_outbox_lag_seconds{outbox=", StringComparison.Ordinal));
        lines.ShouldContain("platform_messaging_dead_letters 0");
    }

    [Fact]
    public async Task Metrics_need_the_bearer_token_when_one_is_configured()
    {
        await using var factory = await ProductFactory<TProgram>.CreateAsync(Product, new KeyValuePair<string, string?>("Telemetry:Metrics:Token", "scrape-secret"));
        using var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/metrics");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "guess") } };
        (await client.SendAsync(wrong)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "scrape-secret") } };
        var scraped = await client.SendAsync(right);
        scraped.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scraped.Content.ReadAsStringAsync()).ShouldContain("platform_outbox_backlog");
    }

    [Fact]
    public async Task On_sqlite_the_host_writes_an_online_backup_at_start_that_opens_with_the_schema_and_the_owner()
    {
        if (TestDatabase.SuiteProvider != Platform.Persistence.DatabaseProvider.Sqlite)
        {
            return; // PostgreSQL is backed up by deploy/backup/ (its drill runs in Ops tests).
        }

        var directory = Path.Combine(Path.GetTempPath(), "platform-tests", "host-backup-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var factory = await ProductFactory<TProgram>.CreateAsync(Product,
            new KeyValuePair<string, string?>("Backup:Sqlite:Directory", directory),
            new KeyValuePair<string, string?>("Bootstrap:OwnerEmail", OwnerEmail),
            new KeyValuePair<string, string?>("Bootstrap:OwnerPassword", OwnerPassword)))
        {
            using var client = factory.CreateClient();
            (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
            for (var i = 0; i < 200 && (!Directory.Exists(directory) || Directory.GetFiles(directory, "*.db").Length == 0); i++)
            {
                await Task.Delay(50);
            }
        }

        var copy = Directory.GetFiles(directory, "*.db").ShouldHaveSingleItem();
        Path.GetFileName(copy).ShouldStartWith(Product.ToLowerInvariant() + "-");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%users'";
            var usersTable = (string?)await command.ExecuteScalarAsync();
            usersTable.ShouldNotBeNull();
            command.CommandText = $"SELECT count(*) FROM \"{usersTable}\" WHERE normalized_email = '{OwnerEmail.ToUpperInvariant()}'";
            ((long)(await command.ExecuteScalarAsync())!).ShouldBe(1);
        }

        Directory.Delete(directory, recursive: true);
    }

    private async Task<string> TokenAsync(string email, string password, string? mfaCode = null)
    {
        var response = await Client.PostAsJsonAsync($"{ApiPrefix}/auth/token", new { email, password, mfaCode });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return Client.SendAsync(request);
    }
}
