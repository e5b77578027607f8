using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Bookings;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Reporting.Audit;
using Nots.Reporting.Data;
using Nots.Reporting.Features.Audit;
using Nots.Reporting.Features.Desk;
using Nots.Reporting.Features.Analytics;
using Nots.Reporting.Features.Records;
using Nots.Reporting.Projection;
using Nots.Reporting.Retention;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Reporting;

/// <summary>
/// Analytics and statutory booking records of NOTS, read from a projection the module keeps from integration events
/// (bookings confirmed, amended, cancelled; drivers allocated; jobs completed or no-show), never by scanning other modules' tables; and the append-only audit log of
/// staff actions, from the events the modules raise for them.
/// </summary>
public static class ReportingModule
{
    /// <summary>Registers the projection's tables and event handlers.</summary>
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleDbContext<ReportingDbContext>(ReportingDbContext.Module);
        services.AddScoped<IReportingDesk, ReportingDesk>();
        services.AddIntegrationEventHandler<TransferBookedIntegrationEvent, OnTransferBooked, ReportingDbContext>();
        services.AddIntegrationEventHandler<BookingAmendedIntegrationEvent, OnBookingAmended, ReportingDbContext>();
        services.AddIntegrationEventHandler<BookingCancelledIntegrationEvent, OnBookingCancelled, ReportingDbContext>();
        services.AddIntegrationEventHandler<DriverAssignedIntegrationEvent, OnDriverAssigned, ReportingDbContext>();
        services.AddIntegrationEventHandler<JobStatusChangedIntegrationEvent, OnJobStatusChanged, ReportingDbContext>();
        services.AddIntegrationEventHandler<OfferResolvedIntegrationEvent, OnOfferResolved, ReportingDbContext>();
        services.AddIntegrationEventHandler<DriverDutyChangedIntegrationEvent, OnDutyChanged, ReportingDbContext>();
        services.AddIntegrationEventHandler<JobStatusChangedIntegrationEvent, OnJobTimed, ReportingDbContext>();
        services.AddIntegrationEventHandler<DriverOnboardedIntegrationEvent, OnDriverOnboarded, ReportingDbContext>();
        services.AddIntegrationEventHandler<DriverAssignedIntegrationEvent, OnDriverAssignedName, ReportingDbContext>();
        services.AddFleetAudit();
        services.AddOperationsAudit();
        services.AddPricingAudit();
        services.AddReportingRetention(configuration);
        return services;
    }

    /// <summary>Maps <c>analytics</c> and <c>records</c> under the product's API group (<c>/v1</c>).</summary>
    public static IEndpointRouteBuilder MapReporting(this IEndpointRouteBuilder api)
    {
        GetAnalytics.Map(api);
        ExportRecords.Map(api);
        ListAudit.Map(api);
        return api;
    }
}
