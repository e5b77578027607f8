using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.Authentication;
using Platform.Identity.Data;
using Platform.Identity.Endpoints;
using Platform.Identity.Tokens;
using QRCoder;

namespace Platform.Identity.Browser;

/// <summary>What a browser sign-in step led to.</summary>
public enum BrowserSignInStatus
{
    /// <summary>The application cookie is set; <see cref="BrowserSignInResult.Principal"/> is the signed-in user.</summary>
    SignedIn,

    /// <summary>The password was right; the account uses an authenticator app: ask for a code (<see cref="IBrowserAccounts.VerifyCodeAsync"/>).</summary>
    CodeRequired,

    /// <summary>The password was right; a staff account must set up an authenticator app first (<see cref="IBrowserAccounts.BeginEnrollmentAsync"/>).</summary>
    EnrollmentRequired,

    /// <summary>Wrong or missing input; <see cref="BrowserSignInResult.Errors"/> says what, per form field.</summary>
    Failed,

    /// <summary>Too many failed attempts: the account is locked for a while.</summary>
    LockedOut,

    /// <summary>There is no sign-in in progress (the five-minute step expired, or none was started): start again.</summary>
    Expired,
}

/// <summary>
/// The outcome of a browser sign-in step. <see cref="Errors"/> maps a form field (<c>email</c>, <c>password</c>,
/// <c>name</c>, <c>code</c>, or <c>""</c> for the form as a whole) to a message for people.
/// </summary>
public sealed record BrowserSignInResult(BrowserSignInStatus Status, ClaimsPrincipal? Principal, IReadOnlyDictionary<string, string> Errors)
{
    internal static BrowserSignInResult Fail(string field, string message) => new(BrowserSignInStatus.Failed, null, new Dictionary<string, string> { [field] = message });

    internal static BrowserSignInResult Of(BrowserSignInStatus status, string? message = null) =>
        new(status, null, message is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [""] = message });
}

/// <summary>An authenticator-app enrolment to show: the secret to type in, its <c>otpauth://</c> address and that address as an SVG QR code.</summary>
public sealed record MfaEnrollment(string Email, string Secret, string OtpauthUri, string QrCodeSvg);

/// <summary>The signed-in account as an account page shows it.</summary>
public sealed record AccountSummary(Guid Id, string Email, string? Name, bool MfaEnabled, bool IsStaff, DateTimeOffset CreatedAt);

/// <summary>
/// Register, sign in (password, then a TOTP code when the account uses an authenticator app), enrol an authenticator app
/// and sign out for a product's server-rendered pages, with the Identity application cookie. The same rules as the API's
/// <c>auth/*</c> endpoints: the same validation and messages, failed attempts counted atomically toward the same lockout,
/// staff must use MFA while <c>Identity:RequireStaffMfa</c> is on (they are sent to enrolment instead of being signed in),
/// and a cookie from a code sign-in carries <c>amr=mfa</c> like an access token does. Between the password and the code
/// the browser holds Identity's short-lived two-factor cookie, never the application cookie. Pages add their own look,
/// antiforgery and rate limiting (<c>RateLimitPolicies.Auth</c>).
/// </summary>
public interface IBrowserAccounts
{
    /// <summary>Creates a customer account (the product's customer role) and signs it in.</summary>
    Task<BrowserSignInResult> RegisterAsync(HttpContext http, string? email, string? password, string? name, CancellationToken cancellationToken = default);

    /// <summary>Checks the password: signs in, or asks for a code or an enrolment.</summary>
    Task<BrowserSignInResult> SignInAsync(HttpContext http, string? email, string? password, CancellationToken cancellationToken = default);

    /// <summary>The e-mail address of the account whose sign-in waits for a code, or null when none does.</summary>
    Task<string?> PendingCodeAsync(HttpContext http);

    /// <summary>Second step: the code from the authenticator app completes the sign-in started by <see cref="SignInAsync"/>.</summary>
    Task<BrowserSignInResult> VerifyCodeAsync(HttpContext http, string? code, CancellationToken cancellationToken = default);

