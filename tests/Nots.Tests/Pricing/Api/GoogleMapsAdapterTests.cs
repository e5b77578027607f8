using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nots.Pricing.Geography;
using Nots.Pricing.Routing;
using Platform.Web;

namespace Nots.Tests.Pricing.Api;

public sealed class GoogleMapsAdapterTests : IAsyncLifetime
{
    private static readonly GeoPoint Poole = new(50.7150, -1.9870);
    private static readonly GeoPoint Heathrow = new(51.4700, -0.4543);

    private FakeGoogleServer _google = null!;
    private ServiceProvider _services = null!;
    private readonly ListLogger _log = new();

    public async Task InitializeAsync()
    {
        _google = await FakeGoogleServer.StartAsync();
        var services = new ServiceCollection();
        services.AddHttpClient(GoogleMapsOptions.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(1));
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _google.DisposeAsync();
    }

    private GoogleMapsClient Client() => new(
        _services.GetRequiredService<IHttpClientFactory>(),
        Options.Create(new GoogleMapsOptions { ApiKey = "test-key", BaseUrl = _google.BaseUrl, TimeoutSeconds = 1 }),
        _log.For<GoogleMapsClient>());

    private Task<RouteEstimate> EstimateAsync() => new GoogleDistanceEstimator(Client()).EstimateAsync(Poole, Heathrow, CancellationToken.None);

    [Fact]
    public async Task An_OK_answer_gives_miles_and_minutes_from_metres_and_seconds()
    {
        _google.DistanceMatrix = _ => (200, FakeGoogleServer.Distance(169000, 7230));

        var estimate = await EstimateAsync();

        estimate.ShouldBe(new RouteEstimate(105.0m, 121, "google"));
        var request = _google.Requests.Single();
        request.ShouldStartWith("/maps/api/distancematrix/json?origins=50.715,-1.987&destinations=51.47,-0.4543&units=imperial&key=test-key");
        _log.Entries.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("ZERO_RESULTS")]
    [InlineData("NOT_FOUND")]
    public async Task No_route_for_the_pair_is_the_unreachable_domain_error(string elementStatus)
    {
        _google.DistanceMatrix = _ => (200, FakeGoogleServer.DistanceElementStatus(elementStatus));

        var error = await Should.ThrowAsync<DomainException>(EstimateAsync);

        error.Code.ShouldBe("unreachable");
    }

    [Theory]
    [InlineData(200, "OVER_QUERY_LIMIT", LogLevel.Warning)]
    [InlineData(200, "UNKNOWN_ERROR", LogLevel.Warning)]
    [InlineData(500, "UNKNOWN_ERROR", LogLevel.Warning)]
    [InlineData(503, "", LogLevel.Warning)]
    [InlineData(200, "REQUEST_DENIED", LogLevel.Error)]
    [InlineData(200, "INVALID_REQUEST", LogLevel.Error)]
    [InlineData(403, "", LogLevel.Error)]
    public async Task Google_trouble_falls_back_to_the_offline_estimate_and_is_logged(int httpStatus, string status, LogLevel level)
    {
        _google.DistanceMatrix = _ => (httpStatus, status.Length == 0 ? "<html>error</html>" : FakeGoogleServer.TopLevelStatus(status, "The provided API key is invalid."));

        var estimate = await EstimateAsync();

        estimate.Source.ShouldBe("offline-fallback");
        estimate.Miles.ShouldBe(OfflineDistanceEstimator.Estimate(Poole, Heathrow).Miles);
        var entry = _log.Entries.ShouldHaveSingleItem();
        entry.Level.ShouldBe(level);
        entry.Message.ShouldNotContain("test-key");
    }

    [Fact]
    public async Task A_timeout_falls_back_with_a_warning()
    {
        _google.Delay = TimeSpan.FromSeconds(5);

        var estimate = await EstimateAsync();

        estimate.Source.ShouldBe("offline-fallback");
        _log.Entries.ShouldHaveSingleItem().Level.ShouldBe(LogLevel.Warning);
    }

