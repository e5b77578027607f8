using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Domain;

namespace NovaTech.Catalog.Features.Products;

/// <summary>
/// <c>PUT /products/{id}</c> (the owning merchant or an admin): replaces the product's content. The version it is based
/// on comes from <c>If-Match</c> or the body's <c>version</c>; a stale one is a 409 <c>stale_version</c>.
/// </summary>
internal static class EditProduct
{
    public static async Task<Ok<ProductResponse>> HandleAsync(Guid id, ProductRequest request, ClaimsPrincipal user, ProductEditor editor, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = ProductVersions.FromIfMatch(http.Request.Headers.IfMatch.ToString()) ?? request.Version
            ?? throw CatalogErrors.Invalid("version_required", "Send the version you edited, in If-Match or the body's version.");
        var (product, brand, category) = await editor.UpdateAsync(id, request, expected, user, cancellationToken);
        http.Response.Headers.ETag = ProductVersions.ETag(product.Version);
        return TypedResults.Ok(ProductMapping.ToResponse(product, brand, category));
    }
}

/// <summary><c>POST /products/{id}/archive</c>: takes the product off sale; optional <c>If-Match</c> guards the version.</summary>
internal static class ArchiveProduct
{
    public static async Task<Ok<ProductResponse>> HandleAsync(Guid id, ClaimsPrincipal user, ProductEditor editor, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = ProductVersions.FromIfMatch(http.Request.Headers.IfMatch.ToString());
        var (product, brand, category) = await editor.ArchiveAsync(id, expected, user, cancellationToken);
        http.Response.Headers.ETag = ProductVersions.ETag(product.Version);
        return TypedResults.Ok(ProductMapping.ToResponse(product, brand, category));
    }
}

/// <summary>The product version as an entity tag.</summary>
internal static class ProductVersions
{
    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static int? FromIfMatch(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw CatalogErrors.Invalid("invalid_if_match", "If-Match holds the product version, e.g. \"3\".");
    }
}
