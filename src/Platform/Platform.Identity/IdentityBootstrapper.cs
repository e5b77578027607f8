using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Identity.Data;
using Platform.Identity.Endpoints;

namespace Platform.Identity;

/// <summary>
/// Creates the product's roles and, when <c>Bootstrap:OwnerEmail</c> and <c>Bootstrap:OwnerPassword</c> are set, the first
/// owner/admin account. Idempotent; when several nodes start at once the unique indexes decide and the losers move on.
/// </summary>
internal sealed partial class IdentityBootstrapper(
    RoleManager<AppRole> roles,
    UserManager<AppUser> users,
    AccountFactory accounts,
    AppIdentityDbContext db,
    IdentitySettings settings,
    ILogger<IdentityBootstrapper> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var role in settings.Product.Roles)
        {
            if (await roles.FindByNameAsync(role) is not null)
            {
                continue;
            }

            try
            {
                var result = await roles.CreateAsync(new AppRole { Id = Guid.CreateVersion7(), Name = role });
                if (!result.Succeeded && !result.Errors.Any(e => e.Code == "DuplicateRoleName"))
                {
                    throw new InvalidOperationException($"Could not create role '{role}': {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
            catch (DbUpdateException)
            {
                // Another node created it first.
                db.ChangeTracker.Clear();
            }
        }

        if (string.IsNullOrWhiteSpace(settings.BootstrapEmail) || string.IsNullOrEmpty(settings.BootstrapPassword))
        {
            return;
        }

        var email = settings.BootstrapEmail.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var created = await accounts.CreateAsync(email, settings.BootstrapPassword, null, settings.Product.BootstrapRole, cancellationToken);
        if (created.Errors is { } errors)
        {
            throw new InvalidOperationException(
                "Bootstrap:OwnerEmail/OwnerPassword cannot create the account: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        }

        if (created.Created is not null)
        {
            LogOwnerCreated(logger, settings.Product.BootstrapRole, email);
        }
    }

    [LoggerMessage(LogLevel.Information, "Created the bootstrap {Role} account {Email}")]
    private static partial void LogOwnerCreated(ILogger logger, string role, string email);
}