    /// <summary>
    /// The authenticator secret for the signed-in account, or for the staff account sent to enrolment by
    /// <see cref="SignInAsync"/>; the same secret until the enrolment completes. Null when nobody is enrolling or the account
    /// already has MFA.
    /// </summary>
    Task<MfaEnrollment?> BeginEnrollmentAsync(HttpContext http, CancellationToken cancellationToken = default);

    /// <summary>Turns MFA on with a first code from the app and signs the account in with <c>amr=mfa</c>.</summary>
    Task<BrowserSignInResult> CompleteEnrollmentAsync(HttpContext http, string? code, CancellationToken cancellationToken = default);

    /// <summary>The account of <paramref name="user"/>, or null when signed out or the account is gone.</summary>
    Task<AccountSummary?> CurrentAsync(ClaimsPrincipal user);

    /// <summary>Removes the application cookie and any half-finished sign-in.</summary>
    Task SignOutAsync(HttpContext http);

    /// <summary>
    /// Sets the password with the one-time token of an invitation or reset e-mail (the rule of <c>POST auth/password/reset</c>:
    /// clears the lockout, confirms the address, ends refresh tokens), then signs in as <see cref="SignInAsync"/> does.
    /// A wrong, used or expired token and an unknown address fail alike with an error on <c>token</c>; a weak password
    /// fails on <c>password</c>.
    /// </summary>
    Task<BrowserSignInResult> SetPasswordAsync(HttpContext http, string? email, string? token, string? password, CancellationToken cancellationToken = default);
}

