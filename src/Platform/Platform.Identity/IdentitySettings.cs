using Microsoft.Extensions.Configuration;

namespace Platform.Identity;

/// <summary>Configuration of the module (<c>Identity:*</c>, <c>Bootstrap:*</c>) resolved once, plus the product's options.</summary>
internal sealed class IdentitySettings
{
    public required IdentityProductOptions Product { get; init; }

    public bool RequireStaffMfa { get; init; } = true;

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(30);

    public int SigningKeyDays { get; init; } = 30;

    public TimeSpan EnrollmentTokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public string? BootstrapEmail { get; init; }

    public string? BootstrapPassword { get; init; }

    public string Issuer => Product.Product;

    public string Audience => Product.Product;

    public string EnrollmentAudience => Product.Product + ":mfa-enrollment";

    public bool IsStaff(IEnumerable<string> roles) => roles.Any(r => Product.StaffRoles.Contains(r, StringComparer.Ordinal));

    public static IdentitySettings From(IConfiguration configuration, IdentityProductOptions product) => new()
    {
        Product = product,
        RequireStaffMfa = configuration.GetValue("Identity:RequireStaffMfa", true),
        AccessTokenLifetime = TimeSpan.FromMinutes(Positive(configuration.GetValue("Identity:AccessTokenMinutes", 15), "Identity:AccessTokenMinutes")),
        RefreshTokenLifetime = TimeSpan.FromDays(Positive(configuration.GetValue("Identity:RefreshTokenDays", 30), "Identity:RefreshTokenDays")),
        SigningKeyDays = Positive(configuration.GetValue("Identity:SigningKeyDays", 30), "Identity:SigningKeyDays"),
        BootstrapEmail = configuration["Bootstrap:OwnerEmail"],
        BootstrapPassword = configuration["Bootstrap:OwnerPassword"],
    };

    private static int Positive(int value, string key) =>
        value > 0 ? value : throw new InvalidOperationException($"{key} must be a positive number, got {value}.");
}
