using NovaTech.Fulfillment;
using NovaTech.Inventory;
using NovaTech.Ordering;
using NovaTech.Catalog;
using NovaTech.Search;
using NovaTech.Web.Merchant;
using NovaTech.Web.Storefront;
using Platform.Hosting;

namespace NovaTech.Web;

/// <summary>The NovaTech host: consumer-electronics shop, merchant console and support.</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Starts NovaTech on its configured URLs (default http://localhost:5090).</summary>
    public static async Task Main(string[] args)
    {
        var app = Build(args);
        await app.PrepareAsync(async (services, cancellationToken) =>
        {
            await NovaTech.Catalog.Demo.CatalogSeeding.SeedDemoAsync(services, cancellationToken);
            await NovaTech.Inventory.InventoryModule.SeedDemoAsync(services, cancellationToken);
            var skus = await NovaTech.Catalog.Demo.CatalogSeeding.AllSkusAsync(services, cancellationToken);
            await NovaTech.Inventory.InventoryModule.SeedDemoStockAsync(services, skus, cancellationToken);
        });
        await app.RunAsync();
    }

    /// <summary>Builds the app with every module wired; tests host it through WebApplicationFactory.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPlatform(NovaTechPlatform.Options);

        // Modules: one AddXxx line each.
        builder.Services.AddFulfillment(builder.Configuration);
        builder.Services.AddInventory(builder.Configuration);
        builder.Services.AddOrdering(builder.Configuration);
        builder.Services.AddCatalog(builder.Configuration);
        builder.Services.AddSearch(builder.Configuration);

        builder.Services.AddStorefront();
        builder.Services.AddMerchant();

        var app = builder.Build();
        app.UsePlatform();
        app.UseStorefront();
        app.MapStorefront();
        app.MapMerchant();
        var api = app.MapApi();

        // Module endpoints: one MapXxx(api) line each.
        api.MapFulfillment();
        api.MapInventory();
        api.MapOrdering();
        api.MapCatalog();
        api.MapSearch();
        return app;
    }
}
