namespace Platform.Hosting.Telemetry;

/// <summary>Settings under <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telemetry";

    /// <summary><c>Telemetry:Otlp:*</c>: export traces and metrics to an OpenTelemetry collector.</summary>
    public OtlpSettings Otlp { get; set; } = new();

    /// <summary><c>Telemetry:Metrics:*</c>: the Prometheus endpoint.</summary>
    public MetricsSettings Metrics { get; set; } = new();

    /// <summary>How often the database-backed gauges are sampled while OTLP export is on (default 15 s).</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Fraction of new traces recorded (parent-based: a sampled caller's trace is always kept). Default 1.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>OTLP exporter settings.</summary>
    public sealed class OtlpSettings
    {
        /// <summary>The collector, e.g. <c>http://127.0.0.1:4317</c>; export is off while this is empty.</summary>
        public Uri? Endpoint { get; set; }

        /// <summary><c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318; <c>/v1/traces</c> and <c>/v1/metrics</c> are appended).</summary>
        public string Protocol { get; set; } = "grpc";

        /// <summary>Metric export interval (default 15 s).</summary>
        public TimeSpan MetricInterval { get; set; } = TimeSpan.FromSeconds(15);
    }

    /// <summary>Prometheus endpoint settings.</summary>
    public sealed class MetricsSettings
    {
        /// <summary>Map <c>GET /metrics</c> (default true).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>
        /// When set, a scrape must send <c>Authorization: Bearer &lt;token&gt;</c> (from anywhere); when empty, only
        /// loopback callers are answered.
        /// </summary>
        public string? Token { get; set; }
    }
}
