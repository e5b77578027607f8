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
        var outcome = await ApplyAsync(request.Email, request.Token, request.NewPassword, users, lockout, db, time, cancellationToken);
        if (outcome.InvalidToken)
        {
            return InvalidToken();
        }

        return outcome.Errors.Count > 0 ? AuthProblems.Validation(outcome.Errors) : TypedResults.NoContent();
    }

    /// <summary>The outcome of a reset: field errors, or a token that does not fit (unknown address alike), or done.</summary>
    internal sealed record Outcome(bool InvalidToken, Dictionary<string, string[]> Errors)
    {
        public bool Succeeded => !InvalidToken && Errors.Count == 0;
    }

    /// <summary>
    /// Sets the password with the e-mailed token: the endpoint's and the browser pages' (<see cref="Browser.IBrowserAccounts.SetPasswordAsync"/>)
    /// shared rule.
    /// </summary>
    internal static async Task<Outcome> ApplyAsync(
        string? email,
        string? token,
        string? newPassword,
        UserManager<AppUser> users,
        LockoutGuard lockout,
        AppIdentityDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(email))
        {
            errors["email"] = ["E-mail address is required."];
        }

        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            errors["token"] = ["The token from the e-mail is required."];
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            errors["newPassword"] = ["New password is required."];
        }
        else if (newPassword.Length > Register.MaxPasswordLength)
        {
            errors["newPassword"] = [$"Password must be at most {Register.MaxPasswordLength} characters."];
        }

        if (errors.Count > 0)
        {
            return new Outcome(false, errors);
        }

        var user = await users.FindByEmailAsync(email!.Trim());
        if (user is null)
        {
            return new Outcome(true, errors);
        }

        var result = await users.ResetPasswordAsync(user, token!, newPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken) || e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                return new Outcome(true, errors);
            }

            errors["newPassword"] = result.Errors.Select(e => e.Description).ToArray();
            return new Outcome(false, errors);
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
        return new Outcome(false, errors);
    }

    private static ProblemHttpResult InvalidToken() =>
        AuthProblems.Create(StatusCodes.Status400BadRequest, "invalid_token", "The link is not valid or has expired. Ask for a new one.");
}
