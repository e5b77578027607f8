using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nots.Bookings.Data;
using Nots.Bookings.Dispatch;
using Nots.Bookings.Features.AmendBooking;
using Nots.Bookings.Features.BookTransfer;
using Nots.Bookings.Features.CancelBooking;
using Nots.Bookings.Features.DownloadReceipt;
using Nots.Bookings.Features.GetBooking;
using Nots.Bookings.Features.GetPayment;
using Nots.Bookings.Features.ListBookings;
using Nots.Bookings.Features.PersonalData;
using Nots.Bookings.Features.ReceiveStripeWebhook;
using Nots.Bookings.Features.RefundBooking;
using Nots.Bookings.Features.Site;
using Nots.Bookings.Features.Staff;
using Nots.Bookings.Features.StartPayment;
using Nots.Bookings.Notifications;
using Nots.Bookings.Payments;
using Nots.Contracts.Dispatch;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Persistence;

namespace Nots.Bookings;

/// <summary>
/// Bookings and payments of NOTS: book a quoted transfer, pay through the platform's payment provider, amend,
/// cancel with a fee by notice, and the statutory private-hire booking record. Needs
/// <c>Nots.Contracts.Pricing.IQuotes</c> (implemented by the pricing module).
/// </summary>
public static class BookingsModule
{
    /// <summary>Registers the module: its tables, outbox dispatcher (which also carries its customer messages), message templates and refund retry worker.</summary>
    public static IServiceCollection AddBookings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = BookingsOptions.From(configuration);
        services.AddSingleton(options);
        services.AddModuleDbContext<BookingsDbContext>(BookingsDbContext.Module);
        services.AddOutboxDispatcher<BookingsDbContext>();
        services.AddGroupCommit<BookingsDbContext>();
        services.AddValidation();
        services.AddScoped<CheckoutStarter>();
        services.AddScoped<RefundProcessor>();
        services.AddScoped<WebhookProcessor>();
        services.AddScoped<ISiteBookings, SiteBookings>();
        services.AddScoped<IStaffBookings, StaffBookings>();
        services.AddScoped<IDriverBriefings, DriverBriefings>();
        if (options.Worker)
        {
            services.AddHostedService<RefundRetryWorker>();
        }

        services.AddEmailTemplate(BookingTemplates.ConfirmedEmail);
        services.AddSmsTemplate(BookingTemplates.ConfirmedSms);
        services.AddEmailTemplate(BookingTemplates.CancelledEmail);
        services.AddSmsTemplate(BookingTemplates.CancelledSms);
        services.AddEmailTemplate(BookingTemplates.AmendedEmail);
        services.AddEmailTemplate(BookingTemplates.RefundedEmail);
        services.AddEmailTemplate(DispatchTemplates.DriverAssignedEmail);
        services.AddSmsTemplate(DispatchTemplates.DriverAssignedSms);
        services.AddEmailTemplate(DispatchTemplates.DriverEnRouteEmail);
        services.AddSmsTemplate(DispatchTemplates.DriverEnRouteSms);
        services.AddEmailTemplate(DispatchTemplates.DriverArrivedEmail);
        services.AddSmsTemplate(DispatchTemplates.DriverArrivedSms);
        services.AddIntegrationEventHandler<DriverAssignedIntegrationEvent, DriverAssignedHandler, BookingsDbContext>();
        services.AddIntegrationEventHandler<JobStatusChangedIntegrationEvent, JobStatusChangedHandler, BookingsDbContext>();
        services.AddBookingsPersonalData(configuration);
        return services;
    }

    /// <summary>
    /// Maps <c>bookings</c>, <c>payments</c> and <c>webhooks/stripe</c> under the product's API group (<c>/v1</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapBookings(this IEndpointRouteBuilder api)
    {
        var bookings = api.MapGroup("bookings").WithTags("Bookings");
        BookTransfer.Map(bookings);
        GetBooking.Map(bookings);
        ListBookings.Map(bookings);
        AmendBooking.Map(bookings);
        CancelBooking.Map(bookings);
        DownloadReceipt.Map(bookings);
        RefundBooking.Map(bookings);

        var payments = api.MapGroup("payments").WithTags("Payments");
        StartPayment.Map(payments);
        GetPayment.Map(payments);
        ReceiveStripeWebhook.Map(api);
        return api;
    }
}
