using NovaTech.Web.Storefront.Account;

namespace NovaTech.Web.Storefront;

/// <summary>The server-rendered storefront of the host: services, static files and antiforgery, the pages.</summary>
internal static class StorefrontSetup
{
    public static IServiceCollection AddStorefront(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = ShopContext.AntiforgeryCookie;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddScoped<ShopContext>();
        services.AddAccountPages();
        return services;
    }

    /// <summary>Static files (wwwroot: our CSS/JS and the npm packages copied by the build) and antiforgery validation of form posts.</summary>
    public static WebApplication UseStorefront(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseAntiforgery();
        return app;
    }

    public static void MapStorefront(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapCatalogPages();
        pages.MapShopPages();
        app.MapAccountPages();
    }
}
