using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

// A realistic mix against both products, closed loop, first on ONE node of each product (its own port), then on all
// nodes through haproxy, then a peak step (10x the clients through haproxy). Run against deploy/local-cluster.sh:
//
//   deploy/local-cluster.sh up && eval "$(deploy/local-cluster.sh env | sed 's/^/export /; s/=\(.*\)$/="\1"/')"
//   dotnet run -c Release --project bench/Bench.Cluster -- --clients 16 --seconds 20 --peak 10
//
// Mix (each an "operation" of one or more requests, timed end to end): 80 % browse/search/quote (NovaTech search,
// NovaTech product page, NOTS quote), 15 % cart/booking (NovaTech cart + item, NOTS quote + booking), 5 %
// checkout/payment (NovaTech cart + checkout, NOTS booking + Sandbox payment). Prints operations/s, p50/p95/p99 and
// errors per phase, and the all-nodes/one-node ratio. Exits 1 if any phase had errors.
var options = Options.Parse(args);
var notsNodes = Env("TEST_CLUSTER_NOTS_NODES").Split(',');
var shopNodes = Env("TEST_CLUSTER_NOVATECH_NODES").Split(',');
var nots = Env("TEST_CLUSTER_NOTS");
var shop = Env("TEST_CLUSTER_NOVATECH");

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false };
var setup = new HttpClient(handler, false) { BaseAddress = new Uri(shop), Timeout = TimeSpan.FromSeconds(60) };
var admin = (await (await setup.PostAsJsonAsync("/api/v1/auth/token", new { email = Env("TEST_CLUSTER_NOVATECH_OWNER"), password = Env("TEST_CLUSTER_PASSWORD") }))
    .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
setup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
var warehouse = "B" + run;
(await setup.PostAsJsonAsync("/api/v1/warehouses", new { code = warehouse, name = "Bench " + run, country = "GB" })).EnsureSuccessStatusCode();
var skus = Enumerable.Range(0, 20).Select(i => $"BENCH{run}-{i:D2}").ToArray();
var product = await (await setup.PostAsJsonAsync("/api/v1/products", new
{
    name = "Bench Speaker " + run,
    brand = "Bench",
    category = "Audio > Speakers",
    description = "A speaker for the benchmark.",
    status = "active",
    specs = new Dictionary<string, object> { ["Colour"] = "Black" },
    variants = skus.Select((sku, i) => new { sku, pricePence = 4_999, attributes = new Dictionary<string, string> { ["size"] = "S" + i } }).ToArray(),
})).Content.ReadFromJsonAsync<JsonElement>();
var slug = product.TryGetProperty("slug", out var s) ? s.GetString() : null;
foreach (var sku in skus)
{
    (await setup.PutAsJsonAsync($"/api/v1/inventory/{sku}/warehouses/{warehouse}", new { onHand = 1_000_000, reason = "receipt" })).EnsureSuccessStatusCode();
}

Console.WriteLine($"Bench.Cluster: {options.Clients} clients, {options.Seconds} s per phase, peak x{options.Peak}; {notsNodes.Length} + {shopNodes.Length} nodes; {Environment.ProcessorCount} cores");
var one = await PhaseAsync("1 node each", notsNodes[0], shopNodes[0], options.Clients);
var all = await PhaseAsync($"{notsNodes.Length} nodes each (haproxy)", nots, shop, options.Clients);
var peak = await PhaseAsync($"peak x{options.Peak} (haproxy)", nots, shop, options.Clients * options.Peak);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio {notsNodes.Length} nodes / 1 node: throughput {all.Throughput / one.Throughput:F2}, p95 {all.P(0.95) / one.P(0.95):F2}x; peak: throughput {peak.Throughput / all.Throughput:F2}, p95 {peak.P(0.95) / all.P(0.95):F2}x, errors {peak.Errors}"));
return one.Errors + all.Errors + peak.Errors > 0 ? 1 : 0;

async Task<Result> PhaseAsync(string name, string notsUrl, string shopUrl, int clients)
{
    var notsHttp = new HttpClient(handler, false) { BaseAddress = new Uri(notsUrl), Timeout = TimeSpan.FromSeconds(60) };
    var shopHttp = new HttpClient(handler, false) { BaseAddress = new Uri(shopUrl), Timeout = TimeSpan.FromSeconds(60) };
    var pickup = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(9);
    var latencies = new List<double>[clients];
    var errors = 0;
    var kinds = new int[3];
    var warmUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * options.Warmup);
    var started = warmUntil;
    var until = started + (long)(Stopwatch.Frequency * options.Seconds);
    await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        var random = new Random(client);
        var mine = latencies[client] = new List<double>(4096);
        while (Stopwatch.GetTimestamp() < until)
        {
            var roll = random.Next(100);
            var kind = roll < 80 ? 0 : roll < 95 ? 1 : 2;
            var begin = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                ok = kind switch
                {
                    0 => (roll % 3) switch
                    {
                        0 => await OkAsync(shopHttp.GetAsync($"/api/v1/search?q=speaker&limit=20")),
                        1 => await OkAsync(shopHttp.GetAsync(slug is null ? "/" : $"/p/{slug}")),
                        _ => await QuoteAsync(notsHttp, pickup) is not null,
                    },
                    1 => roll % 2 == 0 ? await CartAsync(shopHttp, skus[random.Next(skus.Length)]) is not null : await BookAsync(notsHttp, pickup) is not null,
                    _ => roll % 2 == 0 ? await CheckoutAsync(shopHttp, skus[random.Next(skus.Length)]) : await BookAndPayAsync(notsHttp, pickup),
                };
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException or KeyNotFoundException)
            {
                ok = false;
            }

            var now = Stopwatch.GetTimestamp();
            if (begin < warmUntil)
            {
                continue;
            }

            if (!ok)
            {
                Interlocked.Increment(ref errors);
            }

            Interlocked.Increment(ref kinds[kind]);
            mine.Add(Stopwatch.GetElapsedTime(begin, now).TotalMilliseconds);
        }
    })));
    var result = new Result([.. latencies.SelectMany(l => l).Order()], options.Seconds, errors);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-28} {clients,4} clients: {result.Throughput,8:F1} ops/s  p50 {result.P(0.5),7:F1} ms  p95 {result.P(0.95),7:F1} ms  p99 {result.P(0.99),7:F1} ms  errors {errors}  (browse {kinds[0]}, cart/booking {kinds[1]}, checkout/payment {kinds[2]})"));
    return result;
}

