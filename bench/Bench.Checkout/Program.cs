using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Catalog;
using Platform.Identity;
using Platform.Messaging;

// Checkout throughput with zero oversell, next to /health/live measured in the same run on the same server.
// Hosts the real NovaTech app on Kestrel (a real socket) over a fresh SQLite file (or PostgreSQL with
// --postgres "<connection string>"), with a stand-in catalog of bench SKUs until NovaTech.Catalog is merged.
//
//   dotnet run -c Release --project bench/Bench.Checkout -- --clients 32 --seconds 10
//
// Phases: baseline GET /health/live for D s; checkout: C clients each POST /api/v1/checkout with a fresh cart
// (carts are made before the clock starts) for D s; oversell: 400 parallel checkouts for 50 units, which must sell
// exactly 50. Exit code 1 on any error or oversell.
var clients = 32;
double seconds = 10;
string? postgres = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--postgres": postgres = args[++i]; break;
        default: throw new ArgumentException($"Unknown argument {args[i]}");
    }
}

var directory = Path.Combine(Path.GetTempPath(), "bench-checkout", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
// The factory looks for the web project's folder next to a solution; the bench runs from its own output instead.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_NOVATECH_WEB", AppContext.BaseDirectory);
await using var shop = new BenchShop(directory, postgres);
shop.UseKestrel(0);
shop.StartServer();
var address = shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 };
using var http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
Console.WriteLine($"NovaTech on {address} ({(postgres is null ? "SQLite" : "PostgreSQL")}), {clients} clients, {seconds} s per phase, {Environment.ProcessorCount} cores");

// Staff sets up two warehouses and stock: plenty of BENCH-1, exactly 50 of LAST-50.
await using (var scope = shop.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync("bench@novatech.test", "bench merchant password", "Bench", "merchant");
}

var token = (await (await http.PostAsJsonAsync("/api/v1/auth/token", new { email = "bench@novatech.test", password = "bench merchant password" }))
    .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
async Task StaffAsync(HttpMethod method, string path, object body)
{
    using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    (await http.SendAsync(request)).EnsureSuccessStatusCode();
}

await StaffAsync(HttpMethod.Post, "/api/v1/warehouses", new { code = "LON1", name = "London", country = "GB" });
await StaffAsync(HttpMethod.Post, "/api/v1/warehouses", new { code = "MAN1", name = "Manchester", country = "GB" });
await StaffAsync(HttpMethod.Put, "/api/v1/inventory/BENCH-1/warehouses/LON1", new { onHand = 500_000, reason = "receipt" });
await StaffAsync(HttpMethod.Put, "/api/v1/inventory/LAST-50/warehouses/LON1", new { onHand = 30, reason = "receipt" });
await StaffAsync(HttpMethod.Put, "/api/v1/inventory/LAST-50/warehouses/MAN1", new { onHand = 20, reason = "receipt" });

// Carts for the checkout phase, made before any clock starts.
var expected = (int)(seconds * 1_000) + (clients * 50);
var carts = new ConcurrentQueue<Guid>(await MakeCartsAsync(http, "BENCH-1", expected, clients));
Console.WriteLine($"{carts.Count} carts ready");

var baseline = await LoadAsync(clients, seconds, async () =>
{
    using var response = await http.GetAsync("/health/live");
    return response.IsSuccessStatusCode;
});
var placedTotal = 0;
var checkout = await LoadAsync(clients, seconds, async () =>
{
    if (!carts.TryDequeue(out var cart))
    {
        return false;
    }

    using var response = await http.PostAsJsonAsync("/api/v1/checkout", Checkout(cart));
    if (response.StatusCode != HttpStatusCode.Created)
    {
        return false;
    }

    Interlocked.Increment(ref placedTotal);
    return true;
});
Print("baseline GET /health/live", baseline);
Print("checkout POST /api/v1/checkout", checkout);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio checkout/baseline throughput {checkout.Throughput / baseline.Throughput:F3}"));

// The background work the checkouts caused (stock-level events to search and alerts, OrderPlaced) must keep up, not
// pile up behind a fast request path: print the backlog at the end of the phase and how long it takes to drain.
var monitor = shop.Services.GetRequiredService<IMessagingMonitor>();
var backlog = await monitor.GetStatusAsync();
var drainStarted = Stopwatch.GetTimestamp();
while (backlog.PendingDeliveries + backlog.Outboxes.Sum(o => o.Undispatched) > 0 && Stopwatch.GetElapsedTime(drainStarted) < TimeSpan.FromMinutes(2))
{
    await Task.Delay(100);
    backlog = await monitor.GetStatusAsync();
}

var drained = backlog.PendingDeliveries + backlog.Outboxes.Sum(o => o.Undispatched) == 0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"background after the phase: {(drained ? "drained" : "NOT drained")} in {Stopwatch.GetElapsedTime(drainStarted).TotalSeconds:F1} s, dead letters {backlog.DeadDeliveries}"));

var stock = await StockAsync("BENCH-1");
var soldOk = stock.reserved == placedTotal;
Console.WriteLine($"BENCH-1 after the run: on hand {stock.onHand}, reserved {stock.reserved}, orders placed incl. warm-up {placedTotal}: {(soldOk ? "equal" : "DIFFERENT")}");

