using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Platform.Identity.Browser;
using Platform.Web;

namespace NovaTech.Web.Merchant;

/// <summary>A sign-in form of the console: what was typed (never the password), messages per field, where to go after.</summary>
public sealed record StaffFormModel(Desk Desk, string? Email, IReadOnlyDictionary<string, string> Errors, string? ReturnUrl)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public string? FormError => Errors.GetValueOrDefault("");
}

/// <summary>The authenticator set-up a staff member must finish before the console opens.</summary>
public sealed record StaffMfaModel(Desk Desk, MfaEnrollment Enrollment, string? Error, string? ReturnUrl);

/// <summary>Someone signed in without a staff role (or without MFA where it is required).</summary>
public sealed record ForbiddenModel(Desk Desk, bool SignedIn);

/// <summary>
/// Staff sign-in for <c>/merchant</c>: password, then the authenticator code (staff without one are sent to set it up while
/// <c>Identity:RequireStaffMfa</c> is on) — the same <see cref="IBrowserAccounts"/> rules as the customer account and the
/// API. A customer's password is not accepted here. Pages behind the gate send browsers to this form (cookie events below)
/// and answer 403 to signed-in people without a staff role.
/// </summary>
internal static class MerchantAuthPages
{
    public const string SignInPath = "/merchant/sign-in";

