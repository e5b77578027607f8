using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Features.Compliance;
using Nots.Fleet.Features.Desk;
using Nots.Fleet.Features.Drivers;
using Nots.Fleet.Features.Vehicles;
using Nots.Fleet.Notifications;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Fleet;

/// <summary>
/// Drivers, vehicles and their licensing compliance for NOTS: onboarding with an invitation to set a password, duty,
/// document uploads with admin review, the daily expiry warnings, and <see cref="IFleetDirectory"/> for dispatch and
/// reporting. Audit facts go out as integration events (<c>Nots.Contracts.Fleet</c>) through the outbox.
/// </summary>
public static class FleetModule
{
    /// <summary>Registers the module: tables, outbox dispatcher, <see cref="IFleetDirectory"/>, templates and the compliance job.</summary>
    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = FleetOptions.From(configuration);
        services.AddSingleton(options);
        services.AddModuleDbContext<FleetDbContext>(FleetDbContext.Module);
        services.AddOutboxDispatcher<FleetDbContext>();
        services.AddValidation();
        services.AddScoped<ComplianceReader>();
        services.AddScoped<ComplianceAlertJob>();
        services.AddScoped<IFleetDirectory, FleetDirectory>();
        services.AddScoped<IFleetDesk, FleetDesk>();
        services.AddSingleton<BadgeLinks>();
        services.AddScoped<Features.Drivers.IDriverPortal, Features.Drivers.DriverPortal>();
        if (options.AlertsEnabled)
        {
            services.AddHostedService<ComplianceAlertWorker>();
        }

        FleetTemplates.Register(services);
        return services;
    }

    /// <summary>Maps <c>drivers</c>, <c>vehicles</c> and <c>compliance</c> under the product's API group (<c>/v1</c>).</summary>
    public static IEndpointRouteBuilder MapFleet(this IEndpointRouteBuilder api)
    {
        var drivers = api.MapGroup("drivers").WithTags("Fleet");
        ListDrivers.Map(drivers);
        GetDriver.Map(drivers);
        OnboardDriver.Map(drivers);
        UpdateDriver.Map(drivers);
        ResendInvitation.Map(drivers);
        MyDriver.Map(drivers);
        BadgePhoto.Map(drivers);

        var vehicles = api.MapGroup("vehicles").WithTags("Fleet");
        ListVehicles.Map(vehicles);
        GetVehicle.Map(vehicles);
        RegisterVehicle.Map(vehicles);
        UpdateVehicle.Map(vehicles);

        var compliance = api.MapGroup("compliance").WithTags("Compliance");
        ComplianceSummary.Map(compliance);
        UploadDocument.Map(compliance);
        ListDocuments.Map(compliance);
        GetDocument.Map(compliance);
        ReviewDocument.Map(compliance);
        return api;
    }

    /// <summary>
    /// Demo fleet for a fresh <c>./run.sh</c>: six drivers (<c>driver@nots.demo</c>, <c>driver2@nots.demo</c> … with
    /// <c>Demo:Password</c>), six vehicles across the classes with verified documents, one vehicle (HN18 OLD, Kate Fowler's)
    /// with an expired MOT so dispatch refuses it, one medical expiring within 30 days and one awaiting review. Does
    /// nothing when drivers exist already or <c>Demo:Password</c> is unset. Pass to <c>PrepareAsync</c>.
    /// </summary>
    public static Task SeedFleetDemoAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        FleetDemo.SeedAsync(services, cancellationToken);
}
