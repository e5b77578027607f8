using Microsoft.AspNetCore.Mvc;
using Nots.Bookings.Features.Site;
using Platform.Identity;
using Platform.Identity.Browser;
using Platform.Identity.PersonalData;
using Platform.Web;

namespace Nots.Web.Site.Account;

/// <summary>
/// The customer account at <c>/account</c>: register, sign in (with an authenticator code when the account has one), optional
/// authenticator set-up, sign out, booking history, data export and erasure. The sign-in rules are Platform.Identity's
/// (<see cref="IBrowserAccounts"/>, as NovaTech's storefront uses them); bookings come from the bookings module's
/// <see cref="ISiteBookings"/> (the query of <c>GET /v1/bookings</c>); export and erasure are <see cref="IPersonalDataRights"/>.
/// Forms post with antiforgery and answer 303 (post/redirect/get) or re-render with messages (422, 423 when locked).
/// </summary>
internal static class AccountPages
{
    public const string Home = "/account";
    public const string SignInPath = "/account/sign-in";
    private const int RecentCount = 5;
    private const int PageSize = 20;

    public static IServiceCollection AddAccountPages(this IServiceCollection services)
    {
        // Pages that need a signed-in user send browsers here (with ?ReturnUrl=).
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = SignInPath;
            options.AccessDeniedPath = SignInPath;
        });
        return services;
    }

    public static void MapAccountPages(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(Home).AllowAnonymous().ExcludeFromDescription();
        open.MapGet("", OverviewAsync);
        open.MapGet("sign-in", SignInForm);
        open.MapPost("sign-in", SignInAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("register", RegisterForm);
        open.MapPost("register", RegisterAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("sign-in/code", CodeFormAsync);
        open.MapPost("sign-in/code", CodeAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("mfa", MfaFormAsync);
        open.MapPost("mfa", MfaAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapPost("sign-out", SignOutAsync);

        var mine = app.MapGroup(Home).RequireAuthorization(PlatformPolicies.Authenticated).ExcludeFromDescription();
        mine.MapGet("bookings", BookingsAsync);
        mine.MapGet("data", ExportAsync);
        mine.MapPost("erasure", EraseAsync);
    }

    // ---- Sign in, register, second step, enrolment, sign out ----

    private static IResult SignInForm(string? returnUrl, HttpContext http, SiteContext site) =>
        http.User.Identity?.IsAuthenticated == true
            ? Pages.SeeOther(LocalOrNull(returnUrl) ?? Home)
            : Pages.Render<SignInPage>(Form(http, site, returnUrl));

    private static async Task<IResult> SignInAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, SiteContext site, IBrowserAccounts accounts)
    {
        var result = await accounts.SignInAsync(http, email, password, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        var query = back is null ? "" : "?returnUrl=" + Uri.EscapeDataString(back);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => SignedIn(http, back, "You are signed in."),
            BrowserSignInStatus.CodeRequired => Pages.SeeOther("/account/sign-in/code" + query),
            BrowserSignInStatus.EnrollmentRequired => Pages.SeeOther("/account/mfa" + query),
            _ => Pages.Render<SignInPage>(Form(http, site, back, result.Errors, ("email", email)), StatusOf(result)),
        };
    }

    private static HtmlPage<RegisterPage> RegisterForm(string? returnUrl, HttpContext http, SiteContext site) =>
        Pages.Render<RegisterPage>(Form(http, site, returnUrl));

    private static async Task<IResult> RegisterAsync([FromForm] string? name, [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, SiteContext site, IBrowserAccounts accounts)
    {
        var result = await accounts.RegisterAsync(http, email, password, name, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        return result.Status == BrowserSignInStatus.SignedIn
            ? SignedIn(http, back, "Welcome to NOTS: your account is ready. Transfers you book while signed in appear here.")
            : Pages.Render<RegisterPage>(Form(http, site, back, result.Errors, ("email", email), ("name", name)), StatusOf(result));
    }

    private static async Task<IResult> CodeFormAsync(string? returnUrl, HttpContext http, SiteContext site, IBrowserAccounts accounts) =>
        await accounts.PendingCodeAsync(http) is null ? StartAgain(http) : Pages.Render<CodePage>(Form(http, site, returnUrl));

    private static async Task<IResult> CodeAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, SiteContext site, IBrowserAccounts accounts)
    {
        var result = await accounts.VerifyCodeAsync(http, code, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => SignedIn(http, back, "You are signed in."),
            BrowserSignInStatus.Expired => StartAgain(http),
            _ => Pages.Render<CodePage>(Form(http, site, back, result.Errors), StatusOf(result)),
        };
    }

    private static async Task<IResult> MfaFormAsync(string? returnUrl, HttpContext http, SiteContext site, IBrowserAccounts accounts)
    {
        var enrollment = await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        if (enrollment is null)
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                SiteContext.SetFlash(http, new Flash(true, "Your account already uses an authenticator app."));
                return Pages.SeeOther(Home);
            }

            return StartAgain(http);
        }

        return Pages.Render<MfaSetupPage>(new MfaSetupModel(site.Chrome(http), enrollment, http.User.Identity?.IsAuthenticated != true, null, LocalOrNull(returnUrl)));
    }

    private static async Task<IResult> MfaAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, SiteContext site, IBrowserAccounts accounts)
    {
        var required = http.User.Identity?.IsAuthenticated != true;
        var result = await accounts.CompleteEnrollmentAsync(http, code, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        if (result.Status == BrowserSignInStatus.SignedIn)
        {
            return SignedIn(http, back, "Your authenticator app is set up. You will be asked for a code each time you sign in.");
        }

        var enrollment = result.Status == BrowserSignInStatus.Expired ? null : await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        if (enrollment is null)
        {
            return result.Status == BrowserSignInStatus.Expired ? StartAgain(http) : Pages.SeeOther(Home);
        }

        var error = result.Errors.GetValueOrDefault("code") ?? result.Errors.GetValueOrDefault("");
        return Pages.Render<MfaSetupPage>(new MfaSetupModel(site.Chrome(http), enrollment, required, error, back), StatusOf(result));
    }

    private static async Task<IResult> SignOutAsync([FromForm] string? returnUrl, HttpContext http, IBrowserAccounts accounts)
    {
        await accounts.SignOutAsync(http);

        // A shared computer must not keep the last booking's manage link either.
        http.Response.Cookies.Delete(SiteContext.BookingCookie, new CookieOptions { Path = "/bookings" });
        SiteContext.SetFlash(http, new Flash(true, "You are signed out."));
        return Pages.SeeOther(LocalOrNull(returnUrl) ?? "/");
    }

    private static IResult SignedIn(HttpContext http, string? back, string message)
    {
        SiteContext.SetFlash(http, new Flash(true, message));
        return Pages.SeeOther(back ?? Home);
    }

    private static IResult StartAgain(HttpContext http)
    {
        SiteContext.SetFlash(http, new Flash(false, "Your sign-in took too long or was not started. Enter your e-mail address and password again."));
        return Pages.SeeOther(SignInPath);
    }

    private static int StatusOf(BrowserSignInResult result) =>
        result.Status == BrowserSignInStatus.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status422UnprocessableEntity;

    private static AccountFormModel Form(HttpContext http, SiteContext site, string? returnUrl, IReadOnlyDictionary<string, string>? errors = null,
        params (string Field, string? Value)[] values) =>
        new(site.Chrome(http),
            values.Where(v => v.Value is not null).ToDictionary(v => v.Field, v => v.Value!.Trim(), StringComparer.Ordinal),
            errors ?? new Dictionary<string, string>(), LocalOrNull(returnUrl));

    /// <summary>Only paths on this site: a return address must never lead elsewhere.</summary>
    internal static string? LocalOrNull(string? url) =>
        url is { Length: > 0 and < 500 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.StartsWith("/account/sign", StringComparison.OrdinalIgnoreCase) ? url : null;

    // ---- Overview and bookings ----

    private static Task<IResult> OverviewAsync(HttpContext http, SiteContext site, IBrowserAccounts accounts, ISiteBookings bookings) =>
        OverviewPageAsync(http, site, accounts, bookings, null);

    private static async Task<IResult> OverviewPageAsync(HttpContext http, SiteContext site, IBrowserAccounts accounts, ISiteBookings bookings, string? erasureError)
    {
        var account = await accounts.CurrentAsync(http.User);
        if (account is null)
        {
            return Pages.SeeOther(SignInPath);
        }

        var recent = await bookings.ListMineAsync(null, RecentCount, http);
        return Pages.Render<AccountPage>(new AccountOverviewModel(site.Chrome(http), account, recent.Items, recent.NextCursor is not null, erasureError),
            erasureError is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> BookingsAsync(string? cursor, HttpContext http, SiteContext site, ISiteBookings bookings)
    {
        try
        {
            var page = await bookings.ListMineAsync(cursor, PageSize, http);
            return Pages.Render<BookingsPage>(new BookingHistoryModel(site.Chrome(http, withForm: false), page.Items, page.NextCursor, string.IsNullOrEmpty(cursor)));
        }
        catch (DomainException)
        {
            // A cursor someone edited: start from the first page.
            return Pages.SeeOther("/account/bookings");
        }
    }

    // ---- Your data ----

    private static async Task<IResult> ExportAsync(HttpContext http, IPersonalDataRights dataRights)
    {
        if (await dataRights.ExportAsync(http.User, http.RequestAborted) is not { } export)
        {
            return Pages.SeeOther(SignInPath);
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(export.Content, export.ContentType, export.FileName);
    }

    private static async Task<IResult> EraseAsync([FromForm] string? confirm, HttpContext http, SiteContext site, IBrowserAccounts accounts, ISiteBookings bookings,
        IPersonalDataRights dataRights)
    {
        if (confirm != "yes")
        {
            return await OverviewPageAsync(http, site, accounts, bookings, "Tick the box to confirm that you want your account deleted.");
        }

        var result = await dataRights.RequestErasureAsync(http.User, http.RequestAborted);
        if (result is null)
        {
            return Pages.SeeOther(SignInPath);
        }

        if (!result.Accepted)
        {
            return await OverviewPageAsync(http, site, accounts, bookings, "We cannot delete your account yet: " + string.Join(" ", result.Reasons));
        }

        await accounts.SignOutAsync(http);
        SiteContext.SetFlash(http, new Flash(true, "Your account has been deleted. Records the law makes us keep (such as receipts) are kept without your personal details."));
        return Pages.SeeOther("/");
    }
}
