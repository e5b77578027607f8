using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nots.Web.Site;
using Platform.Identity;
using Platform.Identity.Browser;
using Platform.Web;

namespace Nots.Web.Admin;

/// <summary>
/// Staff sign-in for the dashboard: password, then the authenticator code (or, the first time, setting up the app —
/// staff must use MFA while <c>Identity:RequireStaffMfa</c> is on). The rules are Platform.Identity's
/// <see cref="IBrowserAccounts"/>, as on the customer site's account pages; an account without a staff role is signed
/// out again with a message.
/// </summary>
internal static class StaffSignIn
{
    public const string Path = AdminSetup.Root + "/sign-in";

    public static void Map(RouteGroupBuilder open)
    {
        open.MapGet("sign-in", FormAsync);
        open.MapPost("sign-in", SignInAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("sign-in/code", CodeFormAsync);
        open.MapPost("sign-in/code", CodeAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("sign-in/mfa", MfaFormAsync);
        open.MapPost("sign-in/mfa", MfaAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapPost("sign-out", SignOutAsync);
    }

    private static async Task<IResult> FormAsync(string? returnUrl, HttpContext http, AdminContext admin, IAuthorizationService authorization) =>
        (await authorization.AuthorizeAsync(http.User, PlatformPolicies.Staff)).Succeeded
            ? Pages.SeeOther(Local(returnUrl) ?? AdminSetup.Root)
            : Pages.Render<StaffSignInPage>(new StaffSignInModel(await admin.FrameAsync(http, withUser: false), null, NoErrors, Local(returnUrl)));

    private static async Task<IResult> SignInAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, AdminContext admin, IBrowserAccounts accounts, IAuthorizationService authorization)
    {
        var result = await accounts.SignInAsync(http, email, password, http.RequestAborted);
        var back = Local(returnUrl);
        var query = back is null ? "" : "?returnUrl=" + Uri.EscapeDataString(back);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => await SignedInAsync(http, result, back, accounts, authorization),
            BrowserSignInStatus.CodeRequired => Pages.SeeOther(Path + "/code" + query),
            BrowserSignInStatus.EnrollmentRequired => Pages.SeeOther(Path + "/mfa" + query),
            _ => Pages.Render<StaffSignInPage>(new StaffSignInModel(await admin.FrameAsync(http, withUser: false), email?.Trim(), result.Errors, back), StatusOf(result)),
        };
    }

    private static async Task<IResult> CodeFormAsync(string? returnUrl, HttpContext http, AdminContext admin, IBrowserAccounts accounts) =>
        await accounts.PendingCodeAsync(http) is null
            ? StartAgain(http)
            : Pages.Render<StaffCodePage>(new StaffSignInModel(await admin.FrameAsync(http, withUser: false), null, NoErrors, Local(returnUrl)));

    private static async Task<IResult> CodeAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, AdminContext admin, IBrowserAccounts accounts,
        IAuthorizationService authorization)
    {
        var result = await accounts.VerifyCodeAsync(http, code, http.RequestAborted);
        var back = Local(returnUrl);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => await SignedInAsync(http, result, back, accounts, authorization),
            BrowserSignInStatus.Expired => StartAgain(http),
            _ => Pages.Render<StaffCodePage>(new StaffSignInModel(await admin.FrameAsync(http, withUser: false), null, result.Errors, back), StatusOf(result)),
        };
    }

    private static async Task<IResult> MfaFormAsync(string? returnUrl, HttpContext http, AdminContext admin, IBrowserAccounts accounts)
    {
        var enrollment = await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        return enrollment is null
            ? StartAgain(http)
            : Pages.Render<StaffMfaPage>(new StaffMfaModel(await admin.FrameAsync(http, withUser: false), enrollment, null, Local(returnUrl)));
    }

    private static async Task<IResult> MfaAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, AdminContext admin, IBrowserAccounts accounts,
        IAuthorizationService authorization)
    {
        var result = await accounts.CompleteEnrollmentAsync(http, code, http.RequestAborted);
        var back = Local(returnUrl);
        if (result.Status == BrowserSignInStatus.SignedIn)
        {
            return await SignedInAsync(http, result, back, accounts, authorization);
        }

        var enrollment = result.Status == BrowserSignInStatus.Expired ? null : await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        if (enrollment is null)
        {
            return StartAgain(http);
        }

        var error = result.Errors.GetValueOrDefault("code") ?? result.Errors.GetValueOrDefault("") ?? "Enter the 6-digit code the app shows.";
        return Pages.Render<StaffMfaPage>(new StaffMfaModel(await admin.FrameAsync(http, withUser: false), enrollment, error, back), StatusOf(result));
    }

    private static async Task<IResult> SignOutAsync([FromForm] string? returnUrl, HttpContext http, IBrowserAccounts accounts)
    {
        await accounts.SignOutAsync(http);
        SiteContext.SetFlash(http, new Flash(true, "You are signed out."));
        return Pages.SeeOther(Path);
    }

    private static async Task<IResult> SignedInAsync(HttpContext http, BrowserSignInResult result, string? back, IBrowserAccounts accounts, IAuthorizationService authorization)
    {
        if (result.Principal is null || !(await authorization.AuthorizeAsync(result.Principal, PlatformPolicies.Staff)).Succeeded)
        {
            // A customer or driver account: this sign-in is for the office only.
            await accounts.SignOutAsync(http);
            SiteContext.SetFlash(http, new Flash(false, "That account is not a NOTS staff account. Customers sign in on the website; drivers in the driver app."));
            return Pages.SeeOther(Path);
        }

        SiteContext.SetFlash(http, new Flash(true, "You are signed in."));
        return Pages.SeeOther(back ?? AdminSetup.Root);
    }

    private static IResult StartAgain(HttpContext http)
    {
        SiteContext.SetFlash(http, new Flash(false, "Your sign-in took too long or was not started. Enter your e-mail address and password again."));
        return Pages.SeeOther(Path);
    }

    private static int StatusOf(BrowserSignInResult result) =>
        result.Status == BrowserSignInStatus.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status422UnprocessableEntity;

    /// <summary>Only dashboard paths: a return address must never lead elsewhere.</summary>
    internal static string? Local(string? url) =>
        url is { Length: > 0 and < 500 } && FlashMessages.IsLocal(url) && url.StartsWith(AdminSetup.Root, StringComparison.OrdinalIgnoreCase)
            && !url.StartsWith(Path, StringComparison.OrdinalIgnoreCase) ? url : null;

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();
}
