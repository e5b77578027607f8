using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Data;

namespace Platform.Identity.Tokens;

/// <summary>Creates and validates the product's JWTs: access tokens and the short-lived MFA enrolment token.</summary>
internal sealed class TokenService(SigningKeyStore keys, IdentitySettings settings, TimeProvider time)
{
    public const string PurposeClaim = "purpose";
    public const string EnrollmentPurpose = "mfa-enrollment";
    public const string RoleClaim = "role";
    public const string AmrClaim = "amr";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<(string Token, TimeSpan Lifetime)> CreateAccessTokenAsync(AppUser user, IEnumerable<string> roles, string authMethod, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(BaseClaims(user));
        identity.AddClaims(roles.Select(r => new Claim(RoleClaim, r)));

        // RFC 8176: amr is a list; an MFA sign-in used the password and a one-time code.
        identity.AddClaim(new Claim(AmrClaim, "pwd"));
        if (authMethod != "pwd")
        {
            identity.AddClaim(new Claim(AmrClaim, "otp"));
            identity.AddClaim(new Claim(AmrClaim, authMethod));
        }
        if (!string.IsNullOrEmpty(user.Name))
        {
            identity.AddClaim(new Claim("name", user.Name));
        }

        var token = await CreateAsync(identity, settings.Audience, settings.AccessTokenLifetime, cancellationToken);
        return (token, settings.AccessTokenLifetime);
    }

    public Task<string> CreateEnrollmentTokenAsync(AppUser user, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(BaseClaims(user));
        identity.AddClaim(new Claim(PurposeClaim, EnrollmentPurpose));
        return CreateAsync(identity, settings.EnrollmentAudience, settings.EnrollmentTokenLifetime, cancellationToken);
    }

    /// <summary>Validates a token; enrolment tokens are accepted only when <paramref name="acceptEnrollment"/> is set.</summary>
    public async Task<TokenValidationResult> ValidateAsync(string token, bool acceptEnrollment, string authenticationType, CancellationToken cancellationToken)
    {
        string? kid;
        try
        {
            kid = _handler.CanReadToken(token) ? new JsonWebToken(token).Kid : null;
        }
        catch (ArgumentException)
        {
            kid = null;
        }

        if (kid is null)
        {
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenMalformedException("The bearer token is not a signed JWT.") };
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudiences = acceptEnrollment ? [settings.Audience, settings.EnrollmentAudience] : [settings.Audience],
            IssuerSigningKeys = await keys.GetValidationKeysAsync(kid, cancellationToken),
            ValidAlgorithms = [SigningKeyStore.Algorithm],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            LifetimeValidator = ValidateLifetime,
            NameClaimType = "email",
            RoleClaimType = RoleClaim,
            AuthenticationType = authenticationType,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (result.IsValid && !acceptEnrollment && result.ClaimsIdentity.HasClaim(c => c.Type == PurposeClaim))
        {
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidAudienceException("Purpose-bound tokens are not access tokens.") };
        }

        return result;
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && exp.Add(ClockSkew) > now && (notBefore is not { } nbf || nbf.Subtract(ClockSkew) <= now);
    }

    private async Task<string> CreateAsync(ClaimsIdentity identity, string audience, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = audience,
            Subject = identity,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime),
            SigningCredentials = await keys.GetSigningCredentialsAsync(cancellationToken),
        };
        return _handler.CreateToken(descriptor);
    }

    private static IEnumerable<Claim> BaseClaims(AppUser user) =>
    [
        new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
        new Claim(JwtRegisteredClaimNames.Email, user.Email ?? ""),
        new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
    ];
}