internal sealed class BrowserAccounts(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIns,
    AccountFactory factory,
    LockoutGuard lockout,
    IdentitySettings settings,
    AppIdentityDbContext db,
    TimeProvider time) : IBrowserAccounts
{
    public async Task<BrowserSignInResult> SetPasswordAsync(HttpContext http, string? email, string? token, string? password, CancellationToken cancellationToken = default)
    {
        var outcome = await Endpoints.ResetPassword.ApplyAsync(email, token, password, users, lockout, db, time, cancellationToken);
        if (outcome.InvalidToken || outcome.Errors.ContainsKey("token") || outcome.Errors.ContainsKey("email"))
        {
            return BrowserSignInResult.Fail("token", "The link is not valid or has expired. Ask the office for a new one.");
        }

        if (outcome.Errors.TryGetValue("newPassword", out var problems))
        {
            return BrowserSignInResult.Fail("password", string.Join(" ", problems));
        }

        return await SignInAsync(http, email, password, cancellationToken);
    }

    private static readonly string PendingScheme = IdentityConstants.TwoFactorUserIdScheme;
    private const string PendingCode = "code";
    private const string PendingEnrollment = "enrol";
    private const string WrongCredentials = "The e-mail address or password is wrong.";
    private const string Locked = "Too many failed attempts: the account is locked for 15 minutes. Try again later.";

    public async Task<BrowserSignInResult> RegisterAsync(HttpContext http, string? email, string? password, string? name, CancellationToken cancellationToken = default)
    {
        var errors = Register.Validate(new RegisterRequest(email, password, name));
        if (errors.Count > 0)
        {
            return Failed(errors);
        }

        var created = await factory.CreateAsync(email!.Trim(), password!, name?.Trim(), settings.Product.CustomerRole, cancellationToken);
        if (created.Created is { } user)
        {
            return await SignInCookieAsync(http, user, withCode: false);
        }

        return created.Duplicate
            ? BrowserSignInResult.Fail("email", "An account with this e-mail address already exists. Sign in instead.")
            : Failed(created.Errors!);
    }

    public async Task<BrowserSignInResult> SignInAsync(HttpContext http, string? email, string? password, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(email))
        {
            errors["email"] = "Enter your e-mail address.";
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = "Enter your password.";
        }

        if (errors.Count > 0)
        {
            return new BrowserSignInResult(BrowserSignInStatus.Failed, null, errors);
        }

        if (password!.Length > Register.MaxPasswordLength)
        {
            return BrowserSignInResult.Fail("", WrongCredentials);
        }

        var user = await users.FindByEmailAsync(email!.Trim());
        if (user is null)
        {
            // Same hashing time as for a real account, as auth/token does.
            users.PasswordHasher.HashPassword(new AppUser(), password);
            return BrowserSignInResult.Fail("", WrongCredentials);
        }

        if (lockout.IsLockedOut(user))
        {
            return BrowserSignInResult.Of(BrowserSignInStatus.LockedOut, Locked);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            return await lockout.RecordFailureAsync(user, cancellationToken)
                ? BrowserSignInResult.Of(BrowserSignInStatus.LockedOut, Locked)
                : BrowserSignInResult.Fail("", WrongCredentials);
        }

        await SignOutAsync(http);
        if (user.TwoFactorEnabled)
        {
            await StartPendingAsync(http, user, PendingCode);
            return BrowserSignInResult.Of(BrowserSignInStatus.CodeRequired);
        }

        await lockout.ResetAsync(user, cancellationToken);
        if (settings.RequireStaffMfa && settings.IsStaff(await users.GetRolesAsync(user)))
        {
            await StartPendingAsync(http, user, PendingEnrollment);
            return BrowserSignInResult.Of(BrowserSignInStatus.EnrollmentRequired);
        }

        return await SignInCookieAsync(http, user, withCode: false);
    }

    public async Task<string?> PendingCodeAsync(HttpContext http) => (await PendingUserAsync(http, PendingCode))?.Email;

    public async Task<BrowserSignInResult> VerifyCodeAsync(HttpContext http, string? code, CancellationToken cancellationToken = default)
    {
        var user = await PendingUserAsync(http, PendingCode);
        if (user is null)
        {
            return BrowserSignInResult.Of(BrowserSignInStatus.Expired, "Your sign-in took too long. Enter your e-mail address and password again.");
        }

        var checkedCode = await CheckCodeAsync(user, code, cancellationToken);
        if (checkedCode is not null)
        {
            return checkedCode;
        }

        await lockout.ResetAsync(user, cancellationToken);
        return await SignInCookieAsync(http, user, withCode: true);
    }

    public async Task<MfaEnrollment?> BeginEnrollmentAsync(HttpContext http, CancellationToken cancellationToken = default)
    {
        var user = await EnrollingUserAsync(http);
        if (user is null || user.TwoFactorEnabled)
        {
            return null;
        }

        var secret = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(secret))
        {
            // Not ResetAuthenticatorKeyAsync: it renews the security stamp, which would end the account's other sessions for
            // a key that is not in use yet. Enabling MFA renews the stamp.
            var store = (IUserAuthenticatorKeyStore<AppUser>)http.RequestServices.GetService(typeof(IUserStore<AppUser>))!;
            await store.SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), cancellationToken);
            try
            {
                await users.UpdateAsync(user);
            }
            catch (DbUpdateException)
            {
                // Another tab stored a key at the same moment: show that one.
            }

            user = await users.FindByIdAsync(user.Id.ToString()) ?? user;
            secret = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The authenticator key was not stored.");
        }

        var uri = Mfa.OtpauthUri(settings, user, secret);
        return new MfaEnrollment(user.Email ?? "", secret, uri, QrCodeSvg(uri));
    }

    public async Task<BrowserSignInResult> CompleteEnrollmentAsync(HttpContext http, string? code, CancellationToken cancellationToken = default)
    {
        var user = await EnrollingUserAsync(http);
        if (user is null)
        {
            return BrowserSignInResult.Of(BrowserSignInStatus.Expired, "Your sign-in took too long. Enter your e-mail address and password again.");
        }

        if (user.TwoFactorEnabled)
        {
            return BrowserSignInResult.Fail("", "An authenticator app is already set up for this account.");
        }

        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            return BrowserSignInResult.Of(BrowserSignInStatus.Expired, "Start the set-up again.");
        }

        var checkedCode = await CheckCodeAsync(user, code, cancellationToken);
        if (checkedCode is not null)
        {
            return checkedCode;
        }

        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            return BrowserSignInResult.Fail("", "The account changed meanwhile; try again.");
        }

        await lockout.ResetAsync(user, cancellationToken);
        return await SignInCookieAsync(http, user, withCode: true);
    }

    public async Task<AccountSummary?> CurrentAsync(ClaimsPrincipal user)
    {
        var account = await CurrentUserAsync(user);
        return account is null ? null
            : new AccountSummary(account.Id, account.Email ?? "", account.Name, account.TwoFactorEnabled, settings.IsStaff(await users.GetRolesAsync(account)), account.CreatedAt);
    }

    public async Task SignOutAsync(HttpContext http)
    {
        signIns.Context = http;
        await signIns.SignOutAsync();
    }

    /// <summary>Null when the code is right; otherwise the failure (counted toward lockout like every wrong code).</summary>
    private async Task<BrowserSignInResult?> CheckCodeAsync(AppUser user, string? code, CancellationToken cancellationToken)
    {
        var normalized = Totp.Normalize(code);
        if (normalized.Length == 0)
        {
            return BrowserSignInResult.Fail("code", "Enter the 6-digit code from your authenticator app.");
        }

        if (lockout.IsLockedOut(user))
        {
            return BrowserSignInResult.Of(BrowserSignInStatus.LockedOut, Locked);
        }

        if (normalized.Length > 10 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalized))
        {
            return await lockout.RecordFailureAsync(user, cancellationToken)
                ? BrowserSignInResult.Of(BrowserSignInStatus.LockedOut, Locked)
                : BrowserSignInResult.Fail("code", "That code is wrong or has expired. Enter the code your app shows now.");
        }

        return null;
    }

    private async Task<BrowserSignInResult> SignInCookieAsync(HttpContext http, AppUser user, bool withCode)
    {
        signIns.Context = http;
        var principal = await signIns.CreateUserPrincipalAsync(user);
        var identity = principal.Identities.First();

        // The same amr values as an access token (RFC 8176), so PlatformPolicies treat cookie and token alike.
        identity.AddClaim(new Claim(TokenService.AmrClaim, AuthMethods.Password));
        if (withCode)
        {
            identity.AddClaim(new Claim(TokenService.AmrClaim, "otp"));
            identity.AddClaim(new Claim(TokenService.AmrClaim, AuthMethods.Mfa));
        }

        await http.SignOutAsync(PendingScheme);
        await http.SignInAsync(IdentityConstants.ApplicationScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return new BrowserSignInResult(BrowserSignInStatus.SignedIn, principal, new Dictionary<string, string>());
    }

    private static Task StartPendingAsync(HttpContext http, AppUser user, string purpose)
    {
        var identity = new ClaimsIdentity(PendingScheme);
        identity.AddClaim(new Claim("sub", user.Id.ToString()));
        identity.AddClaim(new Claim(TokenService.PurposeClaim, purpose));
        return http.SignInAsync(PendingScheme, new ClaimsPrincipal(identity));
    }

    private async Task<AppUser?> PendingUserAsync(HttpContext http, string purpose)
    {
        var pending = await http.AuthenticateAsync(PendingScheme);
        if (pending.Principal is not { } principal || principal.FindFirstValue(TokenService.PurposeClaim) != purpose)
        {
            return null;
        }

        return await CurrentUserAsync(principal);
    }

    /// <summary>The signed-in account (application cookie) or the staff account sent to enrolment.</summary>
    private async Task<AppUser?> EnrollingUserAsync(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? await CurrentUserAsync(http.User) : await PendingUserAsync(http, PendingEnrollment);

    private async Task<AppUser?> CurrentUserAsync(ClaimsPrincipal principal)
    {
        var sub = principal.FindFirstValue("sub");
        return sub is null ? null : await users.FindByIdAsync(sub);
    }

    private static BrowserSignInResult Failed(Dictionary<string, string[]> errors) =>
        new(BrowserSignInStatus.Failed, null, errors.ToDictionary(e => e.Key, e => string.Join(" ", e.Value), StringComparer.Ordinal));

    private static string QrCodeSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
