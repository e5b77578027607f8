namespace Platform.Identity;

/// <summary>What a product tells the identity module about itself: its name and its roles.</summary>
public sealed class IdentityProductOptions
{
    /// <summary>Product name, used as JWT issuer and audience and as the authenticator-app label, e.g. <c>NOTS</c>.</summary>
    public required string Product { get; init; }

    /// <summary>Every role of the product, e.g. customer, driver, dispatcher, admin, owner. Created at bootstrap.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Roles that must use MFA (see <c>Identity:RequireStaffMfa</c>), e.g. dispatcher, admin, owner.</summary>
    public required IReadOnlyList<string> StaffRoles { get; init; }

    /// <summary>Role given to the account created from <c>Bootstrap:OwnerEmail</c>, e.g. <c>owner</c>.</summary>
    public required string BootstrapRole { get; init; }

    /// <summary>Role given to self-registered accounts, e.g. <c>customer</c>.</summary>
    public required string CustomerRole { get; init; }

    /// <summary>Roles that run the platform's operations screens (dead letters, notification log); defaults to the bootstrap role.</summary>
    public IReadOnlyList<string>? OperationsRoles { get; init; }

    internal IReadOnlyList<string> EffectiveOperationsRoles => OperationsRoles is { Count: > 0 } roles ? roles : [BootstrapRole];

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Product);
        foreach (var role in StaffRoles.Append(BootstrapRole).Append(CustomerRole).Concat(EffectiveOperationsRoles))
        {
            if (!Roles.Contains(role, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"Role '{role}' is not one of the product's roles ({string.Join(", ", Roles)}).");
            }
        }
    }
}
