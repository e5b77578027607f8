using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// Aggregates measurements of the selected meters with a <see cref="MeterListener"/> and writes them in the
/// Prometheus text exposition format (version 0.0.4): counters as <c>_total</c>, up-down counters and gauges as
/// gauges, histograms as cumulative <c>_bucket</c>/<c>_sum</c>/<c>_count</c> with the instrument's advised bucket
/// boundaries. Names follow the OpenTelemetry → Prometheus mapping (dots to underscores, unit suffix such as
/// <c>_seconds</c>); an <c>http.response.status_code</c> tag also yields <c>http_response_status_class="5xx"</c>.
/// Meters created through a host's <see cref="IMeterFactory"/> (ASP.NET Core's, the platform's) are taken only from
/// the given scope (the host's factory), so several hosts in one process (tests) never see each other's figures; process-wide
/// meters (runtime, Npgsql) have no scope and are taken as they are.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener _listener = new();
    private readonly IReadOnlyList<string> _meters;
    private readonly object? _scope;
    private readonly ConcurrentDictionary<Instrument, Stream> _streams = new();
    private readonly Lock _scrape = new();

    public PrometheusCollector(IReadOnlyList<string> meters, object? scope)
    {
        _meters = meters;
        _scope = scope;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Selected(instrument.Meter))
            {
                var stream = _streams.GetOrAdd(instrument, i => new Stream(i));
                listener.EnableMeasurementEvents(instrument, stream);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _streams.TryRemove(instrument, out Stream? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Stream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Stream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((Stream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((Stream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Stream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((Stream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((Stream)state!).Record((double)value, tags));
        _listener.Start();
    }

    private bool Selected(Meter meter) =>
        (meter.Scope is null || ReferenceEquals(meter.Scope, _scope))
        && _meters.Any(pattern => pattern.EndsWith('*')
            ? meter.Name.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(meter.Name, pattern, StringComparison.Ordinal));

    /// <summary>Runs the observable instruments' callbacks, then writes every series.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            // Observable instruments report their current series each time: a series that stopped being reported goes.
            foreach (var stream in _streams.Values)
            {
                stream.ResetIfObservable();
            }

            _listener.RecordObservableInstruments();
            var families = new SortedDictionary<string, List<Stream>>(StringComparer.Ordinal);
            foreach (var stream in _streams.Values)
            {
                if (!families.TryGetValue(stream.Name, out var list))
                {
                    families[stream.Name] = list = [];
                }

                list.Add(stream);
            }

            var text = new StringBuilder(16 * 1024);
            foreach (var (name, streams) in families)
            {
                var first = streams[0];
                if (streams.All(s => s.IsEmpty))
                {
                    continue;
                }

                text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(first.Help)).Append('\n');
                text.Append("# TYPE ").Append(name).Append(' ').Append(first.Type).Append('\n');
                foreach (var stream in streams.Where(s => s.Type == first.Type))
                {
                    stream.Write(text);
                }
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    internal static string MetricName(string name, string? unit, bool counter)
    {
        var sanitized = Sanitize(name);
        var suffix = unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => null,
        };
        if (suffix is not null && !sanitized.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            sanitized += "_" + suffix;
        }

        return counter && !sanitized.EndsWith("_total", StringComparison.Ordinal) ? sanitized + "_total" : sanitized;
    }

    internal static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    internal static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString(CultureInfo.InvariantCulture);

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private enum Kind
    {
        Counter,
        Gauge,
        Histogram,
    }

    /// <summary>One instrument's series, keyed by their rendered label set.</summary>
    private sealed class Stream
    {
        private readonly Kind _kind;
        private readonly bool _cumulative;
        private readonly bool _observable;
        private readonly double[] _bounds;
        private readonly ConcurrentDictionary<string, Point> _points = new(StringComparer.Ordinal);

        public Stream(Instrument instrument)
        {
            var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            (_kind, _cumulative) = definition switch
            {
                _ when definition == typeof(Counter<>) => (Kind.Counter, false),
                _ when definition == typeof(ObservableCounter<>) => (Kind.Counter, true),
                _ when definition == typeof(Histogram<>) => (Kind.Histogram, false),
                _ when definition == typeof(UpDownCounter<>) => (Kind.Gauge, false),
                _ => (Kind.Gauge, true), // ObservableUpDownCounter, ObservableGauge, Gauge: the value as measured
            };
            _observable = instrument.IsObservable;
            Name = MetricName(instrument.Name, instrument.Unit, _kind == Kind.Counter);
            Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
            _bounds = _kind == Kind.Histogram ? Bounds(instrument) : [];
        }

        public string Name { get; }

        public string Help { get; }

        public string Type => _kind switch
        {
            Kind.Counter => "counter",
            Kind.Histogram => "histogram",
            _ => "gauge",
        };

        public bool IsEmpty => _points.IsEmpty;

        public void ResetIfObservable()
        {
            if (_observable)
            {
                _points.Clear();
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var point = _points.GetOrAdd(Labels(tags), _ => new Point(_bounds.Length));
            lock (point)
            {
                if (_kind == Kind.Histogram)
                {
                    var bucket = 0;
                    while (bucket < _bounds.Length && value > _bounds[bucket])
                    {
                        bucket++;
                    }

                    point.Buckets[bucket]++;
                    point.Count++;
                    point.Value += value;
                }
                else if (_cumulative)
                {
                    point.Value = value;
                }
                else
                {
                    point.Value += value;
                }
            }
        }

        public void Write(StringBuilder text)
        {
            foreach (var (labels, point) in _points.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                lock (point)
                {
                    if (_kind != Kind.Histogram)
                    {
                        Series(text, Name, labels, null, point.Value);
                        continue;
                    }

                    long cumulative = 0;
                    for (var i = 0; i <= _bounds.Length; i++)
                    {
                        cumulative += point.Buckets[i];
                        var le = i < _bounds.Length ? Format(_bounds[i]) : "+Inf";
                        Series(text, Name + "_bucket", labels, le, cumulative);
                    }

                    Series(text, Name + "_sum", labels, null, point.Value);
                    Series(text, Name + "_count", labels, null, point.Count);
                }
            }
        }

        private static void Series(StringBuilder text, string name, string labels, string? le, double value)
        {
            text.Append(name);
            if (labels.Length > 0 || le is not null)
            {
                text.Append('{').Append(labels);
                if (le is not null)
                {
                    text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
                }

                text.Append('}');
            }

            text.Append(' ').Append(Format(value)).Append('\n');
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty)
            {
                return "";
            }

            var pairs = new List<(string Name, string Value)>(tags.Length + 1);
            foreach (var (key, value) in tags)
            {
                var rendered = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                pairs.Add((Sanitize(key), rendered));
                if (key == "http.response.status_code" && rendered.Length == 3)
                {
                    pairs.Add(("http_response_status_class", rendered[0] + "xx"));
                }
            }

            pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return string.Join(',', pairs.Select(p => $"{p.Name}=\"{EscapeLabel(p.Value)}\""));
        }

        private static double[] Bounds(Instrument instrument)
        {
            var advised = instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.Select(b => b).ToArray(),
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                _ => null,
            };
            return advised is { Length: > 0 } ? advised : instrument.Unit == "s" ? SecondsBuckets : DefaultBuckets;
        }
    }

    private sealed class Point(int bounds)
    {
        public long[] Buckets { get; } = new long[bounds + 1];

        public long Count { get; set; }

        public double Value { get; set; }
    }
}
