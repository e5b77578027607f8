using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Catalog;
using NovaTech.Contracts.Inventory;
using NovaTech.Search.Data;
using NovaTech.Search.Features.Search;
using NovaTech.Search.Indexing;
using Platform.Messaging;
using Platform.Persistence;

namespace NovaTech.Search;

/// <summary>
/// The search module: a read model fed by catalog and stock integration events, full-text search with facets
/// (SQLite FTS5 or PostgreSQL tsvector) and type-ahead suggestions.
/// </summary>
public static class SearchModule
{
    /// <summary>Registers the search database, its event handlers and the query service.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleDbContext<SearchDbContext>(SearchDbContext.Module);
        services.AddScoped<SearchIndexWriter>();
        services.AddScoped<SearchQuery>();
        services.AddScoped<IProductSearch, ProductSearch>();
        services.AddSingleton<FacetValueCache>();
        services.AddSingleton<SearchResultCache>();
        services.AddHostedService<FacetBackfill>();
        services.AddIntegrationEventHandler<ProductChangedIntegrationEvent, IndexProductChange, SearchDbContext>();
        services.AddIntegrationEventHandler<StockLevelChangedIntegrationEvent, IndexStockLevel, SearchDbContext>();
        services.AddValidation();
        return services;
    }

    /// <summary>Maps <c>GET /search</c> and <c>GET /search/suggest</c> (anonymous).</summary>
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder api)
    {
        var search = api.MapGroup("/search").WithTags("Search").AllowAnonymous();
        search.MapGet("/", SearchProducts.HandleAsync);
        search.MapGet("/suggest", SuggestProducts.HandleAsync);
        return api;
    }
}
