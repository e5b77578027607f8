using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Caching.Memory;
using NovaTech.Catalog.Features.Categories;
using NovaTech.Catalog.Features.Storefront;
using NovaTech.Ordering.Features.Storefront;

namespace NovaTech.Web.Storefront;

/// <summary>What every page's frame shows: the search box, the basket count, who is signed in, the category menu.</summary>
/// <param name="Query">The search words, echoed in the search box.</param>
/// <param name="CartCount">Units in the visitor's basket.</param>
/// <param name="UserName">The signed-in person's e-mail, or null.</param>
/// <param name="IsStaff">True for merchant, support and admin accounts.</param>
/// <param name="Categories">The top-level categories for the menu.</param>
/// <param name="FormField">The antiforgery form field name (null when the page has no form).</param>
/// <param name="FormToken">The antiforgery request token (null when the page has no form).</param>
/// <param name="Flash">A one-time message from the previous action (e.g. "Added to your basket").</param>
public sealed record Chrome(string? Query, int CartCount, string? UserName, bool IsStaff, IReadOnlyList<CategoryNode> Categories, string? FormField, string? FormToken, Flash? Flash);

/// <summary>Per-request view of the shopper: basket cookie, account, antiforgery, cached category tree.</summary>
internal sealed class ShopContext(IStorefrontOrdering ordering, IStorefrontCatalog catalog, IMemoryCache cache, IAntiforgery antiforgery)
{
    /// <summary>Cookie of the antiforgery cookie token (named so the ETag can include it).</summary>
    public const string AntiforgeryCookie = "novatech_af";

    private const string FlashCookie = "novatech_flash";
    private static readonly TimeSpan CategoryCacheLifetime = TimeSpan.FromSeconds(30);

    public static string? AntiforgeryTokenOf(HttpContext http) => PageForms.TokenOf(http);

    public static Guid? CartIdOf(HttpContext http) =>
        Guid.TryParse(http.Request.Cookies[IStorefrontOrdering.CartCookie], out var id) ? id : null;

    public static string? EmailOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue("email") ?? user.Identity.Name : null;

    /// <summary>The category tree, cached for a few seconds per node (categories change rarely; a new one shows within 30 s).</summary>
    public async Task<CategoryTree> CategoriesAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync("storefront:categories", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CategoryCacheLifetime;
            return await catalog.CategoriesAsync(cancellationToken);
        }))!;

    public async Task<Chrome> ChromeAsync(HttpContext http, string? query = null, bool withForm = false)
    {
        var cancellationToken = http.RequestAborted;
        var count = CartIdOf(http) is { } cartId ? await ordering.CountCartItemsAsync(cartId, http.User, cancellationToken) : 0;
        var categories = await CategoriesAsync(cancellationToken);
        string? field = null, token = null;
        if (withForm)
        {
            (field, token) = PageForms.Issue(http, antiforgery);
        }

        var staff = http.User.IsInRole(NovaTechRoles.Merchant) || http.User.IsInRole(NovaTechRoles.Support) || http.User.IsInRole(NovaTechRoles.Admin);
        return new Chrome(query, count, EmailOf(http.User), staff, categories.Items, field, token, TakeFlash(http));
    }

    /// <summary>Leaves a message for the next page this browser renders (a short-lived cookie).</summary>
    public static void SetFlash(HttpContext http, Flash flash) => FlashMessages.Set(http, FlashCookie, flash);

    private static Flash? TakeFlash(HttpContext http) => FlashMessages.Take(http, FlashCookie);

    /// <summary>Finds a category anywhere in the tree, with its ancestors (root first).</summary>
    public static (CategoryNode Node, IReadOnlyList<CategoryNode> Trail)? FindCategory(CategoryTree tree, string slug)
    {
        (CategoryNode, IReadOnlyList<CategoryNode>)? Walk(IReadOnlyList<CategoryNode> nodes, List<CategoryNode> trail)
        {
            foreach (var node in nodes)
            {
                if (string.Equals(node.Slug, slug, StringComparison.OrdinalIgnoreCase))
                {
                    return (node, [.. trail]);
                }

                trail.Add(node);
                var found = Walk(node.Children, trail);
                trail.RemoveAt(trail.Count - 1);
                if (found is not null)
                {
                    return found;
                }
            }

            return null;
        }

        return Walk(tree.Items, []);
    }
}
