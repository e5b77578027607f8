using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Platform.Identity;
using Nots.Web.Site;

namespace Nots.Web.Admin;

/// <summary>
/// The operations dashboard at <c>/admin</c> (dispatchers, admins, owner; staff sign in with an authenticator code):
/// services, the cookie's redirects for <c>/admin</c> pages (to the staff sign-in, or a 403 page for other accounts)
/// and the pages. Pages call the modules' desk interfaces (<c>IStaffBookings</c>, <c>IDispatchDesk</c>, <c>IFleetDesk</c>)
/// and the platform's notification and messaging services — the same code as the API.
/// </summary>
internal static class AdminSetup
{
    public const string Root = "/admin";

    public static IServiceCollection AddOperationsDashboard(this IServiceCollection services)
    {
        services.AddScoped<AdminContext>();
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            var login = options.Events.OnRedirectToLogin;
            var denied = options.Events.OnRedirectToAccessDenied;
            options.Events.OnRedirectToLogin = context => IsDashboard(context.Request) ? ToStaffSignIn(context.HttpContext) : login(context);
            options.Events.OnRedirectToAccessDenied = context => IsDashboard(context.Request) ? ForbiddenAsync(context.HttpContext) : denied(context);
        });
        return services;
    }

    public static void MapOperationsDashboard(this IEndpointRouteBuilder app)
    {
        StaffSignIn.Map(app.MapGroup(Root).AllowAnonymous().ExcludeFromDescription());

        var staff = app.MapGroup(Root).RequireAuthorization(PlatformPolicies.Staff).ExcludeFromDescription();
        GlancePage.Map(staff);
        BookingPages.Map(staff);
        DispatchPages.Map(staff);
        FleetPages.Map(staff);

        var operations = app.MapGroup(Root).RequireAuthorization(PlatformPolicies.Operations).ExcludeFromDescription();
        CompliancePages.Map(operations);
        OperationsPages.Map(operations);
        PricingPages.Map(app);
    }

    private static bool IsDashboard(HttpRequest request) =>
        request.Path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase) && !request.Path.StartsWithSegments(Root + "/sign-in", StringComparison.OrdinalIgnoreCase);

    private static Task ToStaffSignIn(HttpContext http)
    {
        var back = http.Request.Path + http.Request.QueryString;
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = StaffSignIn.Path + "?returnUrl=" + Uri.EscapeDataString(back);
        http.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    private static async Task ForbiddenAsync(HttpContext http)
    {
        var staff = (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, PlatformPolicies.Staff)).Succeeded;
        var frame = await http.RequestServices.GetRequiredService<AdminContext>().FrameAsync(http, withUser: staff);
        var email = http.User.FindFirst("email")?.Value ?? "this account";
        var message = staff
            ? "This page is for admins and the owner."
            : $"The operations dashboard is for NOTS dispatchers, admins and the owner; {email} is not one of them.";
        await Pages.Render<ForbiddenPage>(new ForbiddenModel(frame, message), StatusCodes.Status403Forbidden).ExecuteAsync(http);
    }
}

/// <summary>Per-request helpers of the dashboard: the frame (form token, message, who is signed in).</summary>
internal sealed class AdminContext(SiteContext site, IAuthorizationService authorization)
{
    public async Task<AdminFrame> FrameAsync(HttpContext http, bool withForm = true, bool withUser = true)
    {
        var chrome = site.Chrome(http, withForm);
        if (!withUser || http.User.Identity?.IsAuthenticated != true)
        {
            return new AdminFrame(chrome, null);
        }

        var operations = (await authorization.AuthorizeAsync(http.User, PlatformPolicies.Operations)).Succeeded;
        var owner = (await authorization.AuthorizeAsync(http.User, PlatformPolicies.Role("owner"))).Succeeded;
        return new AdminFrame(chrome, new StaffUser(http.User.FindFirst("email")?.Value ?? "staff", operations, owner));
    }

    public static IResult Back(HttpContext http, string path, bool success, string message)
    {
        SiteContext.SetFlash(http, new Flash(success, message));
        return Pages.SeeOther(path);
    }
}
