using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nots.Bookings.Features.Site;
using Nots.Contracts.Dispatch;
using Nots.Dispatch.Features.DriverApp;
using Nots.Fleet.Features.Drivers;
using Nots.Web.Site;
using Platform.Identity;
using Platform.Identity.Browser;
using Platform.Web;

namespace Nots.Web.Driver;

/// <summary>
/// The driver app at <c>/driver</c>: an installable, mobile-first PWA of server-rendered pages. Sign in (and set a password
/// from the fleet's invitation link), go on and off duty, answer offers, work a job through its status buttons, show the
/// passenger's name board, post the position while on a job, and keep the licensing documents up to date. Every action
/// runs the modules' own code: dispatch's <see cref="IDriverJobs"/>, the fleet's <see cref="IDriverPortal"/>, the
/// bookings module's <see cref="IDriverBriefings"/> and Platform.Identity's <see cref="IBrowserAccounts"/>. Forms post with
/// antiforgery and answer 303 (post/redirect/get); the page script adds live offers (dispatch's SSE feed), an offline queue
/// for status taps (each with an Idempotency-Key and the status it was made from) and position posting.
/// </summary>
internal static class DriverPages
{
    public const string Home = "/driver/";
    public const string SignInPath = "/driver/sign-in";
    private const string DriverRole = "driver";
    private static readonly string[] UploadFields = ["documentType", "issuedOn", "expiresOn"];

    public static IServiceCollection AddDriverApp(this IServiceCollection services)
    {
        // Driver pages send signed-out browsers to the driver sign-in (the customer site's stays the default).
        services.ConfigureApplicationCookie(options =>
        {
            var toLogin = options.Events.OnRedirectToLogin;
            var toDenied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToLogin = context => IsDriverPage(context.Request)
                ? Redirect(context, SignInPath + "?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString))
                : toLogin(context);
            options.Events.OnRedirectToAccessDenied = context => IsDriverPage(context.Request)
                ? Redirect(context, SignInPath + "?denied=1")
                : toDenied(context);
        });
        return services;
    }

    private static bool IsDriverPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/driver", StringComparison.OrdinalIgnoreCase);

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, string to)
    {
        context.Response.Redirect(to);
        return Task.CompletedTask;
    }

    public static void MapDriverApp(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/driver").AllowAnonymous().ExcludeFromDescription();
        open.MapGet("sign-in", SignInForm);
        open.MapPost("sign-in", SignInAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("set-password", SetPasswordForm);
        open.MapPost("set-password", SetPasswordAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapPost("sign-out", SignOutAsync);

        var mine = app.MapGroup("/driver").RequireAuthorization(PlatformPolicies.Role(DriverRole)).ExcludeFromDescription();
        mine.MapGet("", HomeAsync);
        mine.MapPost("duty", DutyAsync);
        mine.MapGet("jobs/{id:guid}", JobAsync);
        mine.MapPost("jobs/{id:guid}/tap", TapAsync);
        mine.MapGet("jobs/{id:guid}/board", BoardAsync);
        mine.MapPost("position", PositionAsync);
        mine.MapGet("documents", DocumentsAsync);
        mine.MapPost("documents", UploadAsync).WithRequestBodyLimit(IDriverPortal.MaxUploadBytes + (64 * 1024));
    }

    // ---- Sign in, set password, sign out ----

    private static async Task<IResult> SignInForm(string? returnUrl, string? denied, HttpContext http, SiteContext site, IAuthorizationService authorization)
    {
        if (denied is null && (await authorization.AuthorizeAsync(http.User, PlatformPolicies.Role(DriverRole))).Succeeded)
        {
            return Pages.SeeOther(LocalOrNull(returnUrl) ?? Home);
        }

        var errors = denied is null ? null : new Dictionary<string, string> { [""] = "This account is not a driver's. Sign in with the account the office invited you with." };
        return Pages.Render<DriverSignInPage>(Form(http, site, returnUrl, errors));
    }

    private static async Task<IResult> SignInAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, SiteContext site, IBrowserAccounts accounts)
    {
        var result = await accounts.SignInAsync(http, email, password, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => SignedIn(http, back, "You are signed in."),
            BrowserSignInStatus.CodeRequired or BrowserSignInStatus.EnrollmentRequired =>
                // Drivers sign in with a password; an account with an authenticator finishes on the account pages.
                Pages.SeeOther((result.Status == BrowserSignInStatus.CodeRequired ? "/account/sign-in/code" : "/account/mfa") + "?returnUrl=" + Uri.EscapeDataString(back ?? Home)),
            _ => Pages.Render<DriverSignInPage>(Form(http, site, back, result.Errors, ("email", email)), StatusOf(result)),
        };
    }

    private static HtmlPage<SetPasswordPage> SetPasswordForm(string? email, string? token, HttpContext http, SiteContext site) =>
        Pages.Render<SetPasswordPage>(Form(http, site, null, null, ("email", email), ("token", token)));

    private static async Task<IResult> SetPasswordAsync([FromForm] string? email, [FromForm] string? token, [FromForm] string? password,
        [FromForm] string? confirm, HttpContext http, SiteContext site, IBrowserAccounts accounts)
    {
        if (!string.IsNullOrEmpty(password) && password != confirm)
        {
            return Pages.Render<SetPasswordPage>(Form(http, site, null, new Dictionary<string, string> { ["confirm"] = "The two passwords are not the same." },
                ("email", email), ("token", token)), StatusCodes.Status422UnprocessableEntity);
        }

        var result = await accounts.SetPasswordAsync(http, email, token, password, http.RequestAborted);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => SignedIn(http, Home, "Your password is set and you are signed in. Add this app to your home screen."),
            BrowserSignInStatus.CodeRequired => Pages.SeeOther("/account/sign-in/code?returnUrl=" + Uri.EscapeDataString(Home)),
            BrowserSignInStatus.EnrollmentRequired => Pages.SeeOther("/account/mfa?returnUrl=" + Uri.EscapeDataString(Home)),
            _ => Pages.Render<SetPasswordPage>(Form(http, site, null, result.Errors, ("email", email), ("token", token)), StatusOf(result)),
        };
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IBrowserAccounts accounts)
    {
        await accounts.SignOutAsync(http);
        SiteContext.SetFlash(http, new Flash(true, "You are signed out."));
        return Pages.SeeOther(SignInPath);
    }

