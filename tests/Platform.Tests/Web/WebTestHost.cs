using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Persistence;
using Platform.Testing;
using Platform.Web;

namespace Platform.Tests.Web;

/// <summary>A host with only the web building blocks and a few endpoints that exercise them.</summary>
internal sealed class WebTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    private WebTestHost(WebApplication app, TestDatabase database)
    {
        _app = app;
        _database = database;
    }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public int OrdersPlaced => _orders;

    private int _orders;

    public static async Task<WebTestHost> StartAsync(params KeyValuePair<string, string?>[] settings)
    {
        var database = await TestDatabase.CreateAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(database.AsConfiguration().Concat(settings).Concat([new("Logging:Format", "simple")]));
        builder.AddPlatformWeb(new PlatformWebOptions { Product = database.Database.Product, Title = "Test API", ApiPrefix = "/v1" });
        builder.Services.AddValidation();
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        var app = builder.Build();
        var host = new WebTestHost(app, database);
        app.UsePlatformWeb();
        app.MapPlatformWeb();

        var api = app.MapGroup("/v1").AllowAnonymous();
        api.MapPost("/orders", (PlaceOrder order) =>
        {
            var number = Interlocked.Increment(ref host._orders);
            return TypedResults.Created($"/v1/orders/{number}", new { number, order.Sku, order.Quantity });
        });
        api.MapPost("/slow-orders", async (PlaceOrder order) =>
        {
            await Task.Delay(300);
            var number = Interlocked.Increment(ref host._orders);
            return TypedResults.Created($"/v1/orders/{number}", new { number, order.Sku, order.Quantity });
        });
        api.MapPost("/failing", () => TypedResults.StatusCode(503));
        api.MapPost("/rules", () => Results.Ok(ThrowRule()));
        api.MapPost("/conflicts", () => Results.Ok(ThrowConflict()));
        api.MapGet("/boom", () => Results.Ok(Boom()));
        api.MapPost("/uploads", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return TypedResults.Ok(new { bytes = buffer.Length });
        }).WithRequestBodyLimit(4096);

        await app.Services.MigrateDatabasesAsync();
        await app.StartAsync();
        host.Client = app.GetTestClient();
        return host;
    }

    private static object ThrowRule() => throw new DomainException("too_late", "Pickup is inside the minimum notice.");

    private static object ThrowConflict() => throw DomainException.Conflict("invalid_transition", "A completed booking cannot be cancelled.");

    private static object Boom() => throw new InvalidOperationException("secret internal detail");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}

// Public: the .NET 10 validation generator skips internal types.
public sealed record PlaceOrder([Required, StringLength(20)] string Sku, [Range(1, 10)] int Quantity);
