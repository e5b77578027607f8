using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Platform.Identity.Data;
using Platform.Identity.Endpoints;

namespace Platform.Identity;

/// <summary>Creates accounts on behalf of the product (demo data, staff onboarding), with Identity's rules.</summary>
public interface IAccounts
{
    /// <summary>
    /// Returns the id of the account with <paramref name="email"/>, creating it with <paramref name="password"/> and
    /// <paramref name="role"/> when it does not exist yet, and adding the role when it lacks it. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException">The password or e-mail breaks Identity's rules.</exception>
    Task<Guid> EnsureAsync(string email, string password, string? name, string role, CancellationToken cancellationToken = default);

    /// <summary>
    /// A one-time token with which the account's owner sets a new password at <c>POST auth/password/reset</c>
    /// (<c>{ email, token, newPassword }</c>): put it in an invitation or reset e-mail, never show it to anyone else.
    /// It stops working once used, when the password changes otherwise, or after Identity's token lifespan (one day).
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no account <paramref name="userId"/>.</exception>
    Task<string> CreatePasswordResetTokenAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The e-mail addresses of the accounts in any of <paramref name="roles"/> (e.g. who to alert), without duplicates.</summary>
    Task<IReadOnlyList<string>> ListEmailsInRolesAsync(IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default);

    /// <summary>How people are named in reports: <c>Name (email)</c>, or the e-mail alone; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default);
}

internal sealed class Accounts(UserManager<AppUser> users, AccountFactory factory) : IAccounts
{
    public async Task<Guid> EnsureAsync(string email, string password, string? name, string role, CancellationToken cancellationToken = default)
    {
        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            var created = await factory.CreateAsync(email, password, name, role, cancellationToken);
            existing = created.Created ?? await users.FindByEmailAsync(email)
                ?? throw new InvalidOperationException($"Account {email} could not be created: {string.Join("; ", created.Errors?.SelectMany(e => e.Value) ?? [])}");
            return existing.Id;
        }

        if (!await users.IsInRoleAsync(existing, role))
        {
            var added = await users.AddToRoleAsync(existing, role);
            if (!added.Succeeded && !added.Errors.Any(e => e.Code == "UserAlreadyInRole"))
            {
                throw new InvalidOperationException($"Role {role} could not be added to {email}: {string.Join("; ", added.Errors.Select(e => e.Description))}");
            }
        }

        return existing.Id;
    }

    public async Task<string> CreatePasswordResetTokenAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId.ToString())
            ?? throw new InvalidOperationException($"There is no account {userId}.");
        return await users.GeneratePasswordResetTokenAsync(user);
    }

    public async Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        var ids = userIds.Distinct().ToList();
        var people = await users.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Name, u.Email }).ToListAsync(cancellationToken);
        return people.ToDictionary(p => p.Id, p => string.IsNullOrWhiteSpace(p.Name) ? p.Email ?? p.Id.ToString() : $"{p.Name} ({p.Email})");
    }

    public async Task<IReadOnlyList<string>> ListEmailsInRolesAsync(IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var emails = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var role in roles)
        {
            foreach (var user in await users.GetUsersInRoleAsync(role))
            {
                if (!string.IsNullOrEmpty(user.Email))
                {
                    emails.Add(user.Email);
                }
            }
        }

        return [.. emails];
    }
}