    private static IResult SignedIn(HttpContext http, string? back, string message)
    {
        SiteContext.SetFlash(http, new Flash(true, message));
        return Pages.SeeOther(back ?? Home);
    }

    private static int StatusOf(BrowserSignInResult result) =>
        result.Status == BrowserSignInStatus.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status422UnprocessableEntity;

    private static DriverFormModel Form(HttpContext http, SiteContext site, string? returnUrl, IReadOnlyDictionary<string, string>? errors,
        params (string Field, string? Value)[] values) =>
        new(site.Chrome(http),
            values.Where(v => v.Value is not null).ToDictionary(v => v.Field, v => v.Value!.Trim(), StringComparer.Ordinal),
            errors ?? new Dictionary<string, string>(), LocalOrNull(returnUrl));

    /// <summary>Only driver-app paths: a return address must never lead elsewhere.</summary>
    internal static string? LocalOrNull(string? url) =>
        url is { Length: > 0 and < 500 } && url.StartsWith("/driver", StringComparison.OrdinalIgnoreCase) && FlashMessages.IsLocal(url)
            && !url.StartsWith("/driver/sign-", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("/driver/set-", StringComparison.OrdinalIgnoreCase)
            ? url
            : null;

    // ---- Home, duty ----

    private static async Task<IResult> HomeAsync(HttpContext http, SiteContext site, IDriverPortal portal, IDriverJobs jobs, TimeProvider time)
    {
        if (await portal.MeAsync(http) is not { } driver || await jobs.ListMineAsync(http) is not { } mine)
        {
            return NotADriver(http);
        }

        var now = time.GetUtcNow();
        var today = DriverText.LocalDate(now);
        var offers = mine.Items.Where(j => j.Status == JobStatuses.Offered).ToList();
        var rest = mine.Items.Where(j => j.Status != JobStatuses.Offered).ToList();
        return Pages.Render<DriverHomePage>(new DriverHomeModel(site.Chrome(http), driver, offers,
            rest.Where(j => DriverText.LocalDate(j.PickupAt) == today).ToList(),
            rest.Where(j => DriverText.LocalDate(j.PickupAt) > today).ToList(), now));
    }

    private static async Task<IResult> DutyAsync([FromForm] string? onDuty, HttpContext http, IDriverPortal portal)
    {
        try
        {
            var driver = await portal.SetDutyAsync(onDuty == "true", http);
            SiteContext.SetFlash(http, new Flash(true, driver.OnDuty ? "You are on duty: offers will come to this screen." : "You are off duty."));
        }
        catch (DomainException ex)
        {
            SiteContext.SetFlash(http, new Flash(false, ex.Message));
        }

        return Pages.SeeOther(Home);
    }

    private static IResult NotADriver(HttpContext http)
    {
        SiteContext.SetFlash(http, new Flash(false, "This account has no driver record; ask the office to onboard you."));
        return Pages.SeeOther(SignInPath + "?denied=1");
    }

    // ---- Jobs ----

    private static async Task<IResult> JobAsync(Guid id, HttpContext http, SiteContext site, IDriverJobs jobs, IDriverBriefings briefings, TimeProvider time)
    {
        if (await jobs.FindMineAsync(id, http) is not { } job)
        {
            return JobGone(http);
        }

        // Only once dispatch has said the job is this driver's: the passenger's phone and remarks.
        var briefing = await briefings.FindAsync(job.BookingId, http.RequestAborted);
        return Pages.Render<DriverJobPage>(new DriverJobModel(site.Chrome(http), job, briefing, time.GetUtcNow()));
    }

    private static async Task<IResult> TapAsync(Guid id, [FromForm] string? action, [FromForm] string? from, HttpContext http, IDriverJobs jobs)
    {
        if (string.IsNullOrEmpty(action) || string.IsNullOrEmpty(from))
        {
            SiteContext.SetFlash(http, new Flash(false, "That button is out of date; here is the job as it stands."));
            return Pages.SeeOther($"/driver/jobs/{id}");
        }

        var result = await jobs.TapAsync(id, action, from, http);
        switch (result.Outcome)
        {
            case DriverTapOutcome.Gone:
                SiteContext.SetFlash(http, new Flash(action != "reject", action == "reject" ? "Offer rejected." : result.Message ?? "This job is no longer yours."));
                return Pages.SeeOther(Home);
            case DriverTapOutcome.Refused:
                SiteContext.SetFlash(http, new Flash(false, result.Message ?? "That is not possible now."));
                return Pages.SeeOther($"/driver/jobs/{id}");
            case DriverTapOutcome.AlreadyDone:
                SiteContext.SetFlash(http, new Flash(true, "Already recorded: " + DriverText.Status(result.Job!.Status) + "."));
                return Pages.SeeOther($"/driver/jobs/{id}");
            default:
                if (result.Job is null)
                {
                    SiteContext.SetFlash(http, new Flash(true, "Offer rejected."));
                    return Pages.SeeOther(Home);
                }

                SiteContext.SetFlash(http, new Flash(true, DriverText.Status(result.Job.Status) + "."));
                return Pages.SeeOther($"/driver/jobs/{id}");
        }
    }

    private static async Task<IResult> BoardAsync(Guid id, HttpContext http, SiteContext site, IDriverJobs jobs) =>
        await jobs.FindMineAsync(id, http) is { } job
            ? Pages.Render<NameBoardPage>(new NameBoardModel(site.Chrome(http, withForm: false), job))
            : JobGone(http);

    private static IResult JobGone(HttpContext http)
    {
        SiteContext.SetFlash(http, new Flash(false, "That job is not (or no longer) yours."));
        return Pages.SeeOther(Home);
    }

    private static async Task<IResult> PositionAsync([FromForm] double? lat, [FromForm] double? lng, [FromForm] double? accuracy, HttpContext http, IDriverJobs jobs) =>
        lat is { } la && lng is { } lo && await jobs.PostPositionAsync(la, lo, accuracy, http)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Position out of range",
                extensions: new Dictionary<string, object?> { ["code"] = "invalid_position" });

