using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Hosting.Telemetry;
using Platform.Identity;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Payments;
using Platform.Persistence;
using Platform.Storage;
using Platform.Web;

namespace Platform.Hosting;

/// <summary>
/// Composes the platform building blocks the same way for every product, so a host's Program only adds
/// its modules: <c>AddPlatform</c> → modules → <c>Build</c> → <c>UsePlatform</c> → module endpoints →
/// <c>PrepareAsync</c> → run.
/// </summary>
public static class PlatformHost
{
    /// <summary>Registers every platform building block for the product.</summary>
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder, PlatformHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(options);
        builder.AddPlatformWeb(new PlatformWebOptions { Product = options.Product, Title = options.DisplayName + " API", ApiPrefix = options.ApiPrefix });
        services.AddPlatformIdentity(configuration, new IdentityProductOptions
        {
            Product = options.DisplayName,
            Roles = options.Roles,
            StaffRoles = options.StaffRoles,
            BootstrapRole = options.BootstrapRole,
            CustomerRole = options.CustomerRole,
            OperationsRoles = options.OperationsRoles,
        });
        services.AddPlatformMessaging(configuration);
        services.AddHealthChecks().AddCheck<MessagingHealthCheck>("messaging", tags: ["ready"]);
        services.AddPlatformPayments(configuration, new PaymentsOptions { WebhookPath = options.ApiPrefix + "/webhooks/stripe" });
        services.AddPlatformNotifications(configuration, options.Product).AddNotificationRequests();
        services.AddPlatformStorage(configuration, options.Product);
        services.AddPlatformTelemetry(configuration, options);
        services.AddSqliteBackup(configuration);
        return builder;
    }

    /// <summary>
    /// The platform middleware and endpoints: health, docs, <c>auth/*</c> (rate limited), the operations
    /// screens' APIs (<c>admin/dead-letters</c>, <c>admin/notifications</c>), the sandbox checkout page and
    /// <c>GET /metrics</c> (Prometheus; loopback or <c>Telemetry:Metrics:Token</c>).
    /// </summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePlatformWeb();
        app.MapPlatformWeb();
        var api = app.MapApi();
        api.MapPlatformIdentity().RequireRateLimiting(RateLimitPolicies.Auth).WithTags("Auth");
        api.MapMessagingAdmin(PlatformPolicies.Operations).WithTags("Operations");
        api.MapNotificationsAdmin(PlatformPolicies.Operations).WithTags("Operations");
        app.MapSandboxCheckout();
        app.UsePlatformTelemetry();
        return app;
    }

    /// <summary>The API route group of the product (<c>/v1</c> or <c>/api/v1</c>).</summary>
    public static RouteGroupBuilder MapApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGroup(app.Services.GetRequiredService<PlatformHostOptions>().ApiPrefix);
    }

    /// <summary>
    /// Migrates the database, creates roles and the bootstrap account (<c>Bootstrap:OwnerEmail</c>), and seeds
    /// demo data when <c>Seed:Demo=true</c>. Safe when several nodes start at once.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app, Func<IServiceProvider, CancellationToken, Task>? seedDemo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.MigrateDatabasesAsync(cancellationToken);
        await app.Services.BootstrapIdentityAsync(cancellationToken);
        if (!app.Configuration.GetValue("Seed:Demo", false))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await DemoAccounts.SeedAsync(scope.ServiceProvider, app.Configuration, cancellationToken);
        if (seedDemo is not null)
        {
            await seedDemo(scope.ServiceProvider, cancellationToken);
        }

        app.Logger.LogInformation("Demo data seeded");
    }
}
