using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Features.Brands;
using NovaTech.Catalog.Features.Categories;
using NovaTech.Catalog.Features.Import;
using NovaTech.Catalog.Features.Products;
using NovaTech.Contracts.Catalog;
using Platform.Identity;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Web;

namespace NovaTech.Catalog;

/// <summary>The catalog module: products with variants and specs, categories, brands, CSV import, <see cref="ICatalogLookup"/>.</summary>
public static class CatalogModule
{
    /// <summary>Policy of catalog writes: a merchant or an admin (on top of <see cref="PlatformPolicies.Staff"/>, which brings MFA).</summary>
    public const string EditorPolicy = "catalog:editor";

    /// <summary>Registers the catalog's database, outbox dispatcher, import worker and <see cref="ICatalogLookup"/>.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleDbContext<CatalogDbContext>(CatalogDbContext.Module);
        services.AddOutboxDispatcher<CatalogDbContext>();
        services.AddScoped<ProductEditor>();
        services.AddSingleton<BrandsAndCategories>();
        services.AddSingleton<ProductReads>();
        services.AddScoped<ICatalogLookup, CatalogLookup>();
        services.AddScoped<Features.Storefront.IStorefrontCatalog, Features.Storefront.StorefrontCatalog>();
        services.AddScoped<Features.Merchant.IMerchantCatalog, Features.Merchant.MerchantCatalog>();
        services.AddSingleton<ImportSignal>();
        services.AddHostedService<ImportWorker>();
        services.AddAuthorizationBuilder()
            .AddPolicy(EditorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(CatalogUser.Merchant, CatalogUser.Admin));
        services.AddValidation();
        return services;
    }

    /// <summary>Maps <c>products</c>, <c>categories</c> and <c>brands</c> under the product's API group.</summary>
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Catalog");
        products.MapGet("/{idOrSlug}", GetProduct.HandleAsync).AllowAnonymous().WithName("GetProduct");
        products.MapGet("/", ListProducts.HandleAsync).RequireAuthorization(PlatformPolicies.Staff, EditorPolicy);
        products.MapPost("/", CreateProduct.HandleAsync).RequireAuthorization(PlatformPolicies.Staff, EditorPolicy);
        products.MapPut("/{id:guid}", EditProduct.HandleAsync).RequireAuthorization(PlatformPolicies.Staff, EditorPolicy);
        products.MapPost("/{id:guid}/archive", ArchiveProduct.HandleAsync).RequireAuthorization(PlatformPolicies.Staff, EditorPolicy);
        products.MapPost("/import", ImportProducts.HandleAsync)
            .RequireAuthorization(PlatformPolicies.Staff, EditorPolicy)
            .DisableAntiforgery()
            .WithRequestBodyLimit(ImportProducts.MaxBytes + (64 * 1024))
            .Accepts<IFormFile>("multipart/form-data");
        products.MapGet("/import/{jobId:guid}", GetImportJob.HandleAsync).RequireAuthorization(PlatformPolicies.Staff, EditorPolicy);

        var categories = api.MapGroup("/categories").WithTags("Catalog");
        categories.MapGet("/", ListCategories.HandleAsync).AllowAnonymous();
        categories.MapPost("/", CreateCategory.HandleAsync).RequireAuthorization(PlatformPolicies.Staff, EditorPolicy);

        var brands = api.MapGroup("/brands").WithTags("Catalog");
        brands.MapGet("/", ListBrands.HandleAsync).AllowAnonymous();
        brands.MapPost("/", CreateBrand.HandleAsync).RequireAuthorization(PlatformPolicies.Staff, EditorPolicy);
        return api;
    }
}