    /// <summary>The console's own sign-in page and 403 page, in front of the platform's cookie redirects for everything else.</summary>
    public static IServiceCollection AddMerchantGate(this IServiceCollection services)
    {
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            var login = options.Events.OnRedirectToLogin;
            var denied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToLogin = context =>
            {
                if (!IsConsole(context.Request))
                {
                    return login(context);
                }

                var back = HttpMethods.IsGet(context.Request.Method) ? context.Request.PathBase + context.Request.Path + context.Request.QueryString : null;
                return Pages.SeeOther(SignInPath + (LocalOrNull(back) is { } path ? "?returnUrl=" + Uri.EscapeDataString(path) : "")).ExecuteAsync(context.HttpContext);
            };
            options.Events.OnRedirectToAccessDenied = async context =>
            {
                if (!IsConsole(context.Request))
                {
                    await denied(context);
                    return;
                }

                var http = context.HttpContext;
                var desk = http.RequestServices.GetRequiredService<MerchantContext>().Desk(http, "");
                await Pages.Render<ForbiddenPage>(new ForbiddenModel(desk with { Email = null }, http.User.Identity?.IsAuthenticated == true), StatusCodes.Status403Forbidden)
                    .ExecuteAsync(http);
            };
        });
        return services;
    }

    private static bool IsConsole(HttpRequest request) => request.Path.StartsWithSegments("/merchant", StringComparison.OrdinalIgnoreCase);

    public static void MapMerchantSignIn(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/merchant").AllowAnonymous().ExcludeFromDescription();
        open.MapGet("sign-in", SignInFormAsync);
        open.MapPost("sign-in", SignInAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("sign-in/code", CodeFormAsync);
        open.MapPost("sign-in/code", CodeAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("mfa", MfaFormAsync);
        open.MapPost("mfa", MfaAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapPost("sign-out", SignOutAsync);
    }

    private static HtmlPage<StaffSignInPage> SignInFormAsync(string? returnUrl, HttpContext http, MerchantContext merchant) =>
        Pages.Render<StaffSignInPage>(new StaffFormModel(Anonymous(http, merchant), null, new Dictionary<string, string>(), LocalOrNull(returnUrl)));

    private static async Task<IResult> SignInAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, MerchantContext merchant, IBrowserAccounts accounts)
    {
        var back = LocalOrNull(returnUrl);
        var query = back is null ? "" : "?returnUrl=" + Uri.EscapeDataString(back);
        var result = await accounts.SignInAsync(http, email, password, http.RequestAborted);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => await StaffOnlyAsync(http, merchant, accounts, result, back, email),
            BrowserSignInStatus.CodeRequired => Pages.SeeOther("/merchant/sign-in/code" + query),
            BrowserSignInStatus.EnrollmentRequired => Pages.SeeOther("/merchant/mfa" + query),
            _ => Pages.Render<StaffSignInPage>(new StaffFormModel(Anonymous(http, merchant), email?.Trim(), result.Errors, back), StatusOf(result)),
        };
    }

    private static async Task<IResult> CodeFormAsync(string? returnUrl, HttpContext http, MerchantContext merchant, IBrowserAccounts accounts) =>
        await accounts.PendingCodeAsync(http) is null
            ? StartAgain(http)
            : Pages.Render<StaffCodePage>(new StaffFormModel(Anonymous(http, merchant), null, new Dictionary<string, string>(), LocalOrNull(returnUrl)));

    private static async Task<IResult> CodeAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, MerchantContext merchant, IBrowserAccounts accounts)
    {
        var back = LocalOrNull(returnUrl);
        var result = await accounts.VerifyCodeAsync(http, code, http.RequestAborted);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => await StaffOnlyAsync(http, merchant, accounts, result, back, null),
            BrowserSignInStatus.Expired => StartAgain(http),
            _ => Pages.Render<StaffCodePage>(new StaffFormModel(Anonymous(http, merchant), null, result.Errors, back), StatusOf(result)),
        };
    }

    private static async Task<IResult> MfaFormAsync(string? returnUrl, HttpContext http, MerchantContext merchant, IBrowserAccounts accounts)
    {
        var enrollment = await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        return enrollment is null
            ? (http.User.Identity?.IsAuthenticated == true ? Pages.SeeOther("/merchant") : StartAgain(http))
            : Pages.Render<StaffMfaPage>(new StaffMfaModel(Anonymous(http, merchant), enrollment, null, LocalOrNull(returnUrl)));
    }

    private static async Task<IResult> MfaAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, MerchantContext merchant, IBrowserAccounts accounts)
    {
        var back = LocalOrNull(returnUrl);
        var result = await accounts.CompleteEnrollmentAsync(http, code, http.RequestAborted);
        if (result.Status == BrowserSignInStatus.SignedIn)
        {
            return await StaffOnlyAsync(http, merchant, accounts, result, back, null);
        }

        var enrollment = result.Status == BrowserSignInStatus.Expired ? null : await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        if (enrollment is null)
        {
            return StartAgain(http);
        }

        var error = result.Errors.GetValueOrDefault("code") ?? result.Errors.GetValueOrDefault("");
        return Pages.Render<StaffMfaPage>(new StaffMfaModel(Anonymous(http, merchant), enrollment, error, back), StatusOf(result));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IBrowserAccounts accounts)
    {
        await accounts.SignOutAsync(http);
        MerchantContext.SetFlash(http, new Flash(true, "You are signed out."));
        return Pages.SeeOther(SignInPath);
    }

    /// <summary>A customer's password opens the shop, not the console: sign them straight out again.</summary>
    private static async Task<IResult> StaffOnlyAsync(HttpContext http, MerchantContext merchant, IBrowserAccounts accounts, BrowserSignInResult result, string? back, string? email)
    {
        var principal = result.Principal!;
        if (!(principal.IsInRole(NovaTechRoles.Merchant) || principal.IsInRole(NovaTechRoles.Support) || principal.IsInRole(NovaTechRoles.Admin)))
        {
            await accounts.SignOutAsync(http);
            var errors = new Dictionary<string, string> { [""] = "This sign-in is for NovaTech staff. Customers sign in to their account at /account." };
            return Pages.Render<StaffSignInPage>(new StaffFormModel(Anonymous(http, merchant), email?.Trim(), errors, back), StatusCodes.Status403Forbidden);
        }

        MerchantContext.SetFlash(http, new Flash(true, "You are signed in."));
        return Pages.SeeOther(back ?? "/merchant");
    }

    private static Desk Anonymous(HttpContext http, MerchantContext merchant) => merchant.Desk(http, "") with { Email = null };

    private static IResult StartAgain(HttpContext http)
    {
        MerchantContext.SetFlash(http, new Flash(false, "Your sign-in took too long or was not started. Enter your e-mail address and password again."));
        return Pages.SeeOther(SignInPath);
    }

    private static int StatusOf(BrowserSignInResult result) =>
        result.Status == BrowserSignInStatus.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status422UnprocessableEntity;

    /// <summary>Only console pages: a return address never leads off the console (nor back to its sign-in).</summary>
    internal static string? LocalOrNull(string? url) =>
        url is { Length: > 0 and < 500 } && url.StartsWith("/merchant", StringComparison.OrdinalIgnoreCase) && FlashMessages.IsLocal(url)
            && !url.StartsWith("/merchant/sign", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("/merchant/mfa", StringComparison.OrdinalIgnoreCase) ? url : null;
}
