using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Platform.Identity.Authentication;
using Platform.Identity.Data;
using Platform.Identity.Tokens;

namespace Platform.Identity.Endpoints;

internal sealed record TokenRequest(string? Email, string? Password, string? MfaCode);

/// <summary>
/// <c>POST auth/token</c>: password (and TOTP code once MFA is enabled) for an access + refresh token.
/// Staff without MFA get 403 <c>mfa_enrollment_required</c> with an enrolment token while <c>Identity:RequireStaffMfa</c> is on.
/// </summary>
internal static class IssueToken
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("token", HandleAsync).AllowAnonymous().WithName("IssueToken");

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        TokenRequest request,
        UserManager<AppUser> users,
        LockoutGuard lockout,
        TokenPairs pairs,
        TokenService tokens,
        IdentitySettings settings,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors["email"] = ["E-mail address is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Password is required."];
        }
        else if (request.Password.Length > Register.MaxPasswordLength)
        {
            // Never a valid password; refuse before hashing a huge string.
            return AuthProblems.InvalidCredentials();
        }

        if (errors.Count > 0)
        {
            return AuthProblems.Validation(errors);
        }

        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null)
        {
            // Spend the same hashing time as for a real account so response times do not reveal which addresses exist.
            users.PasswordHasher.HashPassword(new AppUser(), request.Password!);
            return AuthProblems.InvalidCredentials();
        }

        if (lockout.IsLockedOut(user))
        {
            return AuthProblems.LockedOut();
        }

        if (!await users.CheckPasswordAsync(user, request.Password!))
        {
            return await lockout.RecordFailureAsync(user, cancellationToken) ? AuthProblems.LockedOut() : AuthProblems.InvalidCredentials();
        }

        if (user.TwoFactorEnabled)
        {
            var code = Totp.Normalize(request.MfaCode);
            if (code.Length == 0)
            {
                return AuthProblems.Create(StatusCodes.Status401Unauthorized, "mfa_required", "A code from your authenticator app is required.");
            }

            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                return await lockout.RecordFailureAsync(user, cancellationToken)
                    ? AuthProblems.LockedOut()
                    : AuthProblems.Create(StatusCodes.Status401Unauthorized, "invalid_mfa_code", "The authenticator code is wrong.");
            }

            await lockout.ResetAsync(user, cancellationToken);
            return TypedResults.Ok(await pairs.IssueAsync(user, AuthMethods.Mfa, cancellationToken));
        }

        await lockout.ResetAsync(user, cancellationToken);
        if (settings.RequireStaffMfa && settings.IsStaff(await users.GetRolesAsync(user)))
        {
            var enrollment = await tokens.CreateEnrollmentTokenAsync(user, cancellationToken);
            return AuthProblems.Create(StatusCodes.Status403Forbidden, "mfa_enrollment_required",
                "Staff accounts must set up an authenticator app before signing in.",
                "Call auth/mfa/setup and auth/mfa/verify with the enrollmentToken as bearer token.",
                [new("enrollmentToken", enrollment), new("expiresIn", (int)settings.EnrollmentTokenLifetime.TotalSeconds)]);
        }

        return TypedResults.Ok(await pairs.IssueAsync(user, AuthMethods.Password, cancellationToken));
    }
}

internal static class Totp
{
    /// <summary>Authenticator apps show codes as "123 456"; accept that.</summary>
    public static string Normalize(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
}
