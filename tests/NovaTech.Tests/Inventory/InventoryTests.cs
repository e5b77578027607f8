using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Inventory;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Reservations;

namespace NovaTech.Tests.Inventory;

public sealed class InventoryTests : IAsyncLifetime
{
    private ShopHost _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopHost.StartAsync();

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_merchant_creates_warehouses_counts_stock_and_reads_it_per_warehouse()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.WarehouseAsync("dub1", "IE");
        await _shop.SetStockAsync("NP-128-BLK", "LON1", 7);
        await _shop.SetStockAsync("NP-128-BLK", "DUB1", 3);

        var stock = await _shop.StockAsync("NP-128-BLK");

        stock.GetProperty("sku").GetString().ShouldBe("NP-128-BLK");
        stock.GetProperty("onHand").GetInt32().ShouldBe(10);
        stock.GetProperty("reserved").GetInt32().ShouldBe(0);
        stock.GetProperty("available").GetInt32().ShouldBe(10);
        var warehouses = stock.GetProperty("warehouses").EnumerateArray().ToList();
        warehouses.Select(w => w.GetProperty("code").GetString()).ShouldBe(["DUB1", "LON1"]);
        warehouses.Select(w => w.GetProperty("available").GetInt32()).ShouldBe([3, 7]);
        var list = await (await _shop.StaffAsync(HttpMethod.Get, "warehouses")).Content.ReadFromJsonAsync<JsonElement>();
        list.EnumerateArray().Single(w => w.GetProperty("code").GetString() == "DUB1").GetProperty("country").GetString().ShouldBe("IE");
    }

    [Fact]
    public async Task Every_adjustment_is_kept_in_the_movement_ledger_with_its_reason_and_who_made_it()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("TAB-64", "LON1", 10, "receipt");
        _shop.Clock.Advance(TimeSpan.FromMinutes(1));
        await _shop.SetStockAsync("TAB-64", "LON1", 8, "damage");
        _shop.Clock.Advance(TimeSpan.FromMinutes(1));
        await _shop.SetStockAsync("TAB-64", "LON1", 9, "count");

        var ledger = await (await _shop.StaffAsync(HttpMethod.Get, "inventory/TAB-64/movements")).Content.ReadFromJsonAsync<JsonElement>();

        var rows = ledger.EnumerateArray().Reverse().ToList();
        rows.Select(r => (r.GetProperty("reason").GetString(), r.GetProperty("delta").GetInt32(), r.GetProperty("onHandAfter").GetInt32()))
            .ShouldBe([("receipt", 10, 10), ("damage", -2, 8), ("count", 1, 9)]);
        rows.ShouldAllBe(r => r.GetProperty("actor").GetString() != null);
    }

    [Fact]
    public async Task Bad_adjustments_are_refused_with_a_code_and_change_nothing()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("CAM-1", "LON1", 5);

        var unknownWarehouse = await _shop.StaffAsync(HttpMethod.Put, "inventory/CAM-1/warehouses/NOPE", new { onHand = 3, reason = "count" });
        unknownWarehouse.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Code(unknownWarehouse)).ShouldBe("unknown_warehouse");

        var receiptDown = await _shop.StaffAsync(HttpMethod.Put, "inventory/CAM-1/warehouses/LON1", new { onHand = 3, reason = "receipt" });
        receiptDown.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Code(receiptDown)).ShouldBe("invalid_adjustment");

        var badReason = await _shop.StaffAsync(HttpMethod.Put, "inventory/CAM-1/warehouses/LON1", new { onHand = 3, reason = "magic" });
        badReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var negative = await _shop.StaffAsync(HttpMethod.Put, "inventory/CAM-1/warehouses/LON1", new { onHand = -1, reason = "count" });
        negative.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var duplicate = await _shop.StaffAsync(HttpMethod.Post, "warehouses", new { code = "lon1", name = "Again", country = "GB" });
        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await _shop.StockAsync("CAM-1")).GetProperty("onHand").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task Inventory_is_for_staff_only()
    {
        (await _shop.SendAsync(HttpMethod.Get, "inventory/ANY-SKU")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var customer = await _shop.CustomerTokenAsync("cas@example.test");
        (await _shop.SendAsync(HttpMethod.Post, "warehouses", new { code = "X1", name = "X", country = "GB" }, customer)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task On_hand_cannot_be_counted_below_what_is_reserved()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("WATCH-1", "LON1", 4);
        await ReserveAsync(Guid.NewGuid(), ("WATCH-1", 3));

        var response = await _shop.StaffAsync(HttpMethod.Put, "inventory/WATCH-1/warehouses/LON1", new { onHand = 2, reason = "count" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Code(response)).ShouldBe("on_hand_below_reserved");
    }

    [Fact]
    public async Task A_reservation_holds_stock_until_its_time_to_live_then_the_expiry_releases_it_once()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("BUDS-1", "LON1", 5);
        var id = Guid.NewGuid();
        var held = await ReserveAsync(id, ("BUDS-1", 2));
        held.ExpiresAt.ShouldBe(_shop.Clock.GetUtcNow().AddMinutes(15));
        (await _shop.StockAsync("BUDS-1")).GetProperty("available").GetInt32().ShouldBe(3);

        var worker = _shop.Services.GetRequiredService<ReservationExpiryWorker>();
        _shop.Clock.Advance(TimeSpan.FromMinutes(14));
        (await worker.ReleaseExpiredAsync()).ShouldBe(0);
        _shop.Clock.Advance(TimeSpan.FromMinutes(1));
        (await worker.ReleaseExpiredAsync()).ShouldBe(1);
        (await worker.ReleaseExpiredAsync()).ShouldBe(0, "an expired reservation is released once");

        var stock = await _shop.StockAsync("BUDS-1");
        stock.GetProperty("reserved").GetInt32().ShouldBe(0);
        stock.GetProperty("available").GetInt32().ShouldBe(5);
        await using var scope = _shop.Services.CreateAsyncScope();
        var reservations = scope.ServiceProvider.GetRequiredService<IStockReservations>();
        (await reservations.CommitAsync(id)).ShouldBe(ReservationOutcome.NotActive, "an expired hold cannot be sold");
    }

    [Fact]
    public async Task Reserve_commit_and_release_are_idempotent_and_commit_takes_units_off_the_shelf()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("PEN-1", "LON1", 5);
        var id = Guid.NewGuid();
        await ReserveAsync(id, ("PEN-1", 2));
        (await ReserveAsync(id, ("PEN-1", 2))).Succeeded.ShouldBeTrue();
        (await _shop.StockAsync("PEN-1")).GetProperty("reserved").GetInt32().ShouldBe(2, "the same reservation id holds once");

        await using var scope = _shop.Services.CreateAsyncScope();
        var reservations = scope.ServiceProvider.GetRequiredService<IStockReservations>();
        (await reservations.CommitAsync(id)).ShouldBe(ReservationOutcome.Done);
        (await reservations.CommitAsync(id)).ShouldBe(ReservationOutcome.AlreadyDone);
        (await reservations.ReleaseAsync(id)).ShouldBe(ReservationOutcome.NotActive);

        var stock = await _shop.StockAsync("PEN-1");
        (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()).ShouldBe((3, 0, 3));
        var returnId = Guid.NewGuid();
        (await reservations.ReturnAsync(id, "PEN-1", 1, returnId)).ShouldBe(1);
        (await reservations.ReturnAsync(id, "PEN-1", 1, returnId)).ShouldBe(1, "a replayed return reports the first and adds nothing");
        (await _shop.StockAsync("PEN-1")).GetProperty("onHand").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task One_warehouse_holding_everything_is_chosen_before_splitting_a_line()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.WarehouseAsync("MAN1");
        await _shop.SetStockAsync("A-1", "LON1", 5);
        await _shop.SetStockAsync("B-1", "LON1", 1);
        await _shop.SetStockAsync("A-1", "MAN1", 3);
        await _shop.SetStockAsync("B-1", "MAN1", 3);

        var together = await ReserveAsync(Guid.NewGuid(), ("A-1", 2), ("B-1", 2));
        together.Allocations.Select(a => a.WarehouseCode).Distinct().ShouldBe(["MAN1"]);

        var split = await ReserveAsync(Guid.NewGuid(), ("A-1", 6));
        split.Allocations.OrderBy(a => a.WarehouseCode).Select(a => (a.WarehouseCode, a.Quantity)).ShouldBe([("LON1", 5), ("MAN1", 1)]);

        var tooMany = await ReserveAsync(Guid.NewGuid(), ("B-1", 3));
        tooMany.Succeeded.ShouldBeFalse();
        (tooMany.ShortSku, tooMany.Available).ShouldBe(("B-1", 2));
    }

    [Fact]
    public async Task Stock_changes_publish_stock_level_events_through_the_outbox()
    {
        await _shop.WarehouseAsync("LON1");
        await _shop.SetStockAsync("EVT-1", "LON1", 9);
        _shop.Clock.Advance(TimeSpan.FromSeconds(1));
        await ReserveAsync(Guid.NewGuid(), ("EVT-1", 5));

        await using var scope = _shop.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var payloads = await db.Set<Platform.Messaging.OutboxMessage>().AsNoTracking().OrderBy(m => m.OccurredAt).ThenBy(m => m.Id)
            .Select(m => new { m.MessageType, m.Payload }).ToListAsync();
        var levels = payloads.Where(p => p.MessageType == "novatech.inventory.stock-level-changed.v1")
            .Select(p => JsonDocument.Parse(p.Payload).RootElement).Select(e => e.GetProperty("available").GetInt32()).ToList();
        levels.ShouldBe([9, 4]);
        payloads.Count(p => p.MessageType == "novatech.inventory.low-stock-reached.v1").ShouldBe(1, "available fell from 9 to 4, crossing the threshold of 5");
    }

    [Fact]
    public async Task Two_nodes_reserving_pairs_of_skus_in_every_order_at_once_hold_exactly_the_stock_without_deadlock()
    {
        string[] skus = ["PAIR-X", "PAIR-Y", "PAIR-Z"];
        await _shop.WarehouseAsync("LON1");
        await _shop.WarehouseAsync("MAN1");
        foreach (var sku in skus)
        {
            await _shop.SetStockAsync(sku, "LON1", 6);
            await _shop.SetStockAsync(sku, "MAN1", 4);
        }

        var second = _shop.AddNode();
        _ = second.CreateClient();
        (string, string)[] pairs = [("PAIR-X", "PAIR-Y"), ("PAIR-Y", "PAIR-X"), ("PAIR-Y", "PAIR-Z"), ("PAIR-Z", "PAIR-Y"), ("PAIR-Z", "PAIR-X"), ("PAIR-X", "PAIR-Z")];
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 120).Select(async i =>
        {
            await start.WaitAsync();
            var node = i % 2 == 0 ? _shop.Services : second.Services;
            await using var scope = node.CreateAsyncScope();
            var (first, other) = pairs[i % pairs.Length];
            return await scope.ServiceProvider.GetRequiredService<IStockReservations>().ReserveAsync(Guid.NewGuid(), $"PAIR-{i}",
                [new ReservationLine(first, 1), new ReservationLine(other, 1)], TimeSpan.FromMinutes(15));
        }).ToList();
        start.Release(tasks.Count);
        var results = await Task.WhenAll(tasks);

        var held = results.Where(r => r.Succeeded).ToList();
        held.Count.ShouldBeInRange(10, 15, "30 units in pairs: at most 15 reservations, and a SKU runs out only after 10 pairs used it");
        foreach (var sku in skus)
        {
            var stock = await _shop.StockAsync(sku);
            var reserved = stock.GetProperty("reserved").GetInt32();
            reserved.ShouldBe(held.SelectMany(r => r.Allocations).Where(a => a.Sku == sku).Sum(a => a.Quantity), $"{sku}: what the database holds is what the callers were told");
            reserved.ShouldBeLessThanOrEqualTo(10);
        }

        results.Where(r => !r.Succeeded).ShouldAllBe(r => r.Available == 0 && skus.Contains(r.ShortSku));
    }

    private async Task<ReservationResult> ReserveAsync(Guid id, params (string Sku, int Quantity)[] lines)
    {
        await using var scope = _shop.Services.CreateAsyncScope();
        var reservations = scope.ServiceProvider.GetRequiredService<IStockReservations>();
        return await reservations.ReserveAsync(id, "TEST-" + id.ToString("N")[..6], lines.Select(l => new ReservationLine(l.Sku, l.Quantity)).ToList(), TimeSpan.FromMinutes(15));
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
