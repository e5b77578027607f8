using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Cluster.Tests;

/// <summary>
/// Issue 8's crash test: bookings and checkouts driven concurrently through haproxy (<c>TEST_CLUSTER_LOAD</c> of each,
/// default 1,000), dispatchers racing to assign the first paid jobs from different nodes, and node 2 of each product
/// killed with <c>kill -9</c> part-way and restarted. Afterwards: every request answered 2xx is in the database, every
/// integration event was handled exactly once by each of its consumers (inbox = outbox), nothing is dead-lettered, no stock
/// is oversold or held by a reservation nobody owns beyond its expiry, no booking is assigned twice. It prints the counts.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int UnitsPerSku = 20;
    private const int Workers = 12;

    private readonly StringBuilder _report = new();

    [ClusterFact]
    public async Task Kill_9_of_a_node_of_each_product_under_load_loses_nothing_and_doubles_nothing()
    {
        var load = ClusterEnvironment.Load;
        var notsTally = new Tally();
        var shopTally = new Tally();
        var nots = new NotsApi(notsTally.Client(ClusterEnvironment.Nots));
        var shop = new ShopApi(shopTally.Client(ClusterEnvironment.NovaTech));
        var notsNodes = ClusterEnvironment.NotsNodes.Select(notsTally.Client).ToList();

        // The merchant stocks 80 % of the checkouts (the rest must be refused, never oversold); three drivers for the races.
        var owner = await nots.OwnerAsync();
        var drivers = new List<(Guid DriverId, Guid VehicleId)>();
        for (var i = 0; i < 3; i++)
        {
            drivers.Add(await nots.DriverAsync(owner));
        }

        var admin = await shop.AdminAsync();
        var warehouse = await shop.WarehouseAsync(admin);
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var skus = Enumerable.Range(0, Math.Max(1, load * 4 / 5 / UnitsPerSku)).Select(i => $"CR{run}-{i:D3}").ToList();
        foreach (var chunk in skus.Chunk(10))
        {
            await shop.ProductAsync(admin, "Crash test " + chunk[0], chunk);
        }

        foreach (var sku in skus)
        {
            await shop.SetStockAsync(admin, sku, warehouse, UnitsPerSku);
        }

        var firstPickup = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(400 + Random.Shared.Next(0, 200));
        var races = Math.Min(60, Math.Max(3, load / 15));
        var booked = new ConcurrentBag<(string Reference, bool Paid)>();
        var raced = new ConcurrentBag<(string Reference, int Created)>();
        var orders = new ConcurrentBag<(string Number, bool Paid)>();
        int notsUnanswered = 0, shopUnanswered = 0, soldOut = 0, payFailures = 0, completed = 0;
        var killAt = load * 2 * 3 / 10;
        var kill = new TaskCompletionSource();
        var restartMs = new ConcurrentDictionary<string, long>();
        var clock = Stopwatch.StartNew();
        TimeSpan killedAt = default;

        var killer = Task.Run(async () =>
        {
            await kill.Task;
            killedAt = clock.Elapsed;
            await ClusterEnvironment.ScriptAsync("kill", "nots", "2");
            await ClusterEnvironment.ScriptAsync("kill", "novatech", "2");
            await Task.Delay(TimeSpan.FromSeconds(3)); // haproxy marks them down (2 failed checks 1 s apart) while the load goes on.
            restartMs["nots"] = long.Parse((await ClusterEnvironment.ScriptAsync("start-node", "nots", "2")).Trim(), CultureInfo.InvariantCulture);
            restartMs["novatech"] = long.Parse((await ClusterEnvironment.ScriptAsync("start-node", "novatech", "2")).Trim(), CultureInfo.InvariantCulture);
        });

        void Done()
        {
            if (Interlocked.Increment(ref completed) == killAt)
            {
                kill.TrySetResult();
            }
        }

        async Task BookAsync(int i)
        {
            try
            {
                var quote = await TryAsync(() => nots.QuoteAsync(firstPickup.AddHours(i * 4)));
                if (quote.Status != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref notsUnanswered);
                    return;
                }

                var quoteId = JsonDocument.Parse(quote.Body).RootElement.GetProperty("id").GetGuid();
                var key = Guid.NewGuid().ToString();
                var booking = await TryAsync(() => nots.BookAsync(quoteId, key));
                if (booking.Status != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref notsUnanswered);
                    return;
                }

                var body = JsonDocument.Parse(booking.Body).RootElement;
                var reference = body.GetProperty("reference").GetString()!;
                var paid = await PayWithRetryAsync(() => nots.PayAsync(reference, body.GetProperty("manageToken").GetString()!));
                booked.Add((reference, paid));
                if (!paid)
                {
                    Interlocked.Increment(ref payFailures);
                }
                else if (i < races)
                {
                    // Two dispatchers on two nodes assign the same job to different drivers at once.
                    await nots.WaitForJobAsync(owner, reference, _ => true, "created");
                    var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async k =>
                    {
                        var (driverId, vehicleId) = drivers[(i + k) % drivers.Count];
                        var result = await TryAsync(() => nots.AssignAsync(owner, reference, driverId, vehicleId, notsNodes[(i + k) % notsNodes.Count]), attempts: 1);
                        return result.Status;
                    }));
                    raced.Add((reference, attempts.Count(s => s == HttpStatusCode.Created)));
                }
            }
            finally
            {
                Done();
            }
        }

        async Task CheckOutAsync(int i)
        {
            try
            {
                Guid? cart = null;
                for (var attempt = 0; attempt < 3 && cart is null; attempt++)
                {
                    try
                    {
                        cart = await shop.CartAsync(skus[i % skus.Count]);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                    {
                        await Task.Delay(500);
                    }
                }

                if (cart is not { } cartId)
                {
                    Interlocked.Increment(ref shopUnanswered);
                    return;
                }

                var key = Guid.NewGuid().ToString();
                var checkout = await TryAsync(() => shop.CheckoutAsync(cartId, key));
                if (checkout.Status == HttpStatusCode.Conflict && checkout.Body.Contains("insufficient_stock", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref soldOut);
                    return;
                }

                if (checkout.Status != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref shopUnanswered);
                    return;
                }

                var body = JsonDocument.Parse(checkout.Body).RootElement.Clone();
                var paid = await PayWithRetryAsync(() => shop.PayAsync(body));
                orders.Add((body.GetProperty("orderNumber").GetString()!, paid));
                if (!paid)
                {
                    Interlocked.Increment(ref payFailures);
                }
            }
            finally
            {
                Done();
            }
        }

        int nextBooking = -1, nextCheckout = -1;
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref nextBooking)) < load)
                {
                    await BookAsync(i);
                }
            }))
            .Concat(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref nextCheckout)) < load)
                {
                    await CheckOutAsync(i);
                }
            })))
            .ToList();
        await Task.WhenAll(workers);
        var loadTime = clock.Elapsed;
        kill.TrySetResult();
        await killer;

        // Let the bus, the webhooks and the consumers finish, then count.
        var paidBookings = booked.Where(b => b.Paid).Select(b => b.Reference).ToArray();
        var paidOrders = orders.Where(o => o.Paid).Select(o => o.Number).ToArray();
        await Eventually.ThatAsync(async () =>
            await Count(ClusterEnvironment.NotsDatabase, "SELECT count(*) FROM dispatch.jobs WHERE booking_reference = ANY(@a)", paidBookings) == paidBookings.Length
            && await Count(ClusterEnvironment.NovaTechDatabase, "SELECT count(*) FROM ordering.orders WHERE number = ANY(@a) AND status = 'Paid'", paidOrders) == paidOrders.Length
            && (await EventsAsync(ClusterEnvironment.NotsDatabase)).All(e => e.Handled == e.Published)
            && (await EventsAsync(ClusterEnvironment.NovaTechDatabase)).All(e => e.Handled == e.Published),
            "the bus drained", polls: 1800);
        var settled = clock.Elapsed;

        Line($"load: {load} bookings and {load} checkouts, {Workers}+{Workers} clients, node 2 of each product killed (-9) at {killedAt.TotalSeconds:0.0} s after {killAt} flows; " +
             $"restart to ready: NOTS {restartMs.GetValueOrDefault("nots")} ms, NovaTech {restartMs.GetValueOrDefault("novatech")} ms; load took {loadTime.TotalSeconds:0.0} s, bus settled at {settled.TotalSeconds:0.0} s");
        Line($"NOTS HTTP: {notsTally}");
        Line($"NovaTech HTTP: {shopTally}");

        // NOTS: every 201 booking is stored; every paid one confirmed with exactly one dispatch job; no double assignment.
        var references = booked.Select(b => b.Reference).ToArray();
        var bookingRows = await Count(ClusterEnvironment.NotsDatabase, "SELECT count(*) FROM bookings.bookings WHERE reference = ANY(@a)", references);
        var confirmed = await Count(ClusterEnvironment.NotsDatabase, "SELECT count(*) FROM bookings.bookings WHERE reference = ANY(@a) AND status IN ('Confirmed', 'Assigned')", paidBookings);
        var confirmedAll = await Count(ClusterEnvironment.NotsDatabase, "SELECT count(*) FROM bookings.bookings WHERE reference = ANY(@a) AND status IN ('Confirmed', 'Assigned')", references);
        var jobs = await Count(ClusterEnvironment.NotsDatabase, "SELECT count(*) FROM dispatch.jobs WHERE booking_reference = ANY(@a)", references);
        var facts = await Count(ClusterEnvironment.NotsDatabase, "SELECT count(*) FROM reporting.booking_facts WHERE reference = ANY(@a)", references);
        var doubleJobs = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NotsDatabase, "SELECT count(*) - count(DISTINCT booking_id) FROM dispatch.jobs");
        var doubleAllocations = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NotsDatabase,
            "SELECT count(*) FROM (SELECT job_id FROM dispatch.allocations WHERE status IN ('Offered', 'Active') GROUP BY job_id HAVING count(*) > 1) d");
        var overlaps = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NotsDatabase,
            "SELECT count(*) FROM dispatch.jobs a JOIN dispatch.jobs b ON a.driver_id = b.driver_id AND a.id < b.id " +
            "WHERE a.status IN ('Offered','Assigned','EnRoute','Arrived','OnBoard') AND b.status IN ('Offered','Assigned','EnRoute','Arrived','OnBoard') " +
            "AND a.pickup_at < b.ends_at AND b.pickup_at < a.ends_at");
        var assignedRaced = await Count(ClusterEnvironment.NotsDatabase,
            "SELECT count(*) FROM dispatch.jobs WHERE booking_reference = ANY(@a) AND status = 'Assigned'", [.. raced.Select(r => r.Reference)]);
        Line($"NOTS: {booked.Count} bookings answered 201 → {bookingRows} rows; {paidBookings.Length} paid → {confirmed} confirmed or assigned ({confirmedAll} of all, a payment whose answer was lost included), {jobs} dispatch jobs, {facts} report facts; " +
             $"{notsUnanswered} flows without a 201 after retries; assignment races: {raced.Count} jobs, {raced.Sum(r => r.Created)} won, {assignedRaced} assigned; " +
             $"duplicate jobs {doubleJobs}, jobs with two live allocations {doubleAllocations}, overlapping jobs of one driver {overlaps}");

        // NovaTech: every 201 order stored; every paid one Paid; stock never oversold; reservations account for every held unit.
        var numbers = orders.Select(o => o.Number).ToArray();
        var orderRows = await Count(ClusterEnvironment.NovaTechDatabase, "SELECT count(*) FROM ordering.orders WHERE number = ANY(@a)", numbers);
        var paidRows = await Count(ClusterEnvironment.NovaTechDatabase, "SELECT count(*) FROM ordering.orders WHERE number = ANY(@a) AND status = 'Paid'", paidOrders);
        var prefix = $"CR{run}-%";
        var stock = await ClusterEnvironment.RowsAsync(ClusterEnvironment.NovaTechDatabase,
            $"SELECT s.sku, s.on_hand, s.reserved, " +
            $"COALESCE((SELECT sum(l.quantity) FROM inventory.reservation_lines l JOIN inventory.reservations r ON r.id = l.reservation_id WHERE l.sku = s.sku AND r.status = 'committed'), 0), " +
            $"COALESCE((SELECT sum(l.quantity) FROM inventory.reservation_lines l JOIN inventory.reservations r ON r.id = l.reservation_id WHERE l.sku = s.sku AND r.status = 'active'), 0) " +
            $"FROM inventory.stock_levels s WHERE s.sku LIKE '{prefix}'");
        var sold = stock.Sum(r => Convert.ToInt64(r[3], CultureInfo.InvariantCulture));
        var held = stock.Sum(r => Convert.ToInt64(r[4], CultureInfo.InvariantCulture));
        var mismatched = stock.Where(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture) != UnitsPerSku - Convert.ToInt64(r[3], CultureInfo.InvariantCulture)
            || Convert.ToInt64(r[2], CultureInfo.InvariantCulture) != Convert.ToInt64(r[4], CultureInfo.InvariantCulture)).Select(r => (string)r[0]!).ToList();
        var orphans = await ClusterEnvironment.RowsAsync(ClusterEnvironment.NovaTechDatabase,
            "SELECT r.reference, r.expires_at, r.created_at FROM inventory.reservations r WHERE r.status = 'active' " +
            $"AND EXISTS (SELECT 1 FROM inventory.reservation_lines l WHERE l.reservation_id = r.id AND l.sku LIKE '{prefix}') " +
            "AND NOT EXISTS (SELECT 1 FROM ordering.orders o WHERE o.number = r.reference)");
        var paidAll = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NovaTechDatabase,
            $"SELECT count(*) FROM ordering.orders o WHERE o.status = 'Paid' AND EXISTS (SELECT 1 FROM ordering.order_lines l WHERE l.order_id = o.id AND l.sku LIKE '{prefix}')");
        var doubleSales = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NovaTechDatabase,
            "SELECT count(*) FROM (SELECT reference, sku, warehouse_code FROM inventory.stock_movements WHERE reason = 'sale' GROUP BY 1, 2, 3 HAVING count(*) > 1) d");
        Line($"NovaTech: {orders.Count} checkouts answered 201 → {orderRows} rows; {paidOrders.Length} paid → {paidRows} Paid ({paidAll} Paid in all); {soldOut} refused as sold out; {shopUnanswered} flows without a 201 after retries; " +
             $"stock {skus.Count * UnitsPerSku} units: {sold} sold, {held} held by active reservations, SKUs out of balance {mismatched.Count}; " +
             $"reservations without an order (checkouts cut off by the crash, released at expiry) {orphans.Count}; duplicate sale movements {doubleSales}; payment steps failed {payFailures}");

        var events = (await EventsAsync(ClusterEnvironment.NotsDatabase)).Select(e => ("nots", e)).Concat((await EventsAsync(ClusterEnvironment.NovaTechDatabase)).Select(e => ("novatech", e))).ToList();
        foreach (var (product, e) in events)
        {
            Line($"  {product,-8} {e.Type,-45} → {e.Consumer,-70} published {e.Published,6}, handled {e.Handled,6}");
        }

        var dead = await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NotsDatabase, "SELECT count(*) FROM messaging.deliveries WHERE status = 'dead'")
            + await ClusterEnvironment.ScalarAsync(ClusterEnvironment.NovaTechDatabase, "SELECT count(*) FROM messaging.deliveries WHERE status = 'dead'");
        var doubleMail = await DuplicateMailAsync(ClusterEnvironment.NotsDatabase) + await DuplicateMailAsync(ClusterEnvironment.NovaTechDatabase);
        Line($"events: {events.Sum(e => e.e.Published)} published to {events.Count} (event, consumer) pairs, {events.Sum(e => e.e.Handled)} handled, " +
             $"{events.Count(e => e.e.Handled != e.e.Published)} pairs off; dead letters {dead}; messages sent twice {doubleMail}");
        output.WriteLine(_report.ToString());
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "crash-report.txt"), _report.ToString());

        bookingRows.ShouldBe(booked.Count);
        confirmed.ShouldBe(paidBookings.Length);
        jobs.ShouldBe(confirmedAll);
        (doubleJobs, doubleAllocations, overlaps).ShouldBe((0L, 0L, 0L));
        raced.ShouldAllBe(r => r.Created <= 1);
        assignedRaced.ShouldBeGreaterThanOrEqualTo(raced.Sum(r => r.Created)); // more only if a winner's answer was lost in the crash
        orderRows.ShouldBe(orders.Count);
        paidRows.ShouldBe(paidOrders.Length);
        mismatched.ShouldBeEmpty();
        sold.ShouldBeLessThanOrEqualTo(skus.Count * UnitsPerSku);
        sold.ShouldBe(paidAll);
        (soldOut > 0 || orders.Count == load).ShouldBeTrue();
        orphans.Count.ShouldBeLessThanOrEqualTo(shopUnanswered, "only a checkout that never answered may leave a reservation behind");
        orphans.ShouldAllBe(o => (DateTime)o[1]! > (DateTime)o[2]!);
        doubleSales.ShouldBe(0);
        events.ShouldAllBe(e => e.e.Handled == e.e.Published);
        dead.ShouldBe(0);
        doubleMail.ShouldBe(0);
        (await ClusterEnvironment.ScriptAsync("status")).ShouldNotContain("stopped");
    }

    private void Line(string text) => _report.AppendLine(text);

    private static async Task<long> Count(string database, string sql, string[] values)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("a", values);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Per (event type, consumer): outbox rows of that type in every module, and the consumer's inbox rows of it.</summary>
    private static async Task<List<(string Type, string Consumer, long Published, long Handled)>> EventsAsync(string database)
    {
        var outboxes = (await ClusterEnvironment.RowsAsync(database, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_messages'")).Select(r => (string)r[0]!).ToList();
        var inboxes = (await ClusterEnvironment.RowsAsync(database, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'inbox_messages'")).Select(r => (string)r[0]!).ToList();
        var published = (await ClusterEnvironment.RowsAsync(database,
                $"SELECT message_type, count(*) FROM ({string.Join(" UNION ALL ", outboxes.Select(s => $"SELECT message_type FROM \"{s}\".outbox_messages"))}) m GROUP BY message_type"))
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        var handled = await ClusterEnvironment.RowsAsync(database,
            string.Join(" UNION ALL ", inboxes.Select(s => $"SELECT message_type, consumer, count(*) FROM \"{s}\".inbox_messages GROUP BY message_type, consumer")));
        return [.. handled.Select(r => ((string)r[0]!, (string)r[1]!, published.GetValueOrDefault((string)r[0]!), Convert.ToInt64(r[2], CultureInfo.InvariantCulture)))
            .OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal)];
    }

    /// <summary>The same message (channel, recipient, template, reference) delivered more than once, resends apart.</summary>
    private static Task<long> DuplicateMailAsync(string database) => ClusterEnvironment.ScalarAsync(database,
        "SELECT count(*) FROM (SELECT 1 FROM notifications.deliveries WHERE resend_of IS NULL AND reference IS NOT NULL " +
        "GROUP BY channel, recipient, template_key, reference HAVING count(*) > 1) d");

    /// <summary>Sends with up to <paramref name="attempts"/> tries on a 5xx or no answer (a new request each time, same Idempotency-Key).</summary>
    private static async Task<(HttpStatusCode? Status, string Body)> TryAsync(Func<Task<HttpResponseMessage>> send, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode < 500 || attempt >= attempts)
                {
                    return (response.StatusCode, body);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                if (attempt >= attempts)
                {
                    return (null, ex.Message);
                }
            }

            await Task.Delay(500 * attempt);
        }
    }

    private static async Task<bool> PayWithRetryAsync(Func<Task<HttpStatusCode>> pay)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (await pay() == HttpStatusCode.SeeOther)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or ShouldAssertException)
            {
                // The node died mid-step: a customer would press Pay again.
            }

            await Task.Delay(500);
        }

        return false;
    }
}