// Oversell: 400 shoppers at once for the last 50 units across two warehouses.
var lastCarts = await MakeCartsAsync(http, "LAST-50", 400, clients);
using var go = new SemaphoreSlim(0);
var racers = lastCarts.Select(async cart =>
{
    await go.WaitAsync();
    using var response = await http.PostAsJsonAsync("/api/v1/checkout", Checkout(cart));
    return response.StatusCode;
}).ToList();
go.Release(lastCarts.Count);
var outcomes = await Task.WhenAll(racers);
var last = await StockAsync("LAST-50");
var sold = outcomes.Count(s => s == HttpStatusCode.Created);
var refused = outcomes.Count(s => s == HttpStatusCode.Conflict);
var exact = sold == 50 && refused == 350 && last.reserved == 50 && last.available == 0;
Console.WriteLine($"oversell race: 400 checkouts for 50 units -> {sold} placed, {refused} refused (409), reserved {last.reserved}, available {last.available}: {(exact ? "exact, zero oversell" : "WRONG")}");
return checkout.Errors == 0 && soldOk && exact && drained && backlog.DeadDeliveries == 0 ? 0 : 1;

async Task<(int onHand, int reserved, int available)> StockAsync(string sku)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/inventory/{sku}");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var body = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
    return (body.GetProperty("onHand").GetInt32(), body.GetProperty("reserved").GetInt32(), body.GetProperty("available").GetInt32());
}

static object Checkout(Guid cart) => new
{
    cartId = cart,
    email = "bench@example.test",
    shippingAddress = new { name = "Bench Shopper", line1 = "1 High Street", city = "London", postcode = "EC1A 1BB", country = "GB" },
    shippingMethod = "standard",
};

static async Task<List<Guid>> MakeCartsAsync(HttpClient http, string sku, int count, int parallel)
{
    var made = new ConcurrentBag<Guid>();
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (_, ct) =>
    {
        using var created = await http.PostAsync("/api/v1/carts", null, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        using var added = await http.PostAsJsonAsync($"/api/v1/carts/{id}/items", new { sku, quantity = 1 }, ct);
        added.EnsureSuccessStatusCode();
        made.Add(id);
    });
    return [.. made];
}

static async Task<Run> LoadAsync(int clients, double seconds, Func<Task<bool>> call)
{
    var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < warmUntil)
        {
            await call();
        }
    }));
    var latencies = new ConcurrentBag<double>();
    var errors = 0;
    var ok = 0;
    var started = Stopwatch.GetTimestamp();
    var until = started + (long)(Stopwatch.Frequency * seconds);
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < until)
        {
            var begin = Stopwatch.GetTimestamp();
            if (await call())
            {
                Interlocked.Increment(ref ok);
            }
            else
            {
                Interlocked.Increment(ref errors);
            }

            latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
        }
    }));
    return new Run([.. latencies.Order()], Stopwatch.GetElapsedTime(started).TotalSeconds, ok, errors);
}

static void Print(string label, Run run) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{label}: {run.Ok} ok / {run.Latencies.Length}, {run.Throughput:F0} per s, p50 {run.P(0.50):F1} ms, p95 {run.P(0.95):F1} ms, p99 {run.P(0.99):F1} ms, errors {run.Errors}"));

internal sealed record Run(double[] Latencies, double Seconds, int Ok, int Errors)
{
    public double Throughput => Ok / Seconds;

    public double P(double q) => Latencies.Length == 0 ? 0 : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(q * Latencies.Length) - 1)];
}

/// <summary>The real NovaTech host with the bench's settings and a stand-in catalog.</summary>
internal sealed class BenchShop(string directory, string? postgres) : WebApplicationFactory<NovaTech.Web.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = postgres is null ? "Sqlite" : "Postgres",
            ["ConnectionStrings:NovaTech"] = postgres,
            ["Database:DataDirectory"] = directory,
            ["Storage:Root"] = Path.Combine(directory, "files"),
            ["Email:PickupDirectory"] = Path.Combine(directory, "mail"),
            ["Identity:RequireStaffMfa"] = "false",
            ["RateLimiting:PermitsPerMinute"] = "10000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Ordering:MaxQuantityPerLine"] = "10",
        };
        builder.UseEnvironment("Bench");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services => services.AddSingleton<ICatalogLookup, BenchCatalog>());
    }
}

internal sealed class BenchCatalog : ICatalogLookup
{
    private static readonly Dictionary<string, SkuInfo> Skus = new(StringComparer.Ordinal)
    {
        ["BENCH-1"] = new("BENCH-1", Guid.NewGuid(), "Nova Phone", "Black, 128 GB", 49_999, 2000, 400, true, "nova-phone"),
        ["LAST-50"] = new("LAST-50", Guid.NewGuid(), "Nova Phone Pro", "Gold, 1 TB", 129_999, 2000, 450, true, "nova-phone-pro"),
    };

    public Task<IReadOnlyDictionary<string, SkuInfo>> GetSkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, SkuInfo>>(skus.Where(Skus.ContainsKey).Distinct().ToDictionary(s => s, s => Skus[s], StringComparer.Ordinal));
}
