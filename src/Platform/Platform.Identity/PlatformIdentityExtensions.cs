using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Identity.Authentication;
using Platform.Identity.Data;
using Platform.Identity.DataProtection;
using Platform.Identity.Endpoints;
using Platform.Identity.PersonalData;
using Platform.Identity.Tokens;
using Platform.Persistence;

namespace Platform.Identity;

/// <summary>Wiring of the identity module into a product host.</summary>
public static class PlatformIdentityExtensions
{
    /// <summary>
    /// The default authentication scheme: forwards to <see cref="BearerScheme"/> when the request carries
    /// <c>Authorization: Bearer …</c>, otherwise to the Identity application cookie.
    /// </summary>
    public const string DefaultScheme = "Platform";

    /// <summary>The JWT bearer scheme for the API.</summary>
    public const string BearerScheme = BearerHandler.SchemeName;

    /// <summary>
    /// Registers users and roles (ASP.NET Core Identity on the <c>identity</c> module's tables), Data Protection with keys in
    /// the database, cookie and JWT bearer authentication and the <see cref="PlatformPolicies"/>. Requires
    /// <c>AddPlatformPersistence</c>. Reads <c>Identity:RequireStaffMfa</c> (true), <c>Identity:AccessTokenMinutes</c> (15),
    /// <c>Identity:RefreshTokenDays</c> (30), <c>Identity:SigningKeyDays</c> (30), <c>Bootstrap:OwnerEmail</c> and
    /// <c>Bootstrap:OwnerPassword</c>.
    /// </summary>
    public static IServiceCollection AddPlatformIdentity(this IServiceCollection services, IConfiguration configuration, IdentityProductOptions product)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(product);
        product.Validate();
        var settings = IdentitySettings.From(configuration, product);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddModuleDbContext<AppIdentityDbContext>(AppIdentityDbContext.Module);

        services.AddDataProtection().SetApplicationName(product.Product);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((options, scopes) => options.XmlRepository = new DbXmlRepository(scopes));

        services.AddIdentityCore<AppUser>(options =>
            {
                // NIST SP 800-63B: length over composition rules.
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.User.RequireUniqueEmail = true;

                // The user name is the (validated) e-mail address, which may hold any character.
                options.User.AllowedUserNameCharacters = "";
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.ClaimsIdentity.UserIdClaimType = "sub";
                options.ClaimsIdentity.EmailClaimType = "email";
                options.ClaimsIdentity.RoleClaimType = TokenService.RoleClaim;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<AppIdentityDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenService>();
        services.AddScoped<RefreshTokenService>();
        services.AddScoped<LockoutGuard>();
        services.AddScoped<TokenPairs>();
        services.AddScoped<AccountFactory>();
        services.AddScoped<IAccounts, Accounts>();
        services.AddScoped<IdentityBootstrapper>();
        services.AddScoped<Browser.IBrowserAccounts, Browser.BrowserAccounts>();

        // Identity re-reads the cookie's user every 30 minutes (security stamp check) and builds a fresh principal, which
        // would drop how the user signed in: keep amr, or staff signed in with MFA would lose access mid-session.
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            if (context.NewPrincipal?.Identities.FirstOrDefault() is { } fresh && context.CurrentPrincipal is { } current)
            {
                foreach (var amr in current.FindAll(TokenService.AmrClaim).Where(c => !fresh.HasClaim(TokenService.AmrClaim, c.Value)).ToList())
                {
                    fresh.AddClaim(new System.Security.Claims.Claim(TokenService.AmrClaim, amr.Value));
                }
            }

            return Task.CompletedTask;
        });

        var erasure = ErasureSettings.From(configuration);
        services.AddSingleton(erasure);
        services.AddSingleton<ErasureSignal>();
        services.AddScoped<PersonalDataService>();
        services.AddScoped<PersonalData.IPersonalDataRights, PersonalData.PersonalDataRights>();
        if (erasure.Worker)
        {
            services.AddHostedService<ErasureWorker>();
        }

        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Bearer token or cookie", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? BearerHandler.SchemeName
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<BearerOptions, BearerHandler>(BearerHandler.SchemeName, _ => { })
            .AddScheme<BearerOptions, BearerHandler>(BearerHandler.EnrollmentSchemeName, options => options.AcceptEnrollmentTokens = true)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(ConfigureApplicationCookie));

        var staffMfa = (AuthorizationHandlerContext context) =>
            !settings.RequireStaffMfa || !settings.IsStaff(context.User.FindAll(TokenService.RoleClaim).Select(c => c.Value))
            || context.User.HasClaim(TokenService.AmrClaim, AuthMethods.Mfa);
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.Authenticated, policy => policy.RequireAuthenticatedUser().RequireAssertion(staffMfa))
            .AddPolicy(PlatformPolicies.Staff, policy => policy.RequireAuthenticatedUser().RequireRole(product.StaffRoles).RequireAssertion(staffMfa))
            .AddPolicy(PlatformPolicies.Operations, policy => policy.RequireAuthenticatedUser().RequireRole(product.EffectiveOperationsRoles).RequireAssertion(staffMfa))
            .AddPolicy(PlatformPolicies.MfaEnrollment, policy => policy.AddAuthenticationSchemes(BearerHandler.EnrollmentSchemeName).RequireAuthenticatedUser());
        foreach (var role in product.Roles)
        {
            authorization.AddPolicy(PlatformPolicies.Role(role), policy => policy.RequireAuthenticatedUser().RequireRole(role).RequireAssertion(staffMfa));
        }

        return services;
    }

    /// <summary>
    /// Maps <c>auth/register</c>, <c>auth/token</c>, <c>auth/refresh</c>, <c>auth/mfa/setup</c>, <c>auth/mfa/verify</c> and
    /// <c>auth/me</c>, <c>auth/password/reset</c> under <paramref name="routes"/> (e.g. <c>app.MapGroup("/v1")</c>) and returns the <c>auth</c> group so the
    /// host can add rate limiting to it. Also maps the personal-data endpoints outside that group: <c>auth/me/data</c>,
    /// <c>auth/me/erasure</c>, <c>auth/me/erasure/{id}</c> and, for staff, <c>admin/erasure-requests</c>.
    /// </summary>
    public static RouteGroupBuilder MapPlatformIdentity(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("auth").WithTags("Auth");
        Register.Map(auth);
        IssueToken.Map(auth);
        RefreshAccessToken.Map(auth);
        Mfa.Map(auth);
        Me.Map(auth);
        ResetPassword.Map(auth);
        PersonalDataEndpoints.Map(routes);
        return auth;
    }

    /// <summary>
    /// Creates the product's roles and the bootstrap account from <c>Bootstrap:OwnerEmail</c>/<c>Bootstrap:OwnerPassword</c>.
    /// Call after <c>MigrateDatabasesAsync</c>; idempotent and safe when several nodes start at once.
    /// </summary>
    public static async Task BootstrapIdentityAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityBootstrapper>().RunAsync(cancellationToken);
    }

    private static void ConfigureApplicationCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;

        // Browsers navigating pages are sent to the login page; API callers get a ProblemDetails 401/403.
        options.Events.OnRedirectToLogin = context => WantsHtml(context.Request)
            ? RedirectAsync(context)
            : AuthProblems.Unauthorized().ExecuteAsync(context.HttpContext);
        options.Events.OnRedirectToAccessDenied = context => WantsHtml(context.Request)
            ? RedirectAsync(context)
            : AuthProblems.Forbidden().ExecuteAsync(context.HttpContext);
    }

    private static bool WantsHtml(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task RedirectAsync(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
