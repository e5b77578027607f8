using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace NovaTech.Search.Features.Search;

/// <summary><c>GET /search</c> (anyone): items, facets over the filtered result, total and the next cursor.</summary>
internal static class SearchProducts
{
    // Plain query parameters rather than [AsParameters]: the OpenAPI generator of ASP.NET Core 10 fails on validation
    // attributes of [AsParameters] records, so the bounds are checked in SearchQuery.Parse instead.
    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> HandleAsync(
        string? q, string? category, string[]? brand, long? minPrice, long? maxPrice, string[]? attr, bool? inStock, string? sort, string? cursor, int? limit,
        SearchQuery search, SearchResultCache results)
    {
        ParsedSearch parsed;
        try
        {
            parsed = SearchQuery.Parse(new SearchParameters(q, category, brand, minPrice, maxPrice, attr, inStock, sort, cursor, limit));
        }
        catch (SearchQueryException exception)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [exception.Field] = [exception.Message] },
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_search" });
        }

        // Not cancelled with this request: concurrent requests for the same search may be waiting on this computation.
        return TypedResults.Ok(await results.GetOrRunAsync(parsed, withFacets: true, () => search.RunAsync(parsed, CancellationToken.None)));
    }
}

/// <summary><c>GET /search/suggest?q=</c> (anyone): brands and product names for type-ahead.</summary>
internal static class SuggestProducts
{
    public static async Task<Ok<SuggestResponse>> HandleAsync(string? q, int? limit, SearchQuery search, CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.SuggestAsync((q ?? "").Length > 100 ? q![..100] : q ?? "", Math.Clamp(limit ?? 8, 1, 20), cancellationToken));
}
