using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nots.Pricing.Geography;
using Nots.Pricing.Quotes;
using Nots.Pricing.Routing;
using Nots.Pricing.Tariffs;

namespace Nots.Pricing;

public static class PricingCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pricing domain: gazetteer, postcode directory, place resolver, the offline distance estimator
    /// and the default tariff (each only if nothing else is registered yet, so a Google adapter or a stored-tariff
    /// source registered first wins), and <see cref="QuoteService"/>.
    /// </summary>
    public static IServiceCollection AddPricingCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Gazetteer>();
        services.TryAddSingleton<PostcodeDirectory>();
        services.TryAddSingleton<PlaceResolver>();
        services.TryAddSingleton<IDistanceEstimator, OfflineDistanceEstimator>();
        services.TryAddSingleton<ITariffSource>(new FixedTariffSource(DefaultTariff.Tariff));
        services.TryAddScoped<QuoteService>();
        return services;
    }
}
