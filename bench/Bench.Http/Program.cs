using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// Closed-loop HTTP load: C clients each send requests back to back for D seconds against a target
// endpoint and against a baseline endpoint of the same server, one after the other in the same run,
// and print throughput, p50/p95/p99 and the target/baseline ratios.
//
//   dotnet run -c Release --project bench/Bench.Http -- --base http://localhost:5080 \
//       --baseline GET /health/live --target POST /v1/quotes @bench/nots/quote.json --clients 32 --seconds 10
// A path of the form @FILE takes one path per line of FILE and sends each request to one of them at random
// (e.g. every product of a 200,000-product catalog, so that no cache sees the same request twice in a row).

var options = BenchOptions.Parse(args);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
using var http = new HttpClient(handler) { BaseAddress = new Uri(options.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
if (options.BearerToken is { } token)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}

var baseline = await RunAsync(http, options.Baseline, options);
var target = await RunAsync(http, options.Target, options);
Print("baseline", options.Baseline, baseline);
Print("target", options.Target, target);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio target/baseline: throughput {target.Throughput / baseline.Throughput:F3}, p95 {target.P(0.95) / Math.Max(baseline.P(0.95), 0.001):F2}x"));
return target.Errors > 0 ? 1 : 0;

static async Task<Result> RunAsync(HttpClient http, Scenario scenario, BenchOptions options)
{
    // Warm-up: JIT, connection pool, database caches.
    var warmUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * options.WarmupSeconds);
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < warmUntil)
        {
            using var response = await http.SendAsync(scenario.CreateRequest());
        }
    }));

    var latencies = new List<double>[options.Clients];
    var errors = 0;
    var started = Stopwatch.GetTimestamp();
    var until = started + (long)(Stopwatch.Frequency * options.Seconds);
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async client =>
    {
        var mine = latencies[client] = new List<double>(4096);
        while (Stopwatch.GetTimestamp() < until)
        {
            var begin = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(scenario.CreateRequest());
                await response.Content.LoadIntoBufferAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }

            mine.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
        }
    }));
    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return new Result(all, elapsed, errors);
}

static void Print(string label, Scenario scenario, Result result) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label,-8} {scenario.Method} {scenario.Path}: {result.Latencies.Length} requests, {result.Throughput:F0} req/s, p50 {result.P(0.50):F2} ms, p95 {result.P(0.95):F2} ms, p99 {result.P(0.99):F2} ms, errors {result.Errors}"));

internal sealed record Result(double[] Latencies, double Seconds, int Errors)
{
    public double Throughput => Latencies.Length / Seconds;

    public double P(double quantile) =>
        Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(quantile * Latencies.Length) - 1)];
}

internal sealed record Scenario(string Method, string Path, string? Body)
{
    private readonly string[] _paths = Path.StartsWith('@')
        ? [.. File.ReadAllLines(Path[1..]).Where(l => l.Length > 0)]
        : [Path];

    public HttpRequestMessage CreateRequest()
    {
        var path = _paths.Length == 1 ? _paths[0] : _paths[Random.Shared.Next(_paths.Length)];
        var request = new HttpRequestMessage(new HttpMethod(Method), path);
        if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        }

        return request;
    }
}

internal sealed record BenchOptions(string BaseUrl, Scenario Baseline, Scenario Target, int Clients, double Seconds, double WarmupSeconds, string? BearerToken)
{
    public static BenchOptions Parse(string[] args)
    {
        string baseUrl = "http://localhost:5080";
        Scenario baseline = new("GET", "/health/live", null);
        Scenario? target = null;
        int clients = 32;
        double seconds = 10, warmup = 3;
        string? token = Environment.GetEnvironmentVariable("BENCH_TOKEN");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--base": baseUrl = args[++i]; break;
                case "--baseline": baseline = ReadScenario(args, ref i); break;
                case "--target": target = ReadScenario(args, ref i); break;
                case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }

        return new BenchOptions(baseUrl, baseline, target ?? baseline, clients, seconds, warmup, token);
    }

    private static Scenario ReadScenario(string[] args, ref int i)
    {
        var method = args[++i];
        var path = args[++i];
        string? body = null;
        if (i + 1 < args.Length && args[i + 1].StartsWith('@'))
        {
            body = File.ReadAllText(args[++i][1..]);
        }

        return new Scenario(method, path, body);
    }
}
