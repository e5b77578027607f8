using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Identity;

namespace Platform.Hosting;

/// <summary>
/// One demo account per role (<c>&lt;role&gt;@&lt;product&gt;.demo</c>), with the password from <c>Demo:Password</c>
/// (run.sh generates one; nothing is seeded without it, so no default password exists anywhere).
/// </summary>
internal static class DemoAccounts
{
    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<PlatformHostOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoAccounts));
        var password = configuration["Demo:Password"];
        if (string.IsNullOrEmpty(password))
        {
            logger.LogWarning("Seed:Demo is on but Demo:Password is not set: no demo accounts created");
            return;
        }

        var accounts = services.GetRequiredService<IAccounts>();
        var domain = options.Product.ToLowerInvariant() + ".demo";
        foreach (var role in options.Roles.Where(r => r != options.BootstrapRole))
        {
            var email = $"{role}@{domain}";
            await accounts.EnsureAsync(email, password, "Demo " + role, role, cancellationToken);
        }
    }
}
