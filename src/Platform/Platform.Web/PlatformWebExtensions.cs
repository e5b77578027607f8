using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Persistence;
using Platform.Web.Data;
using Platform.Web.Idempotency;

namespace Platform.Web;

/// <summary>The web building blocks every product host uses.</summary>
public static class PlatformWebExtensions
{
    /// <summary>Default request body limit (bytes) when an endpoint does not set its own.</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// Registers persistence for the product, ProblemDetails, JSON logging with scopes, request limits,
    /// rate limiting, health checks, OpenAPI and the idempotency store.
    /// </summary>
    public static WebApplicationBuilder AddPlatformWeb(this WebApplicationBuilder builder, PlatformWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);

        if (!string.Equals(configuration["Logging:Format"], "simple", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        services.AddPlatformPersistence(configuration, options.Product);
        services.AddModuleDbContext<WebDbContext>(WebDbContext.Module);

        services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsEnricher.Enrich);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddValidation();

        var maxBody = configuration.GetValue("Web:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The per-endpoint limit is applied by RequestBodyLimitMiddleware; Kestrel's is the hard ceiling.
            kestrel.Limits.MaxRequestBodySize = Math.Max(maxBody, configuration.GetValue("Web:MaxUploadBytes", 20L * 1024 * 1024));
            kestrel.AddServerHeader = false;
        });

        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in configuration.GetSection("Web:TrustedProxies").Get<string[]>() ?? ["127.0.0.1", "::1"])
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
            }
        });

        services.AddRateLimiter(limiter => RateLimitPolicies.Configure(limiter, configuration));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, ["ready"]);
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = options.Title;
            document.Info.Version = "v1";
            return Task.CompletedTask;
        }));
        services.AddHostedService<IdempotencyCleanup>();
        return builder;
    }

    /// <summary>
    /// The middleware pipeline, in order: forwarded headers, correlation id, exception → ProblemDetails,
    /// empty error responses → ProblemDetails, security headers, routing, body limits, authentication,
    /// authorization, rate limiting, idempotency.
    /// </summary>
    public static WebApplication UsePlatformWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var maxBody = app.Configuration.GetValue("Web:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        app.UseForwardedHeaders();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>(maxBody);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c>, <c>/openapi/v1.json</c> and the API browser at <c>/docs</c>.</summary>
    public static WebApplication MapPlatformWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<PlatformWebOptions>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.DocumentTitle = options.Title;
            ui.SwaggerEndpoint("/openapi/v1.json", options.Title);
        });
        return app;
    }
}
