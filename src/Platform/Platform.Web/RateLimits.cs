using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Web;

/// <summary>Named rate-limit policies endpoints can opt into, beyond the global per-user/per-IP limit.</summary>
public static class RateLimitPolicies
{
    /// <summary>Credential endpoints (token, register, refresh): a small budget per client IP.</summary>
    public const string Auth = "auth";

    internal static void Configure(RateLimiterOptions options, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimiting:PermitsPerMinute", 1200);
        var authPerMinute = configuration.GetValue("RateLimiting:AuthPermitsPerMinute", 30);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

        // Signed-in callers are limited per user, everyone else per client IP.
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.FindFirstValue("sub");
            var partition = user is not null ? "user:" + user : "ip:" + ClientAddress(context);
            return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        });
        options.AddPolicy(Auth, context => RateLimitPartition.GetFixedWindowLimiter("auth:" + ClientAddress(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = authPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = "Slow down and retry after the time in the Retry-After header.",
                },
            });
        };
    }

    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.Loopback.ToString();
}
