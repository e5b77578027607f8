using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Messaging;
using Platform.Messaging.Data;

namespace Platform.Tests.Messaging;

public sealed class DeadLetterAdminTests : IAsyncLifetime
{
    private const string AdminPolicy = "MessagingAdmin";
    private MessagingHarness _harness = null!;
    private WebApplication _app = null!;
    private HttpClient _admin = null!;
    private readonly FaultPlan _plan = new() { AlwaysFail = true };

    public async Task InitializeAsync()
    {
        _harness = await MessagingHarness.CreateAsync();
        _harness.Settings["Messaging:MaxAttempts"] = "3";
        _harness.Settings["Messaging:RetryBaseDelay"] = "00:00:00.010";
        _harness.Settings["Messaging:RetryMaxDelay"] = "00:00:00.050";

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = _harness.Configuration();
        _harness.ConfigureNode(builder.Services, configuration, time: null, s => s
            .AddSingleton(_plan)
            .AddIntegrationEventHandler<OrderPlaced, FlakyHandler, ShopDbContext>()
            .AddIntegrationEventHandler<OrderPlaced, ShippingHandler, ShopDbContext>());
        builder.Services.AddAuthentication(HeaderAuthentication.Name)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole("admin"));
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGroup("/v1").MapMessagingAdmin(AdminPolicy);
        await _app.StartAsync();
        _admin = _app.GetTestClient();
        _admin.DefaultRequestHeaders.Add(HeaderAuthentication.Header, "admin");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task A_handler_that_always_fails_is_dead_after_MaxAttempts_listed_and_handled_once_after_replay()
    {
        var messageId = (await MessagingHarness.PlaceOrdersAsync(_app.Services, 1)).Single();
        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Dead) == 1, "the flaky delivery to die");
        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 1, "the shipping delivery to complete");
        (await _app.Services.GetRequiredService<IMessagingMonitor>().GetStatusAsync()).DeadDeliveries.ShouldBe(1);

        var page = await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters");
        var dead = page!.Items.ShouldHaveSingleItem();
        dead.MessageId.ShouldBe(messageId);
        dead.Consumer.ShouldBe(typeof(FlakyHandler).FullName);
        dead.Type.ShouldBe("msgtest.order-placed.v1");
        dead.Attempts.ShouldBe(3);
        dead.LastError!.ShouldStartWith("System.InvalidOperationException: Billing system unavailable for order ORD-0");
        JsonDocument.Parse(dead.Payload).RootElement.GetProperty("reference").GetString().ShouldBe("ORD-0");
        page.NextCursor.ShouldBeNull();
        (await _harness.ReceiptCountAsync("flaky")).ShouldBe(0);

        _plan.AlwaysFail = false;
        var replay = await _admin.PostAsync($"/v1/admin/dead-letters/{dead.Id}/replay", null);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);

        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 2, "the replayed delivery to complete");
        (await _harness.ReceiptCountAsync("flaky")).ShouldBe(1);
        (await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters"))!.Items.ShouldBeEmpty();

        var again = await _admin.PostAsync($"/v1/admin/dead-letters/{dead.Id}/replay", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemCodeAsync(again)).ShouldBe("messaging.not_dead");
        (await _harness.ReceiptCountAsync("flaky")).ShouldBe(1);
    }

    [Fact]
    public async Task Dead_letters_are_listed_a_page_at_a_time()
    {
        await MessagingHarness.PlaceOrdersAsync(_app.Services, 3);
        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Dead) == 3, "three dead letters");

        var first = await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters?limit=2");
        first!.Items.Count.ShouldBe(2);
        first.NextCursor.ShouldNotBeNull();
        var second = await _admin.GetFromJsonAsync<DeadLetterPage>($"/v1/admin/dead-letters?limit=2&cursor={first.NextCursor}");
        second!.Items.Count.ShouldBe(1);
        second.NextCursor.ShouldBeNull();
        first.Items.Concat(second.Items).Select(d => d.MessageId).Distinct().Count().ShouldBe(3);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_list_queries_are_validation_problems(string query, string field)
    {
        var response = await _admin.GetAsync($"/v1/admin/dead-letters?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("code").GetString().ShouldBe("messaging.invalid_query");
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Replaying_an_unknown_delivery_is_404_and_a_completed_one_is_409()
    {
        var unknown = await _admin.PostAsync($"/v1/admin/dead-letters/{Guid.NewGuid()}/replay", null);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ProblemCodeAsync(unknown)).ShouldBe("messaging.dead_letter_not_found");

        await MessagingHarness.PlaceOrdersAsync(_app.Services, 1);
        await MessagingHarness.EventuallyAsync(async () => await _harness.DeliveryCountAsync(DeliveryStatus.Done) == 1, "the shipping delivery to complete");
        await using var messaging = _harness.NewMessagingContext();
        var done = await messaging.Deliveries.SingleAsync(d => d.Status == DeliveryStatus.Done);

        var conflict = await _admin.PostAsync($"/v1/admin/dead-letters/{done.Id}/replay", null);

        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemCodeAsync(conflict)).ShouldBe("messaging.not_dead");
    }

    [Fact]
    public async Task The_admin_endpoints_require_the_policy()
    {
        using var anonymous = _app.GetTestClient();
        (await anonymous.GetAsync("/v1/admin/dead-letters")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var customer = _app.GetTestClient();
        customer.DefaultRequestHeaders.Add(HeaderAuthentication.Header, "customer");
        (await customer.GetAsync("/v1/admin/dead-letters")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await customer.PostAsync($"/v1/admin/dead-letters/{Guid.NewGuid()}/replay", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<string?> ProblemCodeAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("code").GetString();
    }

    /// <summary>Signs the caller in with the role named in a header; no header, no identity.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "TestHeader";
        public const string Header = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var role))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester"), new Claim(ClaimTypes.Role, role.ToString())], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