    [Fact]
    public async Task Geocoding_finds_a_postcode_and_ZERO_RESULTS_is_not_found_and_trouble_is_unavailable()
    {
        var geocoder = new GoogleGeocoder(Client(), new MemoryCache(new MemoryCacheOptions()));
        _google.Geocode = _ => (200, FakeGoogleServer.GeocodeFound(50.7128, -1.9869, "BH15 1HJ"));

        var found = await geocoder.GeocodeAsync("BH15 1HJ", CancellationToken.None);
        found.Status.ShouldBe(GeocodeStatus.Found);
        found.Location.ShouldBe(new GeoPoint(50.7128, -1.9869));
        found.Postcode.ShouldBe("BH15 1HJ");
        _google.Requests.Single().ShouldStartWith("/maps/api/geocode/json?address=BH15%201HJ&region=uk&components=country:GB&key=test-key");

        _google.Geocode = _ => (200, FakeGoogleServer.GeocodeZeroResults);
        (await geocoder.GeocodeAsync("Nowhere Lane, Atlantis", CancellationToken.None)).Status.ShouldBe(GeocodeStatus.NotFound);

        _google.Geocode = _ => (200, FakeGoogleServer.TopLevelStatus("OVER_QUERY_LIMIT"));
        (await geocoder.GeocodeAsync("1 Quay Road, Poole", CancellationToken.None)).Status.ShouldBe(GeocodeStatus.Unavailable);
        _google.Geocode = _ => (200, FakeGoogleServer.TopLevelStatus("REQUEST_DENIED"));
        (await geocoder.GeocodeAsync("2 Quay Road, Poole", CancellationToken.None)).Status.ShouldBe(GeocodeStatus.Unavailable);

        // Answers are cached: asking again does not call Google.
        var calls = _google.Requests.Count;
        (await geocoder.GeocodeAsync("bh15 1hj", CancellationToken.None)).Status.ShouldBe(GeocodeStatus.Found);
        _google.Requests.Count.ShouldBe(calls);
    }

    [Fact]
    public async Task Route_estimates_are_cached_by_rounded_coordinates()
    {
        var counting = new CountingEstimator();
        var cached = new CachingDistanceEstimator(counting, new MemoryCache(new MemoryCacheOptions()));

        await cached.EstimateAsync(Poole, Heathrow, CancellationToken.None);
        await cached.EstimateAsync(new GeoPoint(50.71502, -1.98698), new GeoPoint(51.47001, -0.45431), CancellationToken.None);
        counting.Calls.ShouldBe(1);

        await cached.EstimateAsync(Heathrow, Poole, CancellationToken.None);
        counting.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task With_an_API_key_the_host_quotes_with_Google_distances_and_geocoded_postcodes()
    {
        await using var factory = await PricingApi.CreateFactoryAsync(
            new("Maps:Google:ApiKey", "host-key"),
            new("Maps:Google:BaseUrl", _google.BaseUrl));
        var client = factory.CreateClient();
        _google.DistanceMatrix = _ => (200, FakeGoogleServer.Distance(160934, 6000));
        _google.Geocode = request => request.Query["address"] == "BH15 1HJ"
            ? (200, FakeGoogleServer.GeocodeFound(50.7128, -1.9869, "BH15 1HJ"))
            : (200, FakeGoogleServer.GeocodeZeroResults);

        var body = new { pickup = new { postcode = "bh15 1hj" }, dropoff = new { place = "LHR" }, pickupAt = PricingApi.OrdinaryWeekday(), passengers = 2 };
        var response = await client.PostAsJsonAsync("/v1/quotes", body);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var quote = await response.JsonAsync();
        quote.GetProperty("distanceMiles").GetDecimal().ShouldBe(100.0m);
        quote.GetProperty("durationMinutes").GetInt32().ShouldBe(100);
        quote.Option("saloon").LineCodes().ShouldContain("fixed_route");
        _google.Requests.ShouldContain(r => r.StartsWith("/maps/api/geocode/json?address=BH15%201HJ", StringComparison.Ordinal));

        var unknown = await client.PostAsJsonAsync("/v1/quotes", body with { pickup = new { postcode = "BH15 9ZZ" } });
        unknown.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unknown.CodeAsync()).ShouldBe("unknown_place");

        _google.DistanceMatrix = _ => (200, FakeGoogleServer.DistanceElementStatus("ZERO_RESULTS"));
        var unreachable = await client.PostAsJsonAsync("/v1/quotes", new { pickup = new { place = "BOH" }, dropoff = new { place = "LHR" }, pickupAt = PricingApi.OrdinaryWeekday(), passengers = 2 });
        unreachable.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unreachable.CodeAsync()).ShouldBe("unreachable");
    }

    private sealed class CountingEstimator : IDistanceEstimator
    {
        public int Calls { get; private set; }

        public Task<RouteEstimate> EstimateAsync(GeoPoint from, GeoPoint to, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(OfflineDistanceEstimator.Estimate(from, to));
        }
    }
}

/// <summary>Collects log entries so a test can see that a fallback was reported, and how loudly.</summary>
internal sealed class ListLogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public ILogger<T> For<T>() => new Typed<T>(this);

    private sealed class Typed<T>(ListLogger owner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Entries)
            {
                owner.Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
