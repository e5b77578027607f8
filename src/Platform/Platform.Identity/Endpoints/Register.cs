using System.Net.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.Authentication;
using Platform.Identity.Data;

namespace Platform.Identity.Endpoints;

internal sealed record RegisterRequest(string? Email, string? Password, string? Name);

internal sealed record RegisterResponse(Guid Id, string Email);

/// <summary><c>POST auth/register</c>: self-service sign-up; the account gets the customer role only.</summary>
internal static class Register
{
    public const int MaxPasswordLength = 128;

    public static void Map(RouteGroupBuilder auth) =>
        auth.MapPost("register", HandleAsync).AllowAnonymous().WithName("Register");

    private static async Task<Results<Created<RegisterResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RegisterRequest request,
        UserManager<AppUser> users,
        AccountFactory accounts,
        IdentitySettings settings,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return AuthProblems.Validation(errors);
        }

        var result = await accounts.CreateAsync(request.Email!.Trim(), request.Password!, request.Name?.Trim(), settings.Product.CustomerRole, cancellationToken);
        return result switch
        {
            { Created: { } user } => TypedResults.Created((string?)null, new RegisterResponse(user.Id, user.Email!)),
            { Duplicate: true } => AuthProblems.Create(StatusCodes.Status409Conflict, "email_taken", "An account with this e-mail address already exists."),
            _ => AuthProblems.Validation(result.Errors!),
        };
    }

    internal static Dictionary<string, string[]> Validate(RegisterRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            errors["email"] = ["E-mail address is required."];
        }
        else if (email.Length > 256 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors["email"] = ["E-mail address is not valid."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Password is required."];
        }
        else if (request.Password.Length > MaxPasswordLength)
        {
            errors["password"] = [$"Password must be at most {MaxPasswordLength} characters."];
        }

        if (request.Name is { Length: > 200 })
        {
            errors["name"] = ["Name must be at most 200 characters."];
        }

        return errors;
    }
}

internal sealed record CreateAccountResult(AppUser? Created, bool Duplicate, Dictionary<string, string[]>? Errors);

/// <summary>Creates a user and its role membership in one SaveChanges, so a failure leaves no user without a role.</summary>
internal sealed class AccountFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, AppIdentityDbContext db, TimeProvider time)
{
    public async Task<CreateAccountResult> CreateAsync(string email, string password, string? name, string role, CancellationToken cancellationToken)
    {
        var roleRow = await roles.FindByNameAsync(role)
            ?? throw new InvalidOperationException($"Role '{role}' does not exist: call BootstrapIdentityAsync at start-up.");
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            Name = string.IsNullOrEmpty(name) ? null : name,
            CreatedAt = time.GetUtcNow(),
        };

        // Tracked now, saved by CreateAsync's SaveChanges together with the user.
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleRow.Id });
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another registration of the same address (unique normalized_user_name).
            db.ChangeTracker.Clear();
            return new CreateAccountResult(null, true, null);
        }

        if (result.Succeeded)
        {
            return new CreateAccountResult(user, false, null);
        }

        db.ChangeTracker.Clear();
        if (result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
        {
            return new CreateAccountResult(null, true, null);
        }

        var errors = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return new CreateAccountResult(null, false, errors);
    }
}
