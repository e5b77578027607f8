using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Platform.Identity.Authentication;
using Platform.Identity.Data;

namespace Platform.Identity.Endpoints;

internal sealed record MfaSetupResponse(string Secret, string OtpauthUri);

internal sealed record MfaVerifyRequest(string? Code);

/// <summary>
/// <c>POST auth/mfa/setup</c> and <c>POST auth/mfa/verify</c>: enrol an authenticator app (TOTP, RFC 6238) with an access
/// token or the enrolment token from <c>auth/token</c>. Verifying the first code enables MFA and signs the user in with amr=mfa.
/// </summary>
internal static class Mfa
{
    public static void Map(RouteGroupBuilder auth)
    {
        auth.MapPost("mfa/setup", SetupAsync).RequireAuthorization(PlatformPolicies.MfaEnrollment).WithName("SetupMfa");
        auth.MapPost("mfa/verify", VerifyAsync).RequireAuthorization(PlatformPolicies.MfaEnrollment).WithName("VerifyMfa");
    }

    private static async Task<Results<Ok<MfaSetupResponse>, ProblemHttpResult>> SetupAsync(
        ClaimsPrincipal principal, UserManager<AppUser> users, TokenPairs pairs, IdentitySettings settings)
    {
        var user = await pairs.CurrentUserAsync(principal);
        if (user is null)
        {
            return AuthProblems.Unauthorized();
        }

        if (user.TwoFactorEnabled)
        {
            // Re-keying an enrolled account needs more than a bearer token; a future flow can ask for a current code.
            return AlreadyEnabled();
        }

        await users.ResetAuthenticatorKeyAsync(user);
        var secret = await users.GetAuthenticatorKeyAsync(user)
            ?? throw new InvalidOperationException("The authenticator key was not stored.");
        return TypedResults.Ok(new MfaSetupResponse(secret, OtpauthUri(settings, user, secret)));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        MfaVerifyRequest request, ClaimsPrincipal principal, UserManager<AppUser> users, LockoutGuard lockout, TokenPairs pairs, CancellationToken cancellationToken)
    {
        var code = Totp.Normalize(request.Code);
        if (code.Length == 0)
        {
            return AuthProblems.Validation(new() { ["code"] = ["The code from your authenticator app is required."] });
        }

        var user = await pairs.CurrentUserAsync(principal);
        if (user is null)
        {
            return AuthProblems.Unauthorized();
        }

        if (user.TwoFactorEnabled)
        {
            return AlreadyEnabled();
        }

        if (lockout.IsLockedOut(user))
        {
            return AuthProblems.LockedOut();
        }

        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            return AuthProblems.Create(StatusCodes.Status409Conflict, "mfa_not_set_up", "Call auth/mfa/setup first.");
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return await lockout.RecordFailureAsync(user, cancellationToken)
                ? AuthProblems.LockedOut()
                : AuthProblems.Create(StatusCodes.Status400BadRequest, "invalid_mfa_code", "The authenticator code is wrong.");
        }

        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            return AuthProblems.Create(StatusCodes.Status409Conflict, "concurrent_update", "The account changed meanwhile; try again.");
        }

        await lockout.ResetAsync(user, cancellationToken);
        return TypedResults.Ok(await pairs.IssueAsync(user, AuthMethods.Mfa, cancellationToken));
    }

    /// <summary>The <c>otpauth://</c> address an authenticator app reads (from the QR code or typed in).</summary>
    internal static string OtpauthUri(IdentitySettings settings, AppUser user, string secret)
    {
        var issuer = Uri.EscapeDataString(settings.Product.Product);
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.Email ?? user.Id.ToString())}?secret={secret}&issuer={issuer}&digits=6&period=30";
    }

    private static ProblemHttpResult AlreadyEnabled() =>
        AuthProblems.Create(StatusCodes.Status409Conflict, "mfa_already_enabled", "An authenticator app is already set up for this account.");
}
