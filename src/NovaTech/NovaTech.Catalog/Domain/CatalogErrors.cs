using Platform.Web;

namespace NovaTech.Catalog.Domain;

/// <summary>The catalog's broken rules, each with a stable code.</summary>
internal static class CatalogErrors
{
    public static DomainException Invalid(string code, string message) => new(code, message);

    public static DomainException ProductNotFound() => DomainException.NotFound("product_not_found", "No such product.");

    public static DomainException StaleVersion(int current) =>
        new DomainException("stale_version", $"The product was changed by someone else; it is now at version {current}. Reload and retry.", DomainErrorKind.Conflict)
        {
            Details = { ["currentVersion"] = current },
        };

    public static DomainException SlugTaken(string slug) => DomainException.Conflict("slug_taken", $"The slug '{slug}' is already used.");

    public static DomainException SkuTaken(string sku) => DomainException.Conflict("sku_taken", $"The SKU '{sku}' is already used by another product.");
}
