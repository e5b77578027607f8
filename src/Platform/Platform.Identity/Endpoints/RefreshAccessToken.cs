using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Platform.Identity.Authentication;
using Platform.Identity.Data;
using Platform.Identity.Tokens;

namespace Platform.Identity.Endpoints;

internal sealed record RefreshRequest(string? RefreshToken);

/// <summary><c>POST auth/refresh</c>: trades a refresh token for a new pair; the old one stops working.</summary>
internal static class RefreshAccessToken
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("refresh", HandleAsync).AllowAnonymous().WithName("RefreshToken");

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RefreshRequest request,
        RefreshTokenService refreshTokens,
        UserManager<AppUser> users,
        LockoutGuard lockout,
        TokenPairs pairs,
        IdentitySettings settings,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > 200)
        {
            return AuthProblems.Validation(new() { ["refreshToken"] = ["A refresh token is required."] });
        }

        var outcome = await refreshTokens.RotateAsync(request.RefreshToken, cancellationToken);
        if (outcome.Status == RefreshStatus.Reused)
        {
            return AuthProblems.Create(StatusCodes.Status401Unauthorized, "refresh_token_reused",
                "This refresh token was already used; every session started with it has been signed out.");
        }

        var user = outcome.Status == RefreshStatus.Rotated ? await users.FindByIdAsync(outcome.UserId.ToString()) : null;
        if (user is null || lockout.IsLockedOut(user))
        {
            return AuthProblems.Create(StatusCodes.Status401Unauthorized, "invalid_refresh_token", "The refresh token is not valid.");
        }

        // A session started before staff MFA was required may not continue without it.
        if (settings.RequireStaffMfa && outcome.AuthMethod != AuthMethods.Mfa && settings.IsStaff(await users.GetRolesAsync(user)))
        {
            return AuthProblems.Create(StatusCodes.Status401Unauthorized, "mfa_required", "Sign in again with your authenticator code.");
        }

        return TypedResults.Ok(await pairs.AccessAsync(user, outcome.AuthMethod, outcome.NewToken, cancellationToken));
    }
}
