using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.Hosting.Telemetry;

namespace Platform.Tests.Telemetry;

public sealed class PrometheusCollectorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ServiceProvider _otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _meterName = "Test.Prometheus." + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        _services.Dispose();
        _otherHost.Dispose();
    }

    private PrometheusCollector Collector() => new([_meterName], _services.GetRequiredService<IMeterFactory>());

    private Meter Meter() => _services.GetRequiredService<IMeterFactory>().Create(_meterName);

    [Fact]
    public void Counters_get_the_total_suffix_and_sum_per_label_set()
    {
        using var collector = Collector();
        var counter = Meter().CreateCounter<long>("shop.orders.placed", "{order}", "Orders placed.");
        counter.Add(2, new KeyValuePair<string, object?>("channel", "web"));
        counter.Add(3, new KeyValuePair<string, object?>("channel", "web"));
        counter.Add(1, new KeyValuePair<string, object?>("channel", "phone"));

        var text = collector.Scrape();

        text.ShouldContain("# HELP shop_orders_placed_total Orders placed.\n# TYPE shop_orders_placed_total counter\n");
        text.ShouldContain("shop_orders_placed_total{channel=\"phone\"} 1\n");
        text.ShouldContain("shop_orders_placed_total{channel=\"web\"} 5\n");
    }

    [Fact]
    public void Histograms_are_cumulative_over_the_advised_buckets_with_sum_count_and_status_class()
    {
        using var collector = Collector();
        var histogram = Meter().CreateHistogram<double>("http.server.request.duration", "s", "Duration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        KeyValuePair<string, object?>[] tags = [new("http.route", "/v1/quotes"), new("http.response.status_code", 503)];
        histogram.Record(0.05, tags);
        histogram.Record(0.5, tags);
        histogram.Record(4, tags);

        var text = collector.Scrape();

        const string labels = "http_response_status_class=\"5xx\",http_response_status_code=\"503\",http_route=\"/v1/quotes\"";
        text.ShouldContain("# TYPE http_server_request_duration_seconds histogram\n");
        text.ShouldContain($"http_server_request_duration_seconds_bucket{{{labels},le=\"0.1\"}} 1\n");
        text.ShouldContain($"http_server_request_duration_seconds_bucket{{{labels},le=\"1\"}} 2\n");
        text.ShouldContain($"http_server_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3\n");
        text.ShouldContain($"http_server_request_duration_seconds_sum{{{labels}}} 4.55\n");
        text.ShouldContain($"http_server_request_duration_seconds_count{{{labels}}} 3\n");
    }

    [Fact]
    public void Observable_gauges_show_only_what_the_callback_reports_now_and_labels_are_escaped()
    {
        using var collector = Collector();
        var reported = new List<Measurement<long>> { new(7, new KeyValuePair<string, object?>("outbox", "Say \"hi\"\\now")), new(2, new KeyValuePair<string, object?>("outbox", "gone")) };
        Meter().CreateObservableGauge("platform.outbox.backlog", () => reported, "{message}");

        collector.Scrape().ShouldContain("platform_outbox_backlog{outbox=\"Say \\\"hi\\\"\\\\now\"} 7\n");
        reported.RemoveAt(1);
        collector.Scrape().ShouldNotContain("gone");
    }

    [Fact]
    public void Meters_of_another_host_with_the_same_name_are_left_out()
    {
        using var collector = Collector();
        Meter().CreateCounter<long>("mine").Add(1);
        _otherHost.GetRequiredService<IMeterFactory>().Create(_meterName).CreateCounter<long>("theirs").Add(1);

        var text = collector.Scrape();

        text.ShouldContain("mine_total 1");
        text.ShouldNotContain("theirs");
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("203.0.113.9", StatusCodes.Status403Forbidden)]
    public void Without_a_token_only_loopback_callers_may_scrape(string address, int? refusedWith)
    {
        var context = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };

        var refusal = PlatformTelemetry.Refuse(context, token: null);

        (refusal as IStatusCodeHttpResult)?.StatusCode.ShouldBe(refusedWith);
        (refusal is null).ShouldBe(refusedWith is null);
    }

    [Fact]
    public void With_a_token_even_loopback_callers_must_send_it()
    {
        var context = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Loopback } };
        (PlatformTelemetry.Refuse(context, "s3cret") as IStatusCodeHttpResult)!.StatusCode.ShouldBe(StatusCodes.Status401Unauthorized);

        context.Request.Headers.Authorization = "Bearer s3cret";
        PlatformTelemetry.Refuse(context, "s3cret").ShouldBeNull();
    }
}
