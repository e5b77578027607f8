using Nots.Web.Site.Account;

namespace Nots.Web.Site;

/// <summary>The server-rendered customer website of the host: services, static files and antiforgery, the pages.</summary>
internal static class SiteSetup
{
    public static IServiceCollection AddCustomerSite(this IServiceCollection services)
    {
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = SiteContext.AntiforgeryCookie;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddScoped<SiteContext>();
        services.AddAccountPages();
        return services;
    }

    /// <summary>Static files (wwwroot: our CSS and the npm packages copied by the build) and antiforgery validation of form posts.</summary>
    public static WebApplication UseCustomerSite(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseAntiforgery();
        return app;
    }

    public static void MapCustomerSite(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapQuotePages();
        pages.MapManagePages();
        app.MapAccountPages();
    }
}
