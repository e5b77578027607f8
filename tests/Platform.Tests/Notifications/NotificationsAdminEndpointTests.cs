using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Notifications;
using Platform.Persistence;
using Platform.Testing;

namespace Platform.Tests.Notifications;

public sealed class NotificationsAdminEndpointTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("Nots");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(_database.AsConfiguration());
        builder.Configuration.AddInMemoryCollection([new("Email:PickupDirectory", Path.Combine(_database.ScratchDirectory, "mail-admin"))]);
        builder.Services.AddPlatformNotifications(builder.Configuration, "Nots");
        builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>("Test", null);
        builder.Services.AddAuthorization(o => o.AddPolicy("Admin", p => p.RequireRole("admin")));
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapNotificationsAdmin("Admin");
        await _app.Services.MigrateDatabasesAsync();
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.DefaultRequestHeaders.Add("X-Test-Role", "admin");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Admin_ListsByReference_AndResends()
    {
        Guid id;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<INotificationService>().SendSmsTextAsync("+447700900123", "Your driver is here", "NOTS-ADM1")).DeliveryId;
        }

        var page = await _client.GetFromJsonAsync<DeliveryPage>("/admin/notifications?reference=NOTS-ADM1");
        page!.Items.ShouldHaveSingleItem().Id.ShouldBe(id);

        var resend = await _client.PostAsync($"/admin/notifications/{id}/resend", null);
        resend.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await resend.Content.ReadFromJsonAsync<DeliveryResult>();
        result!.Status.ShouldBe(DeliveryStatus.Sent);

        var after = await _client.GetFromJsonAsync<DeliveryPage>("/admin/notifications?reference=NOTS-ADM1&status=sent");
        after!.Items.Select(i => i.Id).ShouldBe([result.DeliveryId, id]);
    }

    [Fact]
    public async Task Resend_OfAnUnknownDelivery_Is404Problem()
    {
        var response = await _client.PostAsync($"/admin/notifications/{Guid.NewGuid()}/resend", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("delivery_not_found");
    }

    [Theory]
    [InlineData("status=lost")]
    [InlineData("limit=0")]
    [InlineData("limit=1000")]
    [InlineData("cursor=not-a-cursor")]
    public async Task List_WithBadInput_Is400ValidationProblem(string query)
    {
        var response = await _client.GetAsync("/admin/notifications?" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("validation_failed");
    }

    [Fact]
    public async Task WithoutTheAdminRole_IsForbidden()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/notifications");
        request.Headers.Add("X-Test-Role", "driver");
        var response = await _app.GetTestClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>Authenticates every request with the role named in <c>X-Test-Role</c>.</summary>
    private sealed class HeaderAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue("X-Test-Role", out var role))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester"), new Claim(ClaimTypes.Role, role.ToString())], "Test");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), "Test")));
        }
    }
}
