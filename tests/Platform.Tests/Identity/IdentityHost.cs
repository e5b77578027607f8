using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Identity;
using Platform.Persistence;
using Platform.Testing;

namespace Platform.Tests.Identity;

/// <summary>A minimal product host with the identity module, on a test database, reachable over in-memory HTTP.</summary>
internal sealed class IdentityHost : IAsyncDisposable
{
    public const string OwnerEmail = "owner@nots.test";
    public const string OwnerPassword = "correct horse battery staple";

    private IdentityHost(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static async Task<IdentityHost> StartAsync(TestDatabase database, TimeProvider? time = null, params KeyValuePair<string, string?>[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var configuration = database.AsConfiguration().ToDictionary(kv => kv.Key, kv => kv.Value);
        configuration["Bootstrap:OwnerEmail"] = OwnerEmail;
        configuration["Bootstrap:OwnerPassword"] = OwnerPassword;
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddPlatformPersistence(builder.Configuration, database.Database.Product);
        builder.Services.AddPlatformIdentity(builder.Configuration, new IdentityProductOptions
        {
            Product = "NOTS",
            Roles = ["customer", "driver", "dispatcher", "admin", "owner"],
            StaffRoles = ["dispatcher", "admin", "owner"],
            BootstrapRole = "owner",
            CustomerRole = "customer",
        });

        var app = builder.Build();
        var v1 = app.MapGroup("/v1");
        v1.MapPlatformIdentity();
        v1.MapGet("/protected", (HttpContext context) => TypedResults.Ok(context.User.Identity!.Name)).RequireAuthorization(PlatformPolicies.Authenticated);
        v1.MapGet("/staff-only", () => TypedResults.Ok("staff")).RequireAuthorization(PlatformPolicies.Staff);
        v1.MapGet("/owner-only", () => TypedResults.Ok("owner")).RequireAuthorization(PlatformPolicies.Role("owner"));

        await app.Services.MigrateDatabasesAsync();
        await app.Services.BootstrapIdentityAsync();
        await app.StartAsync();
        return new IdentityHost(app);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? bearer = null) =>
        SendAsync(HttpMethod.Post, path, bearer, JsonContent.Create(body));

    public Task<HttpResponseMessage> GetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, bearer, null);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return Client.SendAsync(request);
    }

    public async Task<string> RegisterCustomerAsync(string email, string password = "a long enough password")
    {
        var response = await PostAsync("/v1/auth/register", new { email, password, name = "Test Customer" });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return email;
    }

    public async Task<TokenPair> TokenAsync(string email, string password = "a long enough password", string? mfaCode = null)
    {
        var response = await PostAsync("/v1/auth/token", new { email, password, mfaCode });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

internal sealed record TokenPair(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

internal static class ProblemReader
{
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string?> ProblemCodeAsync(this HttpResponseMessage response) =>
        (await response.ReadProblemAsync()).TryGetProperty("code", out var code) ? code.GetString() : null;
}
