using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Features.CarrierWebhook;
using NovaTech.Fulfillment.Features.CreateShipment;
using NovaTech.Fulfillment.Features.ListShipments;
using NovaTech.Fulfillment.Features.PackingSlip;
using NovaTech.Fulfillment.Features.TrackOrder;
using NovaTech.Fulfillment.Notifications;
using Platform.Identity;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Persistence;

namespace NovaTech.Fulfillment;

/// <summary>
/// Fulfilment: shipments from warehouses with carriers, signed carrier tracking webhooks, the customer's tracking
/// timeline, packing slips, and the "on its way" / "delivered" messages. Needs <c>IOrderLookup</c> (and, for guest
/// tracking, <c>IOrderTokens</c>) from NovaTech.Ordering.
/// </summary>
public static class FulfillmentModule
{
    private const string Merchant = "merchant";
    private const string Admin = "admin";

    /// <summary>Registers the module. Reads <c>Fulfillment:CarrierWebhookSecret</c> (generated and stored when unset).</summary>
    public static IServiceCollection AddFulfillment(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidation();
        services.TryAddSingleton(TimeProvider.System);
        services.AddModuleDbContext<FulfillmentDbContext>(FulfillmentDbContext.Module);
        services.AddOutboxDispatcher<FulfillmentDbContext>();
        services.AddSingleton<CarrierWebhookSecret>();
        services.AddScoped<Features.Storefront.IStorefrontTracking, Features.Storefront.StorefrontTracking>();
        services.AddScoped<Features.Merchant.IMerchantShipments, Features.Merchant.MerchantShipments>();
        Features.PersonalData.ShipmentsPersonalDataRegistration.AddShipmentsPersonalData(services);
        foreach (var template in ShipmentNotifications.EmailTemplates)
        {
            services.AddEmailTemplate(template);
        }

        foreach (var template in ShipmentNotifications.SmsTemplates)
        {
            services.AddSmsTemplate(template);
        }

        return services;
    }

    /// <summary>Maps the fulfilment endpoints under the product's API group (<c>/api/v1</c>).</summary>
    public static IEndpointRouteBuilder MapFulfillment(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);

        // Staff (MFA when required) and, of the staff, only those who ship: merchants and admins.
        var shippers = api.MapGroup("").WithTags("Fulfilment")
            .RequireAuthorization(PlatformPolicies.Staff)
            .RequireAuthorization(policy => policy.RequireRole(Merchant, Admin));
        CreateShipment.Map(shippers);

        var staff = api.MapGroup("").WithTags("Fulfilment").RequireAuthorization(PlatformPolicies.Staff);
        ListShipments.Map(staff);
        PrintPackingSlip.Map(staff);

        var open = api.MapGroup("").WithTags("Fulfilment");
        TrackOrder.Map(open);
        CarrierWebhook.Map(open);
        return api;
    }
}
