using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nots.Tests.Pricing.Api;

/// <summary>
/// A local stand-in for maps.googleapis.com (Kestrel on 127.0.0.1, a free port) answering the Distance Matrix and
/// Geocoding endpoints in Google's documented response format. Tests set what it answers next.
/// </summary>
internal sealed class FakeGoogleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGoogleServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Status code and JSON body for the next distance matrix call.</summary>
    public Func<HttpRequest, (int Status, string Body)> DistanceMatrix { get; set; } = _ => (200, Distance(169000, 7260));

    public Func<HttpRequest, (int Status, string Body)> Geocode { get; set; } = _ => (200, GeocodeFound(50.7128, -1.9869, "BH15 1HJ"));

    /// <summary>Delay before answering (for the timeout test).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeGoogleServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeGoogleServer(app);
        app.MapGet("/maps/api/distancematrix/json", (HttpContext context) => server.AnswerAsync(context, server.DistanceMatrix));
        app.MapGet("/maps/api/geocode/json", (HttpContext context) => server.AnswerAsync(context, server.Geocode));
        await app.StartAsync();
        server.BaseUrl = app.Urls.First();
        return server;
    }

    private async Task AnswerAsync(HttpContext context, Func<HttpRequest, (int Status, string Body)> answer)
    {
        Requests.Enqueue(context.Request.Path + context.Request.QueryString);
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var (status, body) = answer(context.Request);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body);
    }

    public static string Distance(int metres, int seconds) => $$"""
        {
           "destination_addresses": ["London Heathrow Airport (LHR), Longford, Hounslow TW6, UK"],
           "origin_addresses": ["Poole BH15, UK"],
           "rows": [{
              "elements": [{
                 "distance": { "text": "105 mi", "value": {{metres}} },
                 "duration": { "text": "2 hours 1 min", "value": {{seconds}} },
                 "status": "OK"
              }]
           }],
           "status": "OK"
        }
        """;

    public static string DistanceElementStatus(string status) => $$"""
        {
           "destination_addresses": ["Douglas, Isle of Man"],
           "origin_addresses": ["Poole BH15, UK"],
           "rows": [{ "elements": [{ "status": "{{status}}" }] }],
           "status": "OK"
        }
        """;

    public static string TopLevelStatus(string status, string message = "") => $$"""
        {
           "destination_addresses": [],
           "origin_addresses": [],
           "rows": [],
           "error_message": "{{message}}",
           "status": "{{status}}"
        }
        """;

    public static string GeocodeFound(double lat, double lng, string postcode) => $$"""
        {
           "results": [{
              "address_components": [
                 { "long_name": "{{postcode}}", "short_name": "{{postcode}}", "types": ["postal_code"] },
                 { "long_name": "Poole", "short_name": "Poole", "types": ["postal_town"] },
                 { "long_name": "United Kingdom", "short_name": "GB", "types": ["country", "political"] }
              ],
              "formatted_address": "Poole {{postcode}}, UK",
              "geometry": {
                 "location": { "lat": {{lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "lng": {{lng.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },
                 "location_type": "APPROXIMATE"
              },
              "place_id": "ChIJfake",
              "types": ["postal_code"]
           }],
           "status": "OK"
        }
        """;

    public static string GeocodeZeroResults => """{ "results": [], "status": "ZERO_RESULTS" }""";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