static async Task<bool> OkAsync(Task<HttpResponseMessage> send)
{
    using var response = await send;
    await response.Content.LoadIntoBufferAsync();
    return response.IsSuccessStatusCode;
}

static async Task<Guid?> QuoteAsync(HttpClient http, DateTimeOffset pickup)
{
    using var response = await http.PostAsJsonAsync("/v1/quotes", new
    {
        pickup = new { place = "LHR" },
        dropoff = new { postcode = "BH15 1AA" },
        pickupAt = pickup.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        passengers = 2,
        suitcases = 2,
    });
    return response.StatusCode == HttpStatusCode.Created ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : null;
}

static async Task<JsonElement?> BookAsync(HttpClient http, DateTimeOffset pickup)
{
    if (await QuoteAsync(http, pickup) is not { } quote)
    {
        return null;
    }

    using var response = await http.PostAsJsonAsync("/v1/bookings", new
    {
        quoteId = quote,
        vehicleClass = "estate",
        passenger = new { name = "Bea Bench", email = "bea.bench@example.com", phone = "07700 900123" },
    });
    return response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
}

static async Task<bool> BookAndPayAsync(HttpClient http, DateTimeOffset pickup)
{
    if (await BookAsync(http, pickup) is not { } booking)
    {
        return false;
    }

    using var payment = await http.PostAsJsonAsync("/v1/payments", new { bookingReference = booking.GetProperty("reference").GetString(), token = booking.GetProperty("manageToken").GetString() });
    if (payment.StatusCode != HttpStatusCode.Created)
    {
        return false;
    }

    return await PayAsync(http, (await payment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutUrl").GetString()!);
}

static async Task<Guid?> CartAsync(HttpClient http, string sku)
{
    using var created = await http.PostAsync("/api/v1/carts", null);
    if (created.StatusCode != HttpStatusCode.Created)
    {
        return null;
    }

    var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    using var added = await http.PostAsJsonAsync($"/api/v1/carts/{id}/items", new { sku, quantity = 1 });
    return added.IsSuccessStatusCode ? id : null;
}

static async Task<bool> CheckoutAsync(HttpClient http, string sku)
{
    if (await CartAsync(http, sku) is not { } cart)
    {
        return false;
    }

    using var response = await http.PostAsJsonAsync("/api/v1/checkout", new
    {
        cartId = cart,
        email = "bench@example.test",
        shippingAddress = new { name = "Bea Bench", line1 = "1 Bench Street", line2 = (string?)null, city = "London", postcode = "sw1a2aa", country = "GB" },
        shippingMethod = "standard",
    });
    if (response.StatusCode != HttpStatusCode.Created)
    {
        return false;
    }

    return await PayAsync(http, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutUrl").GetString()!);
}

static async Task<bool> PayAsync(HttpClient http, string checkoutUrl)
{
    var url = new Uri(checkoutUrl, UriKind.RelativeOrAbsolute);
    var path = url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString;
    var page = await http.GetStringAsync(path);
    using var paid = await http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["form_token"] = Regex.Match(page, "name=\"form_token\" value=\"([^\"]+)\"").Groups[1].Value,
        ["card_number"] = "4242 4242 4242 4242",
        ["expiry"] = "12/" + ((DateTime.UtcNow.Year % 100) + 3).ToString(CultureInfo.InvariantCulture),
        ["cvc"] = "123",
    }));
    return paid.StatusCode == HttpStatusCode.SeeOther;
}

static string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set (deploy/local-cluster.sh env).");

internal sealed record Options(int Clients, int Seconds, int Peak, double Warmup)
{
    public static Options Parse(string[] args)
    {
        int Int(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        return new Options(Int("--clients", 16), Int("--seconds", 20), Int("--peak", 10), Int("--warmup", 3));
    }
}

internal sealed record Result(double[] Latencies, double Seconds, int Errors)
{
    public double Throughput => Latencies.Length / Seconds;

    public double P(double q) => Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)(q * Latencies.Length))];
}
