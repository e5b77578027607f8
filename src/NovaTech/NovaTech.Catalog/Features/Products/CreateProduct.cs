using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using NovaTech.Catalog.Application;

namespace NovaTech.Catalog.Features.Products;

/// <summary><c>POST /products</c> (merchant or admin): creates a product owned by the caller.</summary>
internal static class CreateProduct
{
    public static async Task<Created<ProductResponse>> HandleAsync(ProductRequest request, ClaimsPrincipal user, ProductEditor editor, HttpContext http, CancellationToken cancellationToken)
    {
        var (product, brand, category) = await editor.CreateAsync(request, CatalogUser.Id(user), cancellationToken);
        http.Response.Headers.ETag = ProductVersions.ETag(product.Version);
        return TypedResults.Created($"{http.Request.PathBase}{http.Request.Path}/{product.Id}", ProductMapping.ToResponse(product, brand, category));
    }
}
