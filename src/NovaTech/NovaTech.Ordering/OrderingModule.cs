using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Fulfillment;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Features.Addresses;
using NovaTech.Ordering.Features.Fulfilment;
using NovaTech.Ordering.Features.Carts;
using NovaTech.Ordering.Features.Checkout;
using NovaTech.Ordering.Features.Orders;
using NovaTech.Ordering.Features.Payments;
using NovaTech.Ordering.Features.PersonalData;
using NovaTech.Ordering.Notifications;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Persistence;

namespace NovaTech.Ordering;

/// <summary>
/// NovaTech ordering: carts, checkout, orders and the payment orchestration around them. Needs
/// <c>NovaTech.Contracts.Catalog.ICatalogLookup</c> (Catalog) and <c>IStockReservations</c> (Inventory) from the host.
/// </summary>
public static class OrderingModule
{
    /// <summary>Registers the module.</summary>
    public static IServiceCollection AddOrdering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrderingOptions>().Bind(configuration.GetSection(OrderingOptions.SectionName))
            .Validate(o => o.MaxQuantityPerLine >= 1 && o.MaxCartLines >= 1 && o.ReservationTtl > TimeSpan.Zero
                && o.PaymentSessionLifetime >= TimeSpan.FromMinutes(31), "Ordering: positive limits and TTL; a payment session lives at least 31 minutes.")
            .ValidateOnStart();
        services.AddModuleDbContext<OrderingDbContext>(OrderingDbContext.Module);
        services.AddOutboxDispatcher<OrderingDbContext>();
        services.AddScoped<OrderPayments>();
        services.AddSingleton<Features.Checkout.OrderBatch>();
        services.AddScoped<Features.Storefront.IStorefrontOrdering, Features.Storefront.StorefrontOrdering>();
        services.AddScoped<Features.Addresses.IStorefrontAddresses, Features.Addresses.StorefrontAddresses>();
        services.AddScoped<Features.Merchant.IMerchantOrders, Features.Merchant.MerchantOrders>();
        services.AddScoped<Features.Fulfilment.OrderLookup>();
        services.AddScoped<NovaTech.Contracts.Ordering.IOrderLookup>(sp => sp.GetRequiredService<Features.Fulfilment.OrderLookup>());
        services.AddScoped<NovaTech.Contracts.Ordering.IOrderTokens>(sp => sp.GetRequiredService<Features.Fulfilment.OrderLookup>());
        services.AddIntegrationEventHandler<ShipmentDispatchedIntegrationEvent, FollowShipmentDispatched, OrderingDbContext>();
        services.AddIntegrationEventHandler<ShipmentStatusChangedIntegrationEvent, FollowShipmentStatus, OrderingDbContext>();
        foreach (var template in OrderEmails.Templates)
        {
            services.AddEmailTemplate(template);
        }

        services.AddValidation();
        services.AddOrdersPersonalData();
        return services;
    }

    /// <summary>Maps <c>carts</c>, <c>checkout</c>, <c>orders</c>, <c>addresses</c> and <c>webhooks/stripe</c>.</summary>
    public static IEndpointRouteBuilder MapOrdering(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("");
        group.MapCarts();
        group.MapCheckout();
        group.MapListOrders();
        group.MapOrders();
        group.MapAddresses();
        group.MapStripeWebhook();
        return api;
    }
}
