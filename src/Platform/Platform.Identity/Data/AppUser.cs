using Microsoft.AspNetCore.Identity;

namespace Platform.Identity.Data;

/// <summary>A person who signs in to a product: customer, driver or staff. The user name is the e-mail address.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    /// <summary>Display name, optional.</summary>
    public string? Name { get; set; }

    /// <summary>When the account was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A role of the product, e.g. <c>customer</c> or <c>owner</c>.</summary>
public sealed class AppRole : IdentityRole<Guid>
{
}
