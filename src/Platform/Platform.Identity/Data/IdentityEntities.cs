namespace Platform.Identity.Data;

/// <summary>One refresh token; only its SHA-256 hash is stored. Rotation links tokens of one sign-in into a family.</summary>
internal sealed class RefreshToken
{
    public Guid Id { get; set; }

    public string TokenHash { get; set; } = "";

    public Guid FamilyId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>How the family's sign-in was authenticated: <c>pwd</c> or <c>mfa</c>.</summary>
    public string AuthMethod { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public Guid? ReplacedById { get; set; }
}

/// <summary>A JWT signing key. <see cref="Slot"/> is the first day (days since 1970) of the rotation period it serves; unique, so nodes racing to create it end up with one.</summary>
internal sealed class SigningKey
{
    public string Id { get; set; } = "";

    public long Slot { get; set; }

    public string Algorithm { get; set; } = "";

    /// <summary>SubjectPublicKeyInfo, base64.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>PKCS#8 private key protected with ASP.NET Data Protection.</summary>
    public string ProtectedPrivateKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One ASP.NET Data Protection key-ring element (XML), shared by every node.</summary>
internal sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = "";
}
