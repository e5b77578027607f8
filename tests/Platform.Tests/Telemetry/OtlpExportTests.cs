using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Hosting;
using Platform.Hosting.Telemetry;

namespace Platform.Tests.Telemetry;

/// <summary>The SDK pipelines against a stand-in OTLP/HTTP collector: spans and metrics arrive; nothing without an endpoint.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private static readonly PlatformHostOptions Host = new()
    {
        Product = "OtlpShop", DisplayName = "Shop", ApiPrefix = "/v1", Roles = ["customer"], StaffRoles = [], BootstrapRole = "customer", OperationsRoles = [],
    };

    private readonly HttpListener _collector = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private readonly Task _loop;
    private readonly int _port;

    public OtlpExportTests()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _collector.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _collector.Start();
        _loop = Task.Run(async () =>
        {
            while (_collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _collector.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
    }

    public void Dispose()
    {
        _collector.Stop();
        _collector.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Spans_and_metrics_of_the_platform_sources_reach_the_collector_on_flush()
    {
        var spanName = "otlp-test-span-" + Guid.NewGuid().ToString("N")[..8];
        using (var providers = new TelemetryProviders(
            new TelemetryOptions { Otlp = { Endpoint = new Uri($"http://127.0.0.1:{_port}/"), Protocol = "http/protobuf" } }, Host))
        {
            using var source = new ActivitySource("Platform.OtlpTest");
            using (source.StartActivity(spanName))
            {
            }

            using var meter = new Meter("Platform.OtlpTest");
            meter.CreateCounter<long>("otlp.test.orders").Add(3);
        }

        // Disposing the providers flushed both exporters.
        _received.ShouldContain(r => r.Path == "/v1/traces" && Contains(r.Body, spanName) && Contains(r.Body, "OtlpShop"));
        _received.ShouldContain(r => r.Path == "/v1/metrics" && Contains(r.Body, "otlp.test.orders"));
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported()
    {
        using (var providers = new TelemetryProviders(new TelemetryOptions(), Host))
        {
            using var source = new ActivitySource("Platform.OtlpTest");
            source.HasListeners().ShouldBeFalse();
        }

        _received.ShouldBeEmpty();
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
