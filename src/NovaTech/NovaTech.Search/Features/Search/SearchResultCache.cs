using System.Globalization;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;

namespace NovaTech.Search.Features.Search;

/// <summary>
/// Per-node micro-cache of search answers, <c>Search:ResultCacheSeconds</c> long (default 5; 0 turns it off). The index
/// itself follows events "within seconds", and nothing is sold on what a search showed (checkout re-reads prices and
/// reserves stock), so an answer up to that old is harmless; in return a broad query ("4k tv" with facets over 30,000
/// products, 0.1 s on SQLite) is computed once per node per period instead of once per shopper, and concurrent misses
/// of one query share a single computation. The period decides how many distinct broad queries a node can afford:
/// on a realistic mix (bench/README, "search mix") 2 s gave 359 searches/s with p95 108 ms, 5 s 2,585/s with p95 22 ms. The cache is the module's own, bounded
/// to 10,000 answers: the host's shared <see cref="IMemoryCache"/> has no size limit, and setting one there would break
/// every other user of it.
/// </summary>
internal sealed class SearchResultCache(IConfiguration configuration) : IDisposable
{
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(configuration.GetValue("Search:ResultCacheSeconds", 5.0));
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public void Dispose() => _cache.Dispose();

    /// <summary>The cached answer to <paramref name="search"/> (with or without facets), or <paramref name="run"/>'s.</summary>
    public async Task<SearchResponse> GetOrRunAsync(ParsedSearch search, bool withFacets, Func<Task<SearchResponse>> run)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return await run();
        }

        var key = withFacets ? Key(search) : Key(search) + "items";
        var entry = _cache.GetOrCreate(key, e =>
        {
            e.AbsoluteExpirationRelativeToNow = _lifetime;
            e.Size = 1;
            return new Lazy<Task<SearchResponse>>(run, LazyThreadSafetyMode.ExecutionAndPublication);
        })!;
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed computation is not an answer: the next request tries again.
            _cache.Remove(key);
            throw;
        }
    }

    /// <summary>The search in canonical form: the same question asked with parameters in another order is one entry.</summary>
    public static string Key(ParsedSearch s)
    {
        var key = new StringBuilder("search|");
        key.AppendJoin(' ', s.Terms).Append('|').Append(s.Category).Append('|').AppendJoin(',', s.Brands.Order(StringComparer.Ordinal))
            .Append(CultureInfo.InvariantCulture, $"|{s.MinPrice}|{s.MaxPrice}|{s.InStock}|{s.Sort}|{s.Limit}|{s.After?.Value}|{s.After?.Key}|");
        foreach (var (name, values) in s.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            key.Append(name).Append('=').AppendJoin('\u001f', values.Order(StringComparer.Ordinal)).Append('\u001e');
        }

        return key.ToString();
    }
}
