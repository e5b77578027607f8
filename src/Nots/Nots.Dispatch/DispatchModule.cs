using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Bookings;
using Nots.Dispatch.Allocation;
using Nots.Dispatch.Consumers;
using Nots.Dispatch.Data;
using Nots.Dispatch.Features.ActOnJob;
using Nots.Dispatch.Features.Desk;
using Nots.Dispatch.Features.DispatchJob;
using Nots.Dispatch.Features.GetBoard;
using Nots.Dispatch.Features.ListJobs;
using Nots.Dispatch.Features.LiveFeed;
using Nots.Dispatch.Features.PostPosition;
using Nots.Dispatch.Live;
using Platform.Identity;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Dispatch;

/// <summary>
/// Dispatch for NOTS: a job per confirmed booking, offered or hard-assigned to an eligible driver and vehicle (or
/// auto-dispatched), the driver's job flow, positions, the dispatcher's board and its live feed (SSE and a SignalR
/// hub). Needs <c>Nots.Contracts.Fleet.IFleetDirectory</c> (implemented by the fleet module).
/// </summary>
public static class DispatchModule
{
    /// <summary>Registers the module: tables, outbox and inbox consumers, allocation services, worker and live feed.</summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = DispatchOptions.From(configuration);
        services.AddSingleton(options);
        services.AddModuleDbContext<DispatchDbContext>(DispatchDbContext.Module);
        services.AddOutboxDispatcher<DispatchDbContext>();
        services.AddValidation();
        services.AddSignalR();
        services.AddScoped<JobWriter>();
        services.AddScoped<Allocator>();
        services.AddScoped<AutoDispatcher>();
        services.AddScoped<JobActions>();
        services.AddScoped<IDispatchDesk, DispatchDesk>();
        services.AddScoped<Features.DriverApp.IDriverJobs, Features.DriverApp.DriverJobs>();
        services.AddSingleton<BoardSignal>();
        services.AddSingleton<BoardCommitInterceptor>();
        services.ConfigureDbContext<DispatchDbContext>((provider, db) => db.AddInterceptors(provider.GetRequiredService<BoardCommitInterceptor>()));
        services.AddSingleton<BoardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<BoardFeed>());
        if (options.Worker)
        {
            services.AddSingleton<DispatchWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<DispatchWorker>());
        }

        services.AddIntegrationEventHandler<TransferBookedIntegrationEvent, CreateJobOnTransferBooked, DispatchDbContext>();
        services.AddIntegrationEventHandler<BookingCancelledIntegrationEvent, CancelJobOnBookingCancelled, DispatchDbContext>();
        services.AddIntegrationEventHandler<BookingAmendedIntegrationEvent, AmendJobOnBookingAmended, DispatchDbContext>();
        services.AddIntegrationEventHandler<BookingPersonalDataErasedIntegrationEvent, ErasePassengerOnBookingPersonalDataErased, DispatchDbContext>();
        return services;
    }

    /// <summary>
    /// Maps <c>dispatch</c> (POST, PATCH {jobId}, jobs, jobs/{id}, positions, board, live) and the SignalR hub
    /// <c>hubs/dispatch</c> under the product's API group (<c>/v1</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapDispatch(this IEndpointRouteBuilder api)
    {
        var dispatch = api.MapGroup("dispatch").WithTags("Dispatch");
        DispatchJob.Map(dispatch);
        ActOnJob.Map(dispatch);
        ListJobs.Map(dispatch);
        PostPosition.Map(dispatch);
        GetBoard.Map(dispatch);
        LiveFeed.Map(dispatch);
        // WebSockets only: with several nodes and no sticky sessions a negotiated connection id lives on one node, so
        // clients connect with skipNegotiation (ADR 0009); long polling would land its polls on other nodes.
        api.MapHub<DispatchHub>("hubs/dispatch", hub => hub.Transports = HttpTransportType.WebSockets)
            .RequireAuthorization(PlatformPolicies.Authenticated);
        return api;
    }
}
