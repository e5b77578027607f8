using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Platform.Identity.Data;
using Platform.Identity.Tokens;

namespace Platform.Identity.Endpoints;

/// <summary>What <c>auth/token</c>, <c>auth/refresh</c> and <c>auth/mfa/verify</c> return.</summary>
internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

internal static class AuthMethods
{
    public const string Password = "pwd";
    public const string Mfa = "mfa";
}

/// <summary>Issues an access token and a new refresh-token family for a user who just proved who they are.</summary>
internal sealed class TokenPairs(UserManager<AppUser> users, TokenService tokens, RefreshTokenService refreshTokens)
{
    public async Task<TokenResponse> IssueAsync(AppUser user, string authMethod, CancellationToken cancellationToken)
    {
        var refresh = await refreshTokens.IssueAsync(user.Id, authMethod, cancellationToken);
        return await AccessAsync(user, authMethod, refresh, cancellationToken);
    }

    public async Task<TokenResponse> AccessAsync(AppUser user, string authMethod, string refreshToken, CancellationToken cancellationToken)
    {
        var roles = await users.GetRolesAsync(user);
        var (access, lifetime) = await tokens.CreateAccessTokenAsync(user, roles, authMethod, cancellationToken);
        return new TokenResponse(access, "Bearer", (int)lifetime.TotalSeconds, refreshToken);
    }

    /// <summary>The user named by the principal's <c>sub</c>, or null when it is gone.</summary>
    public async Task<AppUser?> CurrentUserAsync(ClaimsPrincipal principal)
    {
        var sub = principal.FindFirstValue("sub") ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return sub is null ? null : await users.FindByIdAsync(sub);
    }
}
