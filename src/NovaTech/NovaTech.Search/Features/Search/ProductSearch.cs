namespace NovaTech.Search.Features.Search;

/// <summary>
/// The search module's query surface for the host's server-rendered storefront: the same parsing, SQL and facets as
/// <c>GET /search</c> and <c>GET /search/suggest</c>, without a second HTTP hop.
/// </summary>
public interface IProductSearch
{
    /// <summary>
    /// Runs a search exactly as <c>GET /search</c> does. With <paramref name="withFacets"/> false (home page, "customers
    /// also viewed") only the items are read: facets are empty and <see cref="SearchResponse.Total"/> is -1.
    /// </summary>
    /// <exception cref="SearchQueryException">A parameter is out of bounds (the API answers 400 for it).</exception>
    Task<SearchResponse> SearchAsync(SearchParameters parameters, bool withFacets, CancellationToken cancellationToken);

    /// <summary>Type-ahead suggestions as <c>GET /search/suggest</c> gives them.</summary>
    Task<SuggestResponse> SuggestAsync(string q, int limit, CancellationToken cancellationToken);
}

internal sealed class ProductSearch(SearchQuery query, SearchResultCache results) : IProductSearch
{
    public Task<SearchResponse> SearchAsync(SearchParameters parameters, bool withFacets, CancellationToken cancellationToken)
    {
        var parsed = SearchQuery.Parse(parameters);

        // The API's micro-cache: a category page or a "customers also viewed" slot is the same question for every
        // shopper. Not cancelled with this request: others may be waiting on the same computation.
        return results.GetOrRunAsync(parsed, withFacets, () => query.RunAsync(parsed, CancellationToken.None, withFacets));
    }

    public Task<SuggestResponse> SuggestAsync(string q, int limit, CancellationToken cancellationToken) =>
        query.SuggestAsync(q.Length > 100 ? q[..100] : q, Math.Clamp(limit, 1, 20), cancellationToken);
}
