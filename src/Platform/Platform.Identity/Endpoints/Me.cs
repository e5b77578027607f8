using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Platform.Identity.Authentication;
using Platform.Identity.Data;

namespace Platform.Identity.Endpoints;

internal sealed record MeResponse(Guid Id, string Email, string? Name, IReadOnlyList<string> Roles, bool MfaEnabled);

/// <summary><c>GET auth/me</c>: who the caller is.</summary>
internal static class Me
{
    public static void Map(RouteGroupBuilder auth) =>
        auth.MapGet("me", HandleAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("Me");

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> HandleAsync(ClaimsPrincipal principal, UserManager<AppUser> users, TokenPairs pairs)
    {
        var user = await pairs.CurrentUserAsync(principal);
        if (user is null)
        {
            return AuthProblems.Unauthorized();
        }

        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email ?? "", user.Name, roles.Order(StringComparer.Ordinal).ToList(), user.TwoFactorEnabled));
    }
}