    // ---- Documents ----

    private static async Task<IResult> DocumentsAsync(HttpContext http, SiteContext site, IDriverPortal portal) =>
        await portal.MeAsync(http) is { } driver
            ? Pages.Render<DriverDocumentsPage>(new DriverDocumentsModel(site.Chrome(http), driver, await portal.MyDocumentsAsync(http),
                new Dictionary<string, string>(), new Dictionary<string, string>()))
            : NotADriver(http);

    private static async Task<IResult> UploadAsync(HttpContext http, SiteContext site, IDriverPortal portal)
    {
        if (await portal.MeAsync(http) is not { } driver)
        {
            return NotADriver(http);
        }

        if (!http.Request.HasFormContentType)
        {
            return Pages.SeeOther("/driver/documents");
        }

        var result = await portal.UploadAsync(http);
        if (result.Document is { } document)
        {
            SiteContext.SetFlash(http, new Flash(true, $"{DriverText.Document(document.DocumentType)} uploaded: the office will check it."));
            return Pages.SeeOther("/driver/documents");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var values = UploadFields
            .Where(f => form[f].ToString().Length > 0).ToDictionary(f => f, f => form[f].ToString(), StringComparer.Ordinal);
        return Pages.Render<DriverDocumentsPage>(new DriverDocumentsModel(site.Chrome(http), driver, await portal.MyDocumentsAsync(http), values, result.Errors),
            result.StatusCode is >= 400 and < 500 ? result.StatusCode : StatusCodes.Status422UnprocessableEntity);
    }
}
