using NovaTech.Tests.Catalog;

namespace NovaTech.Tests.Search;

/// <summary>The per-node search micro-cache (Search:ResultCacheSeconds): the same question within the period gets the same answer.</summary>
public sealed class SearchCacheTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(new KeyValuePair<string, string?>("Search:ResultCacheSeconds", "600"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_repeated_search_is_answered_from_the_cache_and_another_question_is_not()
    {
        await _host.CreateProductAsync(ApiHost.Product("Aurora Soundbar", sku: "AUR-SB1"));
        await WaitForTotalAsync(1);
        var cached = await _host.GetAsync("/api/v1/search?q=aurora&brand=acme&limit=20&sort=price_asc");
        cached.GetProperty("total").GetInt64().ShouldBe(1);

        await _host.CreateProductAsync(ApiHost.Product("Aurora Subwoofer", sku: "AUR-SW1"));
        await WaitForTotalAsync(2);

        // Same question (parameters in another order): the cached answer. Another limit is another question: fresh.
        (await _host.GetAsync("/api/v1/search?sort=price_asc&limit=20&brand=acme&q=aurora")).GetProperty("total").GetInt64().ShouldBe(1);
        (await _host.GetAsync("/api/v1/search?q=aurora&brand=acme&limit=19&sort=price_asc")).GetProperty("total").GetInt64().ShouldBe(2);
    }

    // Each poll asks a question not asked before (its minPrice), so the cache cannot hide the index catching up.
    private async Task WaitForTotalAsync(long total)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await _host.GetAsync($"/api/v1/search?q=aurora&minPrice={(total * 1000) + i}")).GetProperty("total").GetInt64() == total)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new ShouldAssertException($"The index never held {total} aurora products.");
    }
}
