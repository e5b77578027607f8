namespace Platform.Hosting;

/// <summary>What a product host declares about itself; the platform wires the rest.</summary>
public sealed class PlatformHostOptions
{
    /// <summary>Product name: database, connection string key, logs (<c>Nots</c>, <c>NovaTech</c>).</summary>
    public required string Product { get; init; }

    /// <summary>Display name, e.g. <c>NOTS</c>.</summary>
    public required string DisplayName { get; init; }

    /// <summary>API route prefix: <c>/v1</c> or <c>/api/v1</c>.</summary>
    public required string ApiPrefix { get; init; }

    /// <summary>Every role of the product.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Roles that are staff (MFA required).</summary>
    public required IReadOnlyList<string> StaffRoles { get; init; }

    /// <summary>The role given to the bootstrap account (<c>owner</c> or <c>admin</c>).</summary>
    public required string BootstrapRole { get; init; }

    /// <summary>The role self-registered users get.</summary>
    public string CustomerRole { get; init; } = "customer";

    /// <summary>Roles allowed to see and replay dead letters and other operations screens.</summary>
    public required IReadOnlyList<string> OperationsRoles { get; init; }
}
