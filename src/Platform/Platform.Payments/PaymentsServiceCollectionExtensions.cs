using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Platform.Payments.Data;
using Platform.Payments.Sandbox;
using Platform.Payments.Stripe;
using Platform.Payments.Webhooks;
using Platform.Persistence;

namespace Platform.Payments;

/// <summary>Registration of the payments module.</summary>
public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPaymentProvider"/> (Stripe when <c>Payments:Stripe:SecretKey</c> is set, else the
    /// Sandbox), <see cref="IPaymentWebhooks"/>, the <c>payments</c> module database and — for the Sandbox — the
    /// webhook delivery worker and its <see cref="IWebhookSender"/>. Requires <c>AddPlatformPersistence</c>.
    /// </summary>
    public static IServiceCollection AddPlatformPayments(this IServiceCollection services, IConfiguration configuration, PaymentsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = PaymentsSettings.From(configuration, options ?? new PaymentsOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddModuleDbContext<PaymentsDbContext>(PaymentsDbContext.Module);
        services.TryAddSingleton<IPaymentWebhooks, PaymentWebhooks>();
        services.TryAddScoped<IPaymentWebhookDeliveries, WebhookDeliveries>();
        services.AddHttpClient();

        if (settings.UseStripe)
        {
            services.AddHttpClient<IPaymentProvider, StripePaymentProvider>(StripePaymentProvider.ClientName,
                client => client.Timeout = TimeSpan.FromSeconds(80));
            return services;
        }

        services.AddHttpClient(HttpWebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IWebhookSender, HttpWebhookSender>();
        services.TryAddSingleton<SandboxDeliverySignal>();
        services.TryAddSingleton<SandboxWebhookDispatcher>();
        services.AddGroupCommit<PaymentsDbContext>();
        services.TryAddScoped<SandboxPaymentProvider>();
        services.TryAddScoped<IPaymentProvider>(sp => sp.GetRequiredService<SandboxPaymentProvider>());
        if (settings.SandboxDeliveryWorker)
        {
            services.AddHostedService<SandboxWebhookWorker>();
        }

        return services;
    }

    /// <summary>
    /// Maps the Sandbox's hosted payment page, <c>GET</c>/<c>POST /sandbox/checkout/{sessionId}</c>, anonymous by
    /// design (it is the payment page a customer is redirected to). Does nothing when Stripe is the provider.
    /// </summary>
    public static IEndpointRouteBuilder MapSandboxCheckout(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<PaymentsSettings>();
        if (settings.UseStripe)
        {
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PaymentsServiceCollectionExtensions))
                .LogInformation("Payments: Stripe is configured; the Sandbox checkout page is not mapped");
            return endpoints;
        }

        var group = endpoints.MapGroup(SandboxPaymentProvider.CheckoutPath)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithTags("Sandbox checkout");
        group.MapGet("/{sessionId}", (string sessionId, SandboxPaymentProvider sandbox, CancellationToken cancellationToken) =>
            SandboxCheckoutPage.GetAsync(sessionId, sandbox, cancellationToken));

        // The per-session form token replaces antiforgery: the page has no cookie session to protect.
        group.MapPost("/{sessionId}", (string sessionId, HttpRequest request, SandboxPaymentProvider sandbox, CancellationToken cancellationToken) =>
                SandboxCheckoutPage.PostAsync(sessionId, request, sandbox, cancellationToken))
            .DisableAntiforgery();
        return endpoints;
    }
}
