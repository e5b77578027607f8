using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nots.Contracts.Pricing;
using Nots.Pricing.Data;
using Nots.Pricing.Features.CreateQuote;
using Nots.Pricing.Features.Desk;
using Nots.Pricing.Features.GetQuote;
using Nots.Pricing.Features.GetTariff;
using Nots.Pricing.Features.ListTariffVersions;
using Nots.Pricing.Features.PublishTariff;
using Nots.Pricing.Features.SearchPlaces;
using Nots.Pricing.Features.Site;
using Nots.Pricing.Geography;
using Nots.Pricing.Quotes;
using Nots.Pricing.Routing;
using Nots.Pricing.Tariffs;
using Platform.Identity;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Pricing;

/// <summary>The pricing module: quotes, places, and the owner's versioned tariff.</summary>
public static class PricingModule
{
    /// <summary>
    /// Registers the module: its tables (<c>pricing</c>), the stored tariff as the tariff source, the distance port
    /// (Google when <c>Maps:Google:ApiKey</c> is set, else offline; cached 15 minutes), geocoding with Google, and
    /// <see cref="IQuotes"/> for the other modules.
    /// </summary>
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidation();
        services.AddMemoryCache();
        services.AddModuleDbContext<PricingDbContext>(PricingDbContext.Module);
        services.AddOutboxDispatcher<PricingDbContext>();
        services.AddOptions<PricingOptions>().BindConfiguration("Pricing");
        services.AddOptions<GoogleMapsOptions>().BindConfiguration(GoogleMapsOptions.Section);
        services.AddHttpClient(GoogleMapsOptions.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(Math.Max(0.1, provider.GetRequiredService<IOptions<GoogleMapsOptions>>().Value.TimeoutSeconds)));
        services.AddSingleton<GoogleMapsClient>();

        // Registered before AddPricingCore, whose defaults (offline estimator, fixed tariff) only fill gaps.
        services.AddSingleton<TariffStore>();
        services.AddSingleton<ITariffSource>(provider => provider.GetRequiredService<TariffStore>());
        services.AddScoped<IPricingDesk, PricingDesk>();
        services.AddSingleton<IDistanceEstimator>(provider =>
        {
            var google = provider.GetRequiredService<IOptions<GoogleMapsOptions>>().Value;
            IDistanceEstimator inner = google.Enabled
                ? new GoogleDistanceEstimator(provider.GetRequiredService<GoogleMapsClient>())
                : new OfflineDistanceEstimator();
            return new CachingDistanceEstimator(inner, provider.GetRequiredService<IMemoryCache>());
        });
        services.AddSingleton<Gazetteer>();
        services.AddSingleton<PostcodeDirectory>();
        services.AddSingleton(provider =>
        {
            var google = provider.GetRequiredService<IOptions<GoogleMapsOptions>>().Value;
            IGeocoder? geocoder = google.Enabled
                ? new GoogleGeocoder(provider.GetRequiredService<GoogleMapsClient>(), provider.GetRequiredService<IMemoryCache>())
                : null;
            return new PlaceResolver(provider.GetRequiredService<Gazetteer>(), provider.GetRequiredService<PostcodeDirectory>(), geocoder);
        });
        services.AddPricingCore();
        services.AddGroupCommit<PricingDbContext>();
        services.AddScoped<QuoteDesk>();
        services.AddScoped<IQuotes>(provider => provider.GetRequiredService<QuoteDesk>());
        services.AddScoped<ISiteQuotes, SiteQuotes>();
        services.AddHostedService<TariffSeeder>();
        services.AddSingleton<QuotePurge>();
        services.AddHostedService(provider => provider.GetRequiredService<QuotePurge>());
        return services;
    }

    /// <summary>
    /// Maps <c>quotes</c> and <c>places</c> (anonymous; rate-limited by the platform's global limiter) and
    /// <c>pricing</c> (read: owner or admin through the operations policy; publish: owner only).
    /// </summary>
    public static IEndpointRouteBuilder MapPricing(this IEndpointRouteBuilder api)
    {
        var quotes = api.MapGroup("/quotes").WithTags("Quotes");
        quotes.MapPost("", CreateQuoteEndpoint.HandleAsync)
            .AllowAnonymous()
            .WithName("CreateQuote")
            .WithSummary("Price a journey in every vehicle class; the quote is kept for 15 minutes.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        quotes.MapGet("/{id:guid}", GetQuoteEndpoint.HandleAsync)
            .AllowAnonymous()
            .WithName("GetQuote")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/places", SearchPlacesEndpoint.Handle)
            .AllowAnonymous()
            .WithTags("Quotes")
            .WithName("SearchPlaces")
            .WithSummary("Gazetteer search: place codes usable as {\"place\": code} in a quote.");

        var pricing = api.MapGroup("/pricing").WithTags("Pricing");
        pricing.MapGet("", GetTariffEndpoint.HandleAsync)
            .RequireAuthorization(PlatformPolicies.Operations)
            .WithName("GetTariff");
        pricing.MapPut("", PublishTariffEndpoint.HandleAsync)
            .RequireAuthorization(PlatformPolicies.Role("owner"))
            .WithName("PublishTariff")
            .Accepts<TariffDefinition>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        pricing.MapGet("/versions", ListTariffVersionsEndpoint.HandleAsync)
            .RequireAuthorization(PlatformPolicies.Operations)
            .WithName("ListTariffVersions");
        pricing.MapGet("/versions/{version}", GetTariffEndpoint.HandleVersionAsync)
            .RequireAuthorization(PlatformPolicies.Operations)
            .WithName("GetTariffVersion")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
