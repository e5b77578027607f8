using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Identity.Data;
using Platform.Identity.Endpoints;
using Platform.Identity.Tokens;

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
    IDataProtectionProvider dataProtection,
    SigningKeyStore signingKeys,
    ILogger<IdentityBootstrapper> logger)
{
    // Any constant works; the same on every node.
    private const long KeyWarmUpLock = 0x4944454e_4b455953;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await WarmUpKeysAsync(cancellationToken);
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

    /// <summary>
    /// Loads (or creates) the Data Protection key ring and this period's signing key before serving. On PostgreSQL this runs
    /// under an advisory lock, so nodes starting together do not each create a first Data Protection key: a node only reloads
    /// its key ring daily, and a key created by another node after that load would not be readable there until then.
    /// </summary>
    private async Task WarmUpKeysAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await WarmUpAsync(cancellationToken);
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({KeyWarmUpLock})", ct);
            await WarmUpAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        dataProtection.CreateProtector("Platform.Identity.WarmUp").Protect("warm-up"u8.ToArray());
        await signingKeys.GetSigningCredentialsAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Created the bootstrap {Role} account {Email}")]
    private static partial void LogOwnerCreated(ILogger logger, string role, string email);
}
