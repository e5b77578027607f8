using System.Security.Claims;

namespace NovaTech.Catalog.Application;

/// <summary>Who is calling, as far as the catalog cares: merchants edit their own products, admins everything.</summary>
internal static class CatalogUser
{
    public const string Merchant = "merchant";
    public const string Admin = "admin";

    public static Guid Id(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(Admin);

    public static bool IsEditor(ClaimsPrincipal user) => user.IsInRole(Admin) || user.IsInRole(Merchant);

    /// <summary>True when the caller may see and edit the product: its merchant, or an admin.</summary>
    public static bool CanManage(ClaimsPrincipal user, Guid merchantId) =>
        IsAdmin(user) || (user.IsInRole(Merchant) && Id(user) == merchantId);
}
