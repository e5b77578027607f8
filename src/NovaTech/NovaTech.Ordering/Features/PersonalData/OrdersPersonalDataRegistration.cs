using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Ordering;
using Platform.Privacy;

namespace NovaTech.Ordering.Features.PersonalData;

internal static class OrdersPersonalDataRegistration
{
    public static IServiceCollection AddOrdersPersonalData(this IServiceCollection services)
    {
        services.AddScoped<OrdersPersonalData>();
        services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<OrdersPersonalData>());
        services.AddScoped<ICustomerOrders>(sp => sp.GetRequiredService<OrdersPersonalData>());
        return services;
    }
}
