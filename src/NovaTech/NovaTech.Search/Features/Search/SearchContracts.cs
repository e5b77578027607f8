namespace NovaTech.Search.Features.Search;

/// <summary>
/// Query of <c>GET /search</c>. <c>attr</c> is repeated <c>name:value</c> (values of one name are alternatives, names
/// combine); <c>brand</c> may repeat; prices are pence against the product's lowest variant price.
/// </summary>
public sealed record SearchParameters(
    string? Q,
    string? Category,
    string[]? Brand,
    long? MinPrice,
    long? MaxPrice,
    string[]? Attr,
    bool? InStock,
    string? Sort,
    string? Cursor,
    int? Limit);

public sealed record SearchItem(
    Guid ProductId,
    string Slug,
    string Name,
    string Brand,
    string BrandSlug,
    string Category,
    string CategorySlug,
    long PricePence,
    long MaxPricePence,
    bool InStock,
    string? ImageUrl,
    DateTimeOffset CreatedAt);

public sealed record FacetValue(string Value, string? Label, long Count);

public sealed record PriceFacetValue(string Value, string Label, long MinPence, long? MaxPence, long Count);

public sealed record SearchFacets(
    IReadOnlyList<FacetValue> Brand,
    IReadOnlyList<FacetValue> Category,
    IReadOnlyList<PriceFacetValue> Price,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Attributes,
    long InStock);

public sealed record SearchResponse(IReadOnlyList<SearchItem> Items, SearchFacets Facets, long Total, string? NextCursor);

public sealed record Suggestion(string Text, string Kind, string Slug);

public sealed record SuggestResponse(string Query, IReadOnlyList<Suggestion> Suggestions);
