using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Inventory;
using NovaTech.Search.Data;
using NovaTech.Search.Indexing;
using NovaTech.Tests.Catalog;
using Platform.Messaging;

namespace NovaTech.Tests.Search;

/// <summary>
/// Search over the real host: products are created through the catalog API and reach the index through the
/// catalog's outbox, the bus and the search module's inbox handler. Stock levels are published on the bus
/// (<see cref="IMessageTransport"/>) as Inventory's outbox dispatcher would, so the search handler, inbox and ordering
/// rules run for real without depending on the Inventory module.
/// </summary>
public sealed class SearchApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        await Create("Samsung Aurora 55\" 4K QLED TV", "Samsung", "TV & Video > Televisions", 79_900, "SAM-AUR-55", new() { ["Screen size"] = "55 in", ["Resolution"] = "4K" }, ("colour", "Black"));
        await Create("LG Nebula 65\" 4K OLED TV", "LG", "TV & Video > Televisions", 149_900, "LG-NEB-65", new() { ["Screen size"] = "65 in", ["Resolution"] = "4K" }, ("colour", "Black"));
        await Create("Sony Bravia 43\" Full HD TV", "Sony", "TV & Video > Televisions", 39_900, "SONY-BRA-43", new() { ["Screen size"] = "43 in", ["Resolution"] = "Full HD" }, ("colour", "Black"));
        await Create("Sony Quiet Wireless Headphones", "Sony", "Audio > Headphones", 29_900, "SONY-QWH", new() { ["Noise cancelling"] = "Yes" }, ("colour", "Silver"),
            description: "Colours inspired by the aurora borealis.");
        await Create("JBL Pulse Speaker", "JBL", "Audio > Speakers", 9_999, "JBL-PULSE", new() { ["Battery life"] = "12 h" }, ("colour", "Black"));
        await Create("Samsung Galaxy Phone", "Samsung", "Phones > Smartphones", 89_900, "SAM-GAL", new() { ["Screen size"] = "6.2 in" }, ("colour", "Blue"));
        await ApiHost.EventuallyAsync(async () => (await Search("")).GetProperty("total").GetInt64() == 6, "six products in the index");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Searching_4k_tv_finds_the_4k_tvs_with_brand_and_price_facets()
    {
        var result = await Search("q=4k%20tv");

        Names(result).Order().ShouldBe(["LG Nebula 65\" 4K OLED TV", "Samsung Aurora 55\" 4K QLED TV"]);
        result.GetProperty("total").GetInt64().ShouldBe(2);
        var item = result.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("brand").GetString() == "LG");
        item.GetProperty("pricePence").GetInt64().ShouldBe(149_900);
        item.GetProperty("inStock").GetBoolean().ShouldBeFalse();
        item.GetProperty("productId").GetGuid().ShouldNotBe(Guid.Empty);
        var facets = result.GetProperty("facets");
        Facet(facets.GetProperty("brand")).ShouldBe(new Dictionary<string, long> { ["LG"] = 1, ["Samsung"] = 1 });
        Facet(facets.GetProperty("price")).ShouldBe(new Dictionary<string, long> { ["50000-99999"] = 1, ["100000-"] = 1 });
        Facet(facets.GetProperty("category")).ShouldBe(new Dictionary<string, long> { ["televisions"] = 2 });
        Facet(facets.GetProperty("attributes").GetProperty("screen size")).ShouldBe(new Dictionary<string, long> { ["55 in"] = 1, ["65 in"] = 1 });

        var filtered = await Search("q=4k%20tv&brand=samsung");
        Names(filtered).ShouldBe(["Samsung Aurora 55\" 4K QLED TV"]);
        Facet(filtered.GetProperty("facets").GetProperty("brand")).ShouldBe(new Dictionary<string, long> { ["Samsung"] = 1 });
    }

    [Fact]
    public async Task Documents_indexed_before_facet_ids_are_counted_the_old_way_until_the_backfill_gives_them_ids()
    {
        var expected = (await Search("q=tv")).GetProperty("facets").GetRawText();
        await using (var scope = _host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
            (await db.Set<SearchDocFacets>().ExecuteDeleteAsync()).ShouldBe(6);
        }

        (await Search("q=tv")).GetProperty("facets").GetRawText().ShouldBe(expected, "the SQL grouping answers while ids are missing");

        await using (var scope = _host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SearchDbContext>();
            await using var writer = scope.ServiceProvider.GetRequiredService<SearchIndexWriter>();
            var (last, written) = await writer.BackfillFacetsAsync(0, 4, CancellationToken.None);
            var (_, rest) = await writer.BackfillFacetsAsync(last!.Value, 4, CancellationToken.None);
            (written + rest).ShouldBe(6);
            (await writer.BackfillFacetsAsync(0, 100, CancellationToken.None)).Written.ShouldBe(0, "nothing is written twice");
            (await db.Set<SearchDocFacets>().CountAsync()).ShouldBe(6);
        }

        (await Search("q=tv")).GetProperty("facets").GetRawText().ShouldBe(expected);
    }

    [Fact]
    public async Task A_name_match_ranks_above_a_description_match()
    {
        var result = await Search("q=aurora");
        Names(result).ShouldBe(["Samsung Aurora 55\" 4K QLED TV", "Sony Quiet Wireless Headphones"]);
    }

    [Fact]
    public async Task The_last_word_matches_as_a_prefix_for_type_ahead()
    {
        Names(await Search("q=galax")).ShouldBe(["Samsung Galaxy Phone"]);
        Names(await Search("q=sony%20headph")).ShouldBe(["Sony Quiet Wireless Headphones"]);

        var suggest = await _host.GetAsync("/api/v1/search/suggest?q=sams");
        var suggestions = suggest.GetProperty("suggestions").EnumerateArray().ToList();
        suggestions[0].GetProperty("kind").GetString().ShouldBe("brand");
        suggestions[0].GetProperty("text").GetString().ShouldBe("Samsung");
        suggestions.Where(s => s.GetProperty("kind").GetString() == "product").Select(s => s.GetProperty("text").GetString())
            .ShouldBe(["Samsung Aurora 55\" 4K QLED TV", "Samsung Galaxy Phone"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("category=tv-video", new[] { "LG Nebula 65\" 4K OLED TV", "Samsung Aurora 55\" 4K QLED TV", "Sony Bravia 43\" Full HD TV" })]
    [InlineData("category=televisions", new[] { "LG Nebula 65\" 4K OLED TV", "Samsung Aurora 55\" 4K QLED TV", "Sony Bravia 43\" Full HD TV" })]
    [InlineData("category=audio", new[] { "JBL Pulse Speaker", "Sony Quiet Wireless Headphones" })]
    [InlineData("brand=Sony", new[] { "Sony Bravia 43\" Full HD TV", "Sony Quiet Wireless Headphones" })]
    [InlineData("brand=sony&brand=jbl", new[] { "JBL Pulse Speaker", "Sony Bravia 43\" Full HD TV", "Sony Quiet Wireless Headphones" })]
    [InlineData("minPrice=30000&maxPrice=90000", new[] { "Samsung Aurora 55\" 4K QLED TV", "Samsung Galaxy Phone", "Sony Bravia 43\" Full HD TV" })]
    [InlineData("attr=colour:Silver", new[] { "Sony Quiet Wireless Headphones" })]
    [InlineData("attr=screen%20size:55%20in&attr=screen%20size:65%20in", new[] { "LG Nebula 65\" 4K OLED TV", "Samsung Aurora 55\" 4K QLED TV" })]
    [InlineData("attr=colour:Black&category=audio", new[] { "JBL Pulse Speaker" })]
    [InlineData("q=tv&attr=resolution:Full%20HD", new[] { "Sony Bravia 43\" Full HD TV" })]
    public async Task Each_filter_narrows_the_result_and_the_facets_count_exactly_the_result(string query, string[] expected)
    {
        var all = await AllPagesAsync(query, 2);
        all.Order().ShouldBe(expected.Order());

        var result = await Search(query);
        var total = result.GetProperty("total").GetInt64();
        total.ShouldBe(expected.Length);
        var facets = result.GetProperty("facets");
        Facet(facets.GetProperty("brand")).Values.Sum().ShouldBe(total);
        Facet(facets.GetProperty("category")).Values.Sum().ShouldBe(total);
        Facet(facets.GetProperty("price")).Values.Sum().ShouldBe(total);
        Facet(facets.GetProperty("attributes").GetProperty("colour")).Values.Sum().ShouldBe(total);
    }

    [Fact]
    public async Task Price_sorts_order_by_the_lowest_variant_price()
    {
        var ascending = await Search("sort=price_asc");
        Prices(ascending).ShouldBe([9_999, 29_900, 39_900, 79_900, 89_900, 149_900]);
        var descending = await Search("sort=price_desc&category=tv-video");
        Prices(descending).ShouldBe([149_900, 79_900, 39_900]);
    }

    [Theory]
    [InlineData("sort=price_asc")]
    [InlineData("sort=price_desc")]
    [InlineData("sort=newest")]
    [InlineData("q=samsung%20sony%20lg%20jbl")]
    [InlineData("q=s")]
    public async Task Cursor_pages_cover_the_result_once(string query)
    {
        var total = (await Search(query)).GetProperty("total").GetInt64();
        var names = await AllPagesAsync(query, 2);
        names.Count.ShouldBe((int)total);
        names.Distinct().Count().ShouldBe(names.Count);
    }

    [Fact]
    public async Task The_index_follows_product_edits_and_archiving()
    {
        var created = await _host.CreateProductAsync(ApiHost.Product("Zephyr Toaster", brand: "Breville", category: "Kitchen", sku: "ZEP-1"));
        var id = created.GetProperty("id").GetString();
        await ApiHost.EventuallyAsync(async () => Names(await Search("q=zephyr")).Count == 1, "the new product to be found");

        await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.Merchant, ApiHost.Product("Mistral Toaster", brand: "Breville", category: "Kitchen", sku: "ZEP-1", price: 3_999), ifMatch: "\"1\"");
        await ApiHost.EventuallyAsync(async () => Names(await Search("q=mistral")).Count == 1, "the renamed product to be found");
        Names(await Search("q=zephyr")).ShouldBeEmpty();
        Prices(await Search("q=mistral")).ShouldBe([3_999]);

        await _host.JsonAsync(HttpMethod.Post, $"/api/v1/products/{id}/archive", _host.Merchant);
        await ApiHost.EventuallyAsync(async () => Names(await Search("q=mistral")).Count == 0, "the archived product to leave the index");
        Facet((await Search("")).GetProperty("facets").GetProperty("brand")).ShouldNotContainKey("Breville");
    }

    [Fact]
    public async Task The_in_stock_flag_follows_stock_levels_and_ignores_older_ones()
    {
        var at = DateTimeOffset.UtcNow;
        (await Search("inStock=true")).GetProperty("total").GetInt64().ShouldBe(0);

        await PublishStockAsync(new StockLevelChangedIntegrationEvent("JBL-PULSE", 5, 5, at));
        await ApiHost.EventuallyAsync(async () => Names(await Search("inStock=true")).SequenceEqual(["JBL Pulse Speaker"]), "the speaker to be in stock");
        var speaker = await Search("q=pulse");
        speaker.GetProperty("items")[0].GetProperty("inStock").GetBoolean().ShouldBeTrue();
        speaker.GetProperty("facets").GetProperty("inStock").GetInt64().ShouldBe(1);

        // An older level that arrives late changes nothing; the inbox proves it was handled.
        await PublishStockAsync(new StockLevelChangedIntegrationEvent("JBL-PULSE", 0, 0, at.AddSeconds(-10)));
        await PublishStockAsync(new StockLevelChangedIntegrationEvent("SAM-GAL", 3, 3, at));
        await ApiHost.EventuallyAsync(async () => (await Search("inStock=true")).GetProperty("total").GetInt64() == 2, "the phone to be in stock");
        Names(await Search("inStock=true")).Order().ShouldBe(["JBL Pulse Speaker", "Samsung Galaxy Phone"]);

        await PublishStockAsync(new StockLevelChangedIntegrationEvent("JBL-PULSE", 0, 2, at.AddSeconds(10)));
        await ApiHost.EventuallyAsync(async () => Names(await Search("inStock=true")).SequenceEqual(["Samsung Galaxy Phone"]), "the speaker to sell out");
    }

    [Fact]
    public async Task A_stock_level_that_arrives_before_its_product_is_applied_when_the_product_comes()
    {
        await PublishStockAsync(new StockLevelChangedIntegrationEvent("EARLY-1", 4, 4, DateTimeOffset.UtcNow));
        await _host.CreateProductAsync(ApiHost.Product("Early Bird Clock", sku: "EARLY-1"));
        await ApiHost.EventuallyAsync(async () => Names(await Search("q=early%20bird&inStock=true")).Count == 1, "the clock to be found in stock");
    }

    [Theory]
    [InlineData("attr=nonsense", "attr")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("minPrice=500&maxPrice=100", "minPrice")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("limit=1000", "limit")]
    public async Task Bad_queries_are_400_problems(string query, string field)
    {
        using var response = await _host.SendAsync(HttpMethod.Get, "/api/v1/search?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("code").GetString().ShouldBe("invalid_search");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_cursor_from_another_sort_is_refused()
    {
        var first = await Search("sort=price_asc&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        (await _host.SendAsync(HttpMethod.Get, $"/api/v1/search?sort=newest&cursor={cursor}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task PublishStockAsync(StockLevelChangedIntegrationEvent level)
    {
        var transport = _host.Factory.Services.GetRequiredService<IMessageTransport>();
        await transport.PublishAsync(
            [new MessageEnvelope(Guid.CreateVersion7(), IntegrationEventNames.Of<StockLevelChangedIntegrationEvent>(), JsonSerializer.Serialize(level, JsonSerializerOptions.Web), level.OccurredAt, null)],
            CancellationToken.None);
    }

    private Task<JsonElement> Create(string name, string brand, string category, long price, string sku, Dictionary<string, object> specs, (string Name, string Value) attribute, string? description = null) =>
        _host.CreateProductAsync(new
        {
            name,
            brand,
            category,
            description = description ?? $"The {name}.",
            status = "active",
            specs,
            variants = new[] { new { sku, pricePence = price, attributes = new Dictionary<string, string> { [attribute.Name] = attribute.Value } } },
        });

    private Task<JsonElement> Search(string query) => _host.GetAsync("/api/v1/search?" + query);

    private async Task<List<string>> AllPagesAsync(string query, int limit)
    {
        var names = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 50; page++)
        {
            var result = await Search($"{query}&limit={limit}" + (cursor is null ? "" : "&cursor=" + cursor));
            names.AddRange(Names(result));
            cursor = result.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                return names;
            }
        }

        throw new InvalidOperationException("Paging did not end.");
    }

    private static List<string> Names(JsonElement result) =>
        [.. result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

    private static List<long> Prices(JsonElement result) =>
        [.. result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("pricePence").GetInt64())];

    private static Dictionary<string, long> Facet(JsonElement values) =>
        values.EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt64());
}
