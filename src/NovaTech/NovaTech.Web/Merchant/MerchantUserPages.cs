using Platform.Identity;

namespace NovaTech.Web.Merchant;

/// <summary>Staff accounts and roles (admin only).</summary>
internal static class MerchantUserPages
{
    public static void MapMerchantUserPages(this IEndpointRouteBuilder app)
    {
        var admins = app.MapGroup("/merchant/users").RequireAuthorization(PlatformPolicies.Role(NovaTechRoles.Admin)).ExcludeFromDescription();
        admins.MapGet("", (HttpContext http, MerchantContext merchant) =>
            Pages.Render<MerchantMessagePage>(new MerchantMessageModel(merchant.Desk(http, "users"), "Users",
                "Managing staff accounts and roles from the console is not available yet.", "/merchant", "Dashboard")));
    }
}
