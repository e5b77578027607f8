using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Platform.Persistence;

/// <summary>A module's database registration: its name (schema or table prefix), context and scripts.</summary>
/// <param name="Module">Schema (PostgreSQL) or table prefix (SQLite), e.g. <c>bookings</c>.</param>
/// <param name="ContextType">The module's own <see cref="DbContext"/>.</param>
/// <param name="ScriptsAssembly">The assembly whose embedded <c>Migrations/&lt;Provider&gt;/*.sql</c> build the schema.</param>
public sealed record ModuleDatabase(string Module, Type ContextType, Assembly ScriptsAssembly);

/// <summary>Registration of the product database and the modules' contexts.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers the product's <see cref="ProductDatabase"/> from configuration and the migration runner.</summary>
    public static IServiceCollection AddPlatformPersistence(this IServiceCollection services, IConfiguration configuration, string product)
    {
        services.TryAddSingleton(ProductDatabase.FromConfiguration(configuration, product));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MigrationRunner>();
        return services;
    }

    /// <summary>
    /// Registers a module's <see cref="DbContext"/> on the product database; its scripts are applied at
    /// start-up by <see cref="MigrateDatabasesAsync"/> in registration order.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string module, Action<DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
    {
        // One module per assembly: its embedded scripts are the module's and no one else's.
        if (services.Any(d => d.ServiceType == typeof(ModuleDatabase) && d.ImplementationInstance is ModuleDatabase m
                && (m.ScriptsAssembly == typeof(TContext).Assembly || m.Module == module)))
        {
            throw new InvalidOperationException($"Module '{module}' or assembly {typeof(TContext).Assembly.GetName().Name} is registered twice.");
        }

        services.AddSingleton(new ModuleDatabase(module, typeof(TContext), typeof(TContext).Assembly));

        // Pooled: a request reuses a reset context instead of building one (and its services) per scope. The options
        // are built once from the root provider, so everything they reference is a singleton.
        services.AddDbContextPool<TContext>((provider, options) =>
        {
            options.UseProductDatabase(provider.GetRequiredService<ProductDatabase>());
            configure?.Invoke(options);
        });
        return services;
    }

    private static readonly SqliteConnectionSettings SqliteBusyTimeout = new(30_000);

    /// <summary>Points a context at the product database with the settings every module shares.</summary>
    public static DbContextOptionsBuilder UseProductDatabase(this DbContextOptionsBuilder options, ProductDatabase database)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        if (database.IsPostgres)
        {
            options.UseNpgsql(database.ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3));
        }
        else
        {
            options.UseSqlite(database.ConnectionString).AddInterceptors(SqliteBusyTimeout);
        }

        return options;
    }

    /// <summary>Applies every registered module's pending migration scripts.</summary>
    public static async Task MigrateDatabasesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var database = services.GetRequiredService<ProductDatabase>();
        var runner = services.GetRequiredService<MigrationRunner>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PersistenceServiceCollectionExtensions));
        await using var scope = services.CreateAsyncScope();
        foreach (var module in services.GetServices<ModuleDatabase>())
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(module.ContextType);
            var scripts = MigrationScript.FromAssembly(module.ScriptsAssembly, database.Provider);
            var applied = await runner.MigrateAsync(context, module.Module, scripts, cancellationToken);
            if (applied > 0)
            {
                logger.LogInformation("Module {Module}: {Count} migration(s) applied on {Provider}", module.Module, applied, database.Provider);
            }
        }
    }
}
