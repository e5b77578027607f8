using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// Traces and metrics for a product host (docs/operations.md). The OpenTelemetry SDK subscribes to ASP.NET Core's and
/// .NET's built-in activity sources and meters (no instrumentation packages are available here) and to the platform's,
/// and exports over OTLP when <c>Telemetry:Otlp:Endpoint</c> is set. <c>GET /metrics</c> answers in the Prometheus
/// text format from a <see cref="MeterListener"/>, whether or not OTLP is on.
/// </summary>
public static class PlatformTelemetry
{
    /// <summary>The activity sources traced: ASP.NET Core requests, outgoing HTTP, Npgsql commands, the platform's spans.</summary>
    public static readonly IReadOnlyList<string> ActivitySources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "Platform.*"];

    /// <summary>
    /// The meters exported: HTTP server (request duration by route and status), Kestrel connections, routing, exception
    /// handling, rate limiting (throttled requests), authentication and authorization, outgoing HTTP, the runtime,
    /// Npgsql's connection pool, EF Core, and the platform's own (<c>Platform.*</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization", "System.Net.Http", "System.Runtime", "Npgsql", "Microsoft.EntityFrameworkCore",
        "Platform.*",
    ];

    /// <summary>The Prometheus endpoint's path.</summary>
    public const string MetricsPath = "/metrics";

    internal static void AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration, PlatformHostOptions host)
    {
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .Validate(o => o.SampleInterval > TimeSpan.Zero && o.Otlp.MetricInterval > TimeSpan.Zero, "Telemetry: SampleInterval and Otlp:MetricInterval must be positive.")
            .Validate(o => o.TraceSampleRatio is >= 0 and <= 1, "Telemetry:TraceSampleRatio must be between 0 and 1.")
            .Validate(o => o.Otlp.Protocol is "grpc" or "http/protobuf", "Telemetry:Otlp:Protocol must be grpc or http/protobuf.")
            .ValidateOnStart();
        services.AddSingleton<OperationsMetrics>();
        services.AddSingleton(sp => new PrometheusCollector(Meters, sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new TelemetryProviders(sp.GetRequiredService<IOptions<TelemetryOptions>>().Value, host));
        if (configuration.GetValue<Uri?>("Telemetry:Otlp:Endpoint") is not null)
        {
            services.AddHostedService<OperationsSampler>();
        }
    }

    /// <summary>Starts the SDK pipelines and the collector, and maps <c>GET /metrics</c> unless disabled.</summary>
    internal static WebApplication UsePlatformTelemetry(this WebApplication app)
    {
        // Resolved here, before the server starts, so the first request is already traced and counted.
        app.Services.GetRequiredService<TelemetryProviders>();
        app.Services.GetRequiredService<OperationsMetrics>();
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Metrics.Enabled)
        {
            return app;
        }

        // The listener aggregates from here on; with /metrics disabled it never starts and costs nothing per request.
        var collector = app.Services.GetRequiredService<PrometheusCollector>();

        // Authorization: declared here, not through a policy, because scrapers carry no user. Loopback only unless a
        // token is configured (docs/operations.md); through a load balancer the forwarded client address decides.
        app.MapGet(MetricsPath, async (HttpContext context, OperationsMetrics operations, CancellationToken cancellationToken) =>
        {
            var refusal = Refuse(context, options.Metrics.Token);
            if (refusal is not null)
            {
                return refusal;
            }

            await operations.RefreshAsync(TimeSpan.FromSeconds(1), cancellationToken);
            return Results.Text(collector.Scrape(), "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8);
        })
        .AllowAnonymous()
        .DisableRateLimiting()
        .ExcludeFromDescription();
        return app;
    }

    /// <summary>Null when the caller may scrape; otherwise the 401 (token configured) or 403 (not loopback).</summary>
    internal static IResult? Refuse(HttpContext context, string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            var header = context.Request.Headers.Authorization.ToString();
            var supplied = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(supplied), Encoding.UTF8.GetBytes(token)))
            {
                return null;
            }

            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A metrics token is required",
                extensions: new Dictionary<string, object?> { ["code"] = "telemetry.metrics_token_required" });
        }

        // No address: the in-memory test server or a Unix socket, both local.
        var remote = context.Connection.RemoteIpAddress;
        return remote is null || IPAddress.IsLoopback(remote)
            ? null
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Metrics are served to loopback callers only",
                extensions: new Dictionary<string, object?> { ["code"] = "telemetry.metrics_loopback_only" });
    }
}

/// <summary>The OpenTelemetry SDK's tracer and meter providers; built only when an OTLP endpoint is configured.</summary>
internal sealed class TelemetryProviders : IDisposable
{
    private readonly TracerProvider? _tracing;
    private readonly MeterProvider? _metrics;

    public TelemetryProviders(TelemetryOptions options, PlatformHostOptions host)
    {
        if (options.Otlp.Endpoint is not { } endpoint)
        {
            return;
        }

        var http = options.Otlp.Protocol == "http/protobuf";
        var protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        Uri Signal(string path) => http && endpoint.AbsolutePath is "/" or "" ? new Uri(endpoint, path) : endpoint;
        var resource = ResourceBuilder.CreateDefault().AddService(
            serviceName: host.Product,
            serviceVersion: typeof(TelemetryProviders).Assembly.GetName().Version?.ToString(),
            serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}");
        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource([.. PlatformTelemetry.ActivitySources])
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = Signal("/v1/traces");
                otlp.Protocol = protocol;
            })
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter([.. PlatformTelemetry.Meters])
            .AddOtlpExporter((otlp, reader) =>
            {
                otlp.Endpoint = Signal("/v1/metrics");
                otlp.Protocol = protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Otlp.MetricInterval.TotalMilliseconds;
            })
            .Build();
    }

    /// <summary>Flushes and stops the exporters (the container disposes this on shutdown).</summary>
    public void Dispose()
    {
        _tracing?.Dispose();
        _metrics?.Dispose();
    }
}
