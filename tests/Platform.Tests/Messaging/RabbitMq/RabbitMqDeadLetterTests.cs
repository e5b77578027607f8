using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Messaging;
using Platform.Messaging.Data;
using Platform.Messaging.RabbitMq;

namespace Platform.Tests.Messaging.RabbitMq;

/// <summary>Dead letters in RabbitMQ mode: recorded in the deliveries table, listed and replayed through the same admin API.</summary>
public sealed class RabbitMqDeadLetterTests : IAsyncLifetime
{
    private const string AdminPolicy = "MessagingAdmin";
    private readonly FaultPlan _plan = new() { AlwaysFail = true };
    private RabbitMqHarness _harness = null!;
    private WebApplication? _app;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _harness = await RabbitMqHarness.CreateAsync();
        _harness.Settings["Messaging:MaxAttempts"] = "3";
    }

    private async Task StartAppAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(_harness.Logs).SetMinimumLevel(LogLevel.Warning);
        var configuration = _harness.Inner.Configuration();
        _harness.Inner.ConfigureNode(builder.Services, configuration, time: null, s => s
            .AddSingleton(_plan)
            .AddIntegrationEventHandler<OrderPlaced, FlakyHandler, ShopDbContext>()
            .AddIntegrationEventHandler<OrderPlaced, ShippingHandler, ShopDbContext>());
        builder.Services.AddAuthentication(AdminHeader.Name).AddScheme<AuthenticationSchemeOptions, AdminHeader>(AdminHeader.Name, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole("admin"));
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGroup("/v1").MapMessagingAdmin(AdminPolicy);
        await _app.StartAsync();
        _admin = _app.GetTestClient();
        _admin.DefaultRequestHeaders.Add(AdminHeader.Header, "admin");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            _admin.Dispose();
            await DeleteTopologyAsync(_app.Services);
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _harness.DisposeAsync();
    }

    [RabbitMqFact]
    public async Task A_message_dead_after_MaxAttempts_is_listed_kept_in_the_dead_queue_and_handled_once_after_replay()
    {
        await StartAppAsync();
        var app = _app!;
        var topology = app.Services.GetRequiredService<RabbitMqTopology>();
        var flaky = typeof(FlakyHandler).FullName!;
        var messageId = (await MessagingHarness.PlaceOrdersAsync(app.Services, 1)).Single();

        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.DeliveryCountAsync(DeliveryStatus.Dead) == 1, "the flaky consumer to give up");
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.ReceiptCountAsync("shipping") == 1, "the shipping consumer to handle it");
        await MessagingHarness.EventuallyAsync(async () => await _harness.MessageCountAsync(topology.DeadQueueOf(flaky)) == 1, "the rejected message in the dead-letter queue");
        _plan.Failures[messageId].ShouldBe(3);
        (await app.Services.GetRequiredService<IMessagingMonitor>().GetStatusAsync()).DeadDeliveries.ShouldBe(1);
        var depths = await app.Services.GetRequiredService<IQueueDepthProbe>().GetQueueDepthsAsync(CancellationToken.None);
        depths.ShouldContain(d => d.Queue == topology.DeadQueueOf(flaky) && d.DeadLetters && d.Messages == 1, "the /metrics queue depth sees the dead-letter queue");
        depths.ShouldContain(d => d.Queue == topology.QueueOf(flaky) && !d.DeadLetters && d.Messages == 0 && d.Consumers >= 1);

        var page = await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters");
        var dead = page!.Items.ShouldHaveSingleItem();
        dead.MessageId.ShouldBe(messageId);
        dead.Consumer.ShouldBe(flaky);
        dead.Type.ShouldBe("msgtest.order-placed.v1");
        dead.Attempts.ShouldBe(3);
        dead.LastError!.ShouldStartWith("System.InvalidOperationException: Billing system unavailable for order ORD-0");
        JsonDocument.Parse(dead.Payload).RootElement.GetProperty("reference").GetString().ShouldBe("ORD-0");
        (await _harness.Inner.ReceiptCountAsync("flaky")).ShouldBe(0);

        _plan.AlwaysFail = false;
        _plan.FailuresPerMessage = 0;
        var replay = await _admin.PostAsync($"/v1/admin/dead-letters/{dead.Id}/replay", null);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);

        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.DeliveryCountAsync(DeliveryStatus.Done) == 1, "the replayed message to be handled");
        (await _harness.Inner.ReceiptCountAsync("flaky")).ShouldBe(1);
        (await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters"))!.Items.ShouldBeEmpty();
        (await app.Services.GetRequiredService<IMessagingMonitor>().GetStatusAsync()).DeadDeliveries.ShouldBe(0);

        var again = await _admin.PostAsync($"/v1/admin/dead-letters/{dead.Id}/replay", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _harness.Inner.ReceiptCountAsync("flaky")).ShouldBe(1);
    }

    [RabbitMqFact]
    public async Task A_replayed_message_that_fails_again_is_dead_again_with_fresh_attempts()
    {
        await StartAppAsync();
        await MessagingHarness.PlaceOrdersAsync(_app!.Services, 1);
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.DeliveryCountAsync(DeliveryStatus.Dead) == 1, "the flaky consumer to give up");
        var dead = (await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters"))!.Items.Single();
        var failuresBefore = _plan.Failures[dead.MessageId];

        (await _admin.PostAsync($"/v1/admin/dead-letters/{dead.Id}/replay", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await MessagingHarness.EventuallyAsync(() => Task.FromResult(_plan.Failures[dead.MessageId] == failuresBefore + 3), "three more attempts");
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.DeliveryCountAsync(DeliveryStatus.Dead) == 1, "the message dead again");
        var again = (await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters"))!.Items.ShouldHaveSingleItem();
        again.Id.ShouldBe(dead.Id);
        again.Attempts.ShouldBe(3);
        (await _harness.Inner.ReceiptCountAsync("flaky")).ShouldBe(0);
    }

    [RabbitMqFact]
    public async Task Replaying_while_the_broker_is_unreachable_is_503_and_leaves_the_dead_letter_as_it_was()
    {
        await StartAppAsync();
        await MessagingHarness.PlaceOrdersAsync(_app!.Services, 1);
        await MessagingHarness.EventuallyAsync(async () => await _harness.Inner.DeliveryCountAsync(DeliveryStatus.Dead) == 1, "the flaky consumer to give up");
        var dead = (await _admin.GetFromJsonAsync<DeadLetterPage>("/v1/admin/dead-letters"))!.Items.Single();

        await _app.Services.GetRequiredService<RabbitMqConnections>().DisposeAsync();
        var replay = await _admin.PostAsync($"/v1/admin/dead-letters/{dead.Id}/replay", null);

        replay.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        using var problem = JsonDocument.Parse(await replay.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("code").GetString().ShouldBe("messaging.transport_unavailable");
        (await _harness.Inner.DeliveryCountAsync(DeliveryStatus.Dead)).ShouldBe(1);
    }

    private async Task DeleteTopologyAsync(IServiceProvider services)
    {
        var topology = services.GetRequiredService<RabbitMqTopology>();
        await using var connection = await _harness.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var consumer in new[] { typeof(FlakyHandler).FullName!, typeof(ShippingHandler).FullName! })
        {
            foreach (var queue in topology.RetryDelays().Select(d => topology.RetryQueueOf(consumer, d)).Append(topology.QueueOf(consumer)).Append(topology.DeadQueueOf(consumer)))
            {
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            }
        }

        await channel.ExchangeDeleteAsync(topology.Exchange, ifUnused: false);
        await channel.ExchangeDeleteAsync(topology.DeadExchange, ifUnused: false);
    }

    private sealed class AdminHeader(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
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
