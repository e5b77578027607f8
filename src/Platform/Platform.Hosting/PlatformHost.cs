using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Persistence;
using Platform.Web;

namespace Platform.Hosting;

/// <summary>
/// Composes the platform building blocks the same way for every product, so a host's Program only adds
/// its modules: <c>AddPlatform</c> → modules → <c>Build</c> → <c>UsePlatform</c> → module endpoints →
/// <c>StartPlatformAsync</c>.
/// </summary>
public static class PlatformHost
{
    /// <summary>Registers every platform building block for the product.</summary>
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder, PlatformHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddSingleton(options);
        builder.AddPlatformWeb(new PlatformWebOptions { Product = options.Product, Title = options.DisplayName + " API", ApiPrefix = options.ApiPrefix });
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The platform middleware and endpoints (health, docs, auth, admin).</summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePlatformWeb();
        app.MapPlatformWeb();
        return app;
    }

    /// <summary>The API route group of the product (<c>/v1</c> or <c>/api/v1</c>).</summary>
    public static RouteGroupBuilder MapApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGroup(app.Services.GetRequiredService<PlatformHostOptions>().ApiPrefix);
    }

    /// <summary>
    /// Migrates the database, bootstraps accounts, seeds demo data when <c>Seed:Demo=true</c>, and returns
    /// once the app is ready to serve (the caller then runs it).
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app, Func<IServiceProvider, CancellationToken, Task>? seedDemo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.MigrateDatabasesAsync(cancellationToken);
        if (seedDemo is not null && app.Configuration.GetValue("Seed:Demo", false))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await seedDemo(scope.ServiceProvider, cancellationToken);
            app.Logger.LogInformation("Demo data seeded");
        }
    }
}
