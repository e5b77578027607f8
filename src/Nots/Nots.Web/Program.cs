using Nots.Pricing;
using Nots.Bookings;
using Nots.Reporting;
using Nots.Fleet;
using Nots.Dispatch;
using Nots.Web.Admin;
using Nots.Web.Driver;
using Nots.Web.Site;
using Platform.Hosting;

namespace Nots.Web;

/// <summary>The NOTS host: booking and dispatch for an airport/port transfer company.</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Starts NOTS on its configured URLs (default http://localhost:5080).</summary>
    public static async Task Main(string[] args)
    {
        var app = Build(args);
        await app.PrepareAsync(FleetModule.SeedFleetDemoAsync);
        await app.RunAsync();
    }

    /// <summary>Builds the app with every module wired; tests host it through WebApplicationFactory.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddPlatform(NotsPlatform.Options);

        // Modules: one AddXxx line each.
        builder.Services.AddPricing(builder.Configuration);
        builder.Services.AddBookings(builder.Configuration);
        builder.Services.AddReporting(builder.Configuration);
        builder.Services.AddFleet(builder.Configuration);
        builder.Services.AddDispatch(builder.Configuration);

        builder.Services.AddCustomerSite();
        builder.Services.AddOperationsDashboard();
        builder.Services.AddDriverApp();

        var app = builder.Build();
        app.UsePlatform();
        app.UseCustomerSite();
        app.MapCustomerSite();
        app.MapOperationsDashboard();
        app.MapDriverApp();
        var api = app.MapApi();

        // Module endpoints: one MapXxx(api) line each.
        api.MapPricing();
        api.MapBookings();
        api.MapReporting();
        api.MapFleet();
        api.MapDispatch();
        return app;
    }
}
