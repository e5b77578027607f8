using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Platform.Identity;
using Platform.Identity.Data;

namespace NovaTech.Web.Merchant;

/// <summary>A staff member and their roles.</summary>
public sealed record StaffRow(Guid Id, string Email, string? Name, IReadOnlyList<string> Roles, bool MfaEnabled);

/// <summary>The staff list with the role form.</summary>
public sealed record StaffModel(Desk Desk, IReadOnlyList<StaffRow> Staff, Guid Me, string? Problem, string? Email, string? Role);

/// <summary>
/// Staff accounts and roles (admin only): who has merchant, support and admin, and granting or withdrawing them for an
/// existing account, through Platform.Identity's user manager (the security stamp changes, so the person's other sessions
/// pick the change up at their next check). An admin cannot withdraw their own admin role, so the shop always keeps one.
/// </summary>
internal static class MerchantUserPages
{
    private static readonly string[] StaffRoles = [NovaTechRoles.Merchant, NovaTechRoles.Support, NovaTechRoles.Admin];

    public static void MapMerchantUserPages(this IEndpointRouteBuilder app)
    {
        var admins = app.MapGroup("/merchant/users").RequireAuthorization(PlatformPolicies.Role(NovaTechRoles.Admin)).ExcludeFromDescription();
        admins.MapGet("", ListAsync);
        admins.MapPost("roles", GrantAsync);
        admins.MapPost("{id:guid}/roles/{role}/remove", WithdrawAsync);
    }

    private static Task<IResult> ListAsync(HttpContext http, MerchantContext merchant, UserManager<AppUser> users) =>
        PageAsync(http, merchant, users, null, null, null, StatusCodes.Status200OK);

    private static async Task<IResult> PageAsync(HttpContext http, MerchantContext merchant, UserManager<AppUser> users, string? problem, string? email, string? role, int status)
    {
        var byId = new Dictionary<Guid, (AppUser User, List<string> Roles)>();
        foreach (var staffRole in StaffRoles)
        {
            foreach (var user in await users.GetUsersInRoleAsync(staffRole))
            {
                if (!byId.TryGetValue(user.Id, out var entry))
                {
                    byId[user.Id] = entry = (user, []);
                }

                entry.Roles.Add(staffRole);
            }
        }

        var rows = byId.Values.OrderBy(e => e.User.Email, StringComparer.OrdinalIgnoreCase)
            .Select(e => new StaffRow(e.User.Id, e.User.Email ?? "", e.User.Name, e.Roles, e.User.TwoFactorEnabled)).ToList();
        var me = Guid.TryParse(http.User.FindFirstValue("sub"), out var id) ? id : Guid.Empty;
        return Pages.Render<UsersPage>(new StaffModel(merchant.Desk(http, "users"), rows, me, problem, email, role), status);
    }

    private static async Task<IResult> GrantAsync([FromForm] string? email, [FromForm] string? role, HttpContext http, MerchantContext merchant, UserManager<AppUser> users)
    {
        if (string.IsNullOrWhiteSpace(email) || !StaffRoles.Contains(role))
        {
            return await PageAsync(http, merchant, users, "Enter the e-mail address of an existing account and choose a role.", email, role, StatusCodes.Status422UnprocessableEntity);
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return await PageAsync(http, merchant, users, $"There is no account for {email.Trim()}. The person registers first (or an admin creates it), then gets a role here.",
                email, role, StatusCodes.Status422UnprocessableEntity);
        }

        if (!await users.IsInRoleAsync(user, role!))
        {
            var added = await users.AddToRoleAsync(user, role!);
            if (!added.Succeeded && !added.Errors.Any(e => e.Code == "UserAlreadyInRole"))
            {
                return await PageAsync(http, merchant, users, string.Join(" ", added.Errors.Select(e => e.Description)), email, role, StatusCodes.Status409Conflict);
            }

            await users.UpdateSecurityStampAsync(user);
        }

        MerchantContext.SetFlash(http, new Flash(true, $"{user.Email} now has the {role} role. Staff must set up an authenticator app at their next sign-in."));
        return Pages.SeeOther("/merchant/users");
    }

    private static async Task<IResult> WithdrawAsync(Guid id, string role, HttpContext http, MerchantContext merchant, UserManager<AppUser> users)
    {
        var me = Guid.TryParse(http.User.FindFirstValue("sub"), out var mine) ? mine : Guid.Empty;
        if (!StaffRoles.Contains(role) || await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return await PageAsync(http, merchant, users, "There is no such staff member or role.", null, null, StatusCodes.Status404NotFound);
        }

        if (id == me && role == NovaTechRoles.Admin)
        {
            return await PageAsync(http, merchant, users, "You cannot withdraw your own admin role; ask another admin.", null, null, StatusCodes.Status409Conflict);
        }

        if (await users.IsInRoleAsync(user, role))
        {
            await users.RemoveFromRoleAsync(user, role);
            await users.UpdateSecurityStampAsync(user);
        }

        MerchantContext.SetFlash(http, new Flash(true, $"{user.Email} no longer has the {role} role."));
        return Pages.SeeOther("/merchant/users");
    }
}
