using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.Authentication;
using Platform.Identity.Data;

namespace Platform.Identity.Endpoints;

internal sealed record ResetPasswordRequest(string? Email, string? Token, string? NewPassword);

/// <summary>
/// <c>POST auth/password/reset</c>: sets a new password with a token from <see cref="IAccounts.CreatePasswordResetTokenAsync"/>
/// (an invitation or a reset e-mail). Anonymous and rate limited with the rest of <c>auth/*</c>. A wrong token and an
/// unknown address get the same <c>400 invalid_token</c>. Success clears the lockout, confirms the address (the token
/// came by e-mail) and revokes the account's refresh tokens, so sessions opened with the old password end.
/// </summary>
internal static class ResetPassword
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("password/reset", HandleAsync).AllowAnonymous().WithName("ResetPassword")
            .WithSummary("Set a new password with an e-mailed token (invitation or reset)");

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HandleAsync(
        ResetPasswordRequest request,
        UserManager<AppUser> users,
        LockoutGuard lockout,
        AppIdentityDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors["email"] = ["E-mail address is required."];
        }

        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > 2000)
        {
            errors["token"] = ["The token from the e-mail is required."];
        }

        if (string.IsNullOrEmpty(request.NewPassword))
        {
            errors["newPassword"] = ["New password is required."];
        }
        else if (request.NewPassword.Length > Register.MaxPasswordLength)
        {
            errors["newPassword"] = [$"Password must be at most {Register.MaxPasswordLength} characters."];
        }

        if (errors.Count > 0)
        {
            return AuthProblems.Validation(errors);
        }

        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null)
        {
            return InvalidToken();
        }

        var result = await users.ResetPasswordAsync(user, request.Token!, request.NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken) || e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                return InvalidToken();
            }

            return AuthProblems.Validation(new Dictionary<string, string[]>
            {
                ["newPassword"] = result.Errors.Select(e => e.Description).ToArray(),
            });
        }

        // The token changed the security stamp, so it cannot be used twice.
        await lockout.ResetAsync(user, cancellationToken);
        if (!user.EmailConfirmed)
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), cancellationToken);
        }

        DateTimeOffset? now = time.GetUtcNow();
        await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult InvalidToken() =>
        AuthProblems.Create(StatusCodes.Status400BadRequest, "invalid_token", "The link is not valid or has expired. Ask for a new one.");
}
