using Microsoft.AspNetCore.Mvc;
using NovaTech.Ordering.Features.Addresses;
using NovaTech.Ordering.Features.Storefront;
using Platform.Identity;
using Platform.Identity.Browser;
using Platform.Identity.PersonalData;
using Platform.Web;

namespace NovaTech.Web.Storefront.Account;

/// <summary>
/// The customer account at <c>/account</c>: register, sign in (with an authenticator code when the account has one; staff
/// must set one up), sign out, order history, saved addresses, data export and erasure. The sign-in rules are
/// Platform.Identity's (<see cref="IBrowserAccounts"/>, shared with the API's <c>auth/*</c>); orders and addresses are the
/// ordering module's handlers. Forms post with antiforgery and answer 303 (post/redirect/get) or re-render with messages.
/// </summary>
internal static class AccountPages
{
    private const string Home = "/account";

    public static IServiceCollection AddAccountPages(this IServiceCollection services)
    {
        // Pages that need a signed-in user send browsers here (with ?ReturnUrl=).
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.AccessDeniedPath = "/account/sign-in";
        });
        return services;
    }

    public static void MapAccountPages(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(Home).AllowAnonymous().ExcludeFromDescription();
        open.MapGet("", OverviewAsync);
        open.MapGet("sign-in", SignInFormAsync);
        open.MapPost("sign-in", SignInAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("register", RegisterFormAsync);
        open.MapPost("register", RegisterAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("sign-in/code", CodeFormAsync);
        open.MapPost("sign-in/code", CodeAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapGet("mfa", MfaFormAsync);
        open.MapPost("mfa", MfaAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        open.MapPost("sign-out", SignOutAsync);

        var mine = app.MapGroup(Home).RequireAuthorization(PlatformPolicies.Authenticated).ExcludeFromDescription();
        mine.MapGet("orders", OrdersAsync);
        mine.MapGet("addresses", AddressesAsync);
        mine.MapGet("addresses/new", NewAddressAsync);
        mine.MapPost("addresses", AddAddressAsync);
        mine.MapGet("addresses/{id:guid}", EditAddressAsync);
        mine.MapPost("addresses/{id:guid}", ChangeAddressAsync);
        mine.MapPost("addresses/{id:guid}/delete", DeleteAddressAsync);
        mine.MapGet("data", ExportAsync);
        mine.MapPost("erasure", EraseAsync);
    }

    // ---- Sign in, register, second step, enrolment, sign out ----

    private static async Task<IResult> SignInFormAsync(string? returnUrl, HttpContext http, ShopContext shop) =>
        Pages.Render<SignInPage>(await FormAsync(http, shop, returnUrl));

    private static async Task<IResult> SignInAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, ShopContext shop, IBrowserAccounts accounts, IStorefrontOrdering ordering)
    {
        var result = await accounts.SignInAsync(http, email, password, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        var query = back is null ? "" : "?returnUrl=" + Uri.EscapeDataString(back);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => await SignedInAsync(http, result, ordering, back, "You are signed in."),
            BrowserSignInStatus.CodeRequired => Pages.SeeOther("/account/sign-in/code" + query),
            BrowserSignInStatus.EnrollmentRequired => Pages.SeeOther("/account/mfa" + query),
            _ => Pages.Render<SignInPage>(await FormAsync(http, shop, back, result.Errors, ("email", email)), StatusOf(result)),
        };
    }

    private static async Task<IResult> RegisterFormAsync(string? returnUrl, HttpContext http, ShopContext shop) =>
        Pages.Render<RegisterPage>(await FormAsync(http, shop, returnUrl));

    private static async Task<IResult> RegisterAsync([FromForm] string? name, [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, ShopContext shop, IBrowserAccounts accounts, IStorefrontOrdering ordering)
    {
        var result = await accounts.RegisterAsync(http, email, password, name, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        return result.Status == BrowserSignInStatus.SignedIn
            ? await SignedInAsync(http, result, ordering, back, "Welcome to NovaTech: your account is ready.")
            : Pages.Render<RegisterPage>(await FormAsync(http, shop, back, result.Errors, ("email", email), ("name", name)), StatusOf(result));
    }

    private static async Task<IResult> CodeFormAsync(string? returnUrl, HttpContext http, ShopContext shop, IBrowserAccounts accounts)
    {
        if (await accounts.PendingCodeAsync(http) is null)
        {
            return StartAgain(http);
        }

        return Pages.Render<CodePage>(await FormAsync(http, shop, returnUrl));
    }

    private static async Task<IResult> CodeAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, ShopContext shop,
        IBrowserAccounts accounts, IStorefrontOrdering ordering)
    {
        var result = await accounts.VerifyCodeAsync(http, code, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        return result.Status switch
        {
            BrowserSignInStatus.SignedIn => await SignedInAsync(http, result, ordering, back, "You are signed in."),
            BrowserSignInStatus.Expired => StartAgain(http),
            _ => Pages.Render<CodePage>(await FormAsync(http, shop, back, result.Errors), StatusOf(result)),
        };
    }

    private static async Task<IResult> MfaFormAsync(string? returnUrl, HttpContext http, ShopContext shop, IBrowserAccounts accounts)
    {
        var enrollment = await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        if (enrollment is null)
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                ShopContext.SetFlash(http, new Flash(true, "Your account already uses an authenticator app."));
                return Pages.SeeOther(Home);
            }

            return StartAgain(http);
        }

        return Pages.Render<MfaSetupPage>(new MfaSetupModel(await shop.ChromeAsync(http, withForm: true), enrollment, http.User.Identity?.IsAuthenticated != true, null, LocalOrNull(returnUrl)));
    }

    private static async Task<IResult> MfaAsync([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, ShopContext shop,
        IBrowserAccounts accounts, IStorefrontOrdering ordering)
    {
        var required = http.User.Identity?.IsAuthenticated != true;
        var result = await accounts.CompleteEnrollmentAsync(http, code, http.RequestAborted);
        var back = LocalOrNull(returnUrl);
        if (result.Status == BrowserSignInStatus.SignedIn)
        {
            return await SignedInAsync(http, result, ordering, back, "Your authenticator app is set up. You will be asked for a code each time you sign in.");
        }

        var enrollment = result.Status == BrowserSignInStatus.Expired ? null : await accounts.BeginEnrollmentAsync(http, http.RequestAborted);
        if (enrollment is null)
        {
            return result.Status == BrowserSignInStatus.Expired ? StartAgain(http) : Pages.SeeOther(Home);
        }

        var error = result.Errors.GetValueOrDefault("code") ?? result.Errors.GetValueOrDefault("");
        return Pages.Render<MfaSetupPage>(new MfaSetupModel(await shop.ChromeAsync(http, withForm: true), enrollment, required, error, back), StatusOf(result));
    }

    private static async Task<IResult> SignOutAsync([FromForm] string? returnUrl, HttpContext http, IBrowserAccounts accounts)
    {
        await accounts.SignOutAsync(http);

        // The basket belongs to the account now; a shared computer must not show it to the next person.
        http.Response.Cookies.Delete(IStorefrontOrdering.CartCookie);
        ShopContext.SetFlash(http, new Flash(true, "You are signed out."));
        return Pages.SeeOther(LocalOrNull(returnUrl) ?? "/");
    }

    private static async Task<IResult> SignedInAsync(HttpContext http, BrowserSignInResult result, IStorefrontOrdering ordering, string? back, string message)
    {
        await ordering.TakeOverCartAsync(ShopContext.CartIdOf(http), result.Principal!, http, http.RequestAborted);
        ShopContext.SetFlash(http, new Flash(true, message));
        return Pages.SeeOther(back ?? Home);
    }

    private static IResult StartAgain(HttpContext http)
    {
        ShopContext.SetFlash(http, new Flash(false, "Your sign-in took too long or was not started. Enter your e-mail address and password again."));
        return Pages.SeeOther("/account/sign-in");
    }

    private static int StatusOf(BrowserSignInResult result) =>
        result.Status == BrowserSignInStatus.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status422UnprocessableEntity;

    private static async Task<AccountFormModel> FormAsync(HttpContext http, ShopContext shop, string? returnUrl, IReadOnlyDictionary<string, string>? errors = null,
        params (string Field, string? Value)[] values) =>
        new(await shop.ChromeAsync(http, withForm: true),
            values.Where(v => v.Value is not null).ToDictionary(v => v.Field, v => v.Value!.Trim(), StringComparer.Ordinal),
            errors ?? new Dictionary<string, string>(), LocalOrNull(returnUrl));

    /// <summary>Only paths on this site: a return address must never lead elsewhere.</summary>
    internal static string? LocalOrNull(string? url) =>
        url is { Length: > 0 and < 500 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.StartsWith("/account/sign", StringComparison.OrdinalIgnoreCase) ? url : null;

    // ---- Overview and orders ----

    private static async Task<IResult> OverviewAsync(HttpContext http, ShopContext shop, IBrowserAccounts accounts, IStorefrontOrdering ordering,
        IStorefrontAddresses addresses, IPersonalDataRights dataRights) =>
        await OverviewPageAsync(http, shop, accounts, ordering, addresses, null);

    private static async Task<IResult> OverviewPageAsync(HttpContext http, ShopContext shop, IBrowserAccounts accounts, IStorefrontOrdering ordering,
        IStorefrontAddresses addresses, string? erasureError)
    {
        var account = await accounts.CurrentAsync(http.User);
        if (account is null)
        {
            return Pages.SeeOther("/account/sign-in");
        }

        var cancellationToken = http.RequestAborted;
        var recent = await ordering.ListOrdersAsync(http.User, null, 5, cancellationToken);
        var saved = await addresses.ListAsync(http.User, cancellationToken);
        return Pages.Render<AccountPage>(new AccountOverviewModel(await shop.ChromeAsync(http, withForm: true), account, recent.Items, recent.NextCursor is not null,
            saved.Count, erasureError), erasureError is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> OrdersAsync(string? cursor, HttpContext http, ShopContext shop, IStorefrontOrdering ordering)
    {
        try
        {
            var page = await ordering.ListOrdersAsync(http.User, cursor, 20, http.RequestAborted);
            return Pages.Render<OrdersPage>(new OrderHistoryModel(await shop.ChromeAsync(http), page.Items, page.NextCursor, string.IsNullOrEmpty(cursor)));
        }
        catch (DomainException)
        {
            // A cursor someone edited: start from the newest.
            return Pages.SeeOther("/account/orders");
        }
    }

    // ---- Addresses ----

    private static async Task<IResult> AddressesAsync(HttpContext http, ShopContext shop, IStorefrontAddresses addresses) =>
        Pages.Render<AddressesPage>(new AddressBookModel(await shop.ChromeAsync(http, withForm: true), await addresses.ListAsync(http.User, http.RequestAborted)));

    private static async Task<IResult> NewAddressAsync(HttpContext http, ShopContext shop) =>
        Pages.Render<AddressFormPage>(new AddressFormModel(await shop.ChromeAsync(http, withForm: true), null, new AddressForm { Country = "GB" }, new Dictionary<string, string>(), null));

    private static async Task<IResult> AddAddressAsync([FromForm] AddressForm form, HttpContext http, ShopContext shop, IStorefrontAddresses addresses) =>
        await SaveAddressAsync(null, form, http, shop, () => addresses.AddAsync(form.ToRequest(), http.User, http.RequestAborted), "Address saved.");

    private static async Task<IResult> EditAddressAsync(Guid id, HttpContext http, ShopContext shop, IStorefrontAddresses addresses)
    {
        var address = await addresses.FindAsync(id, http.User, http.RequestAborted);
        return address is null
            ? await NotFoundAsync(http, shop)
            : Pages.Render<AddressFormPage>(new AddressFormModel(await shop.ChromeAsync(http, withForm: true), id, AddressForm.From(address), new Dictionary<string, string>(), null));
    }

    private static async Task<IResult> ChangeAddressAsync(Guid id, [FromForm] AddressForm form, HttpContext http, ShopContext shop, IStorefrontAddresses addresses) =>
        await SaveAddressAsync(id, form, http, shop, () => addresses.ChangeAsync(id, form.ToRequest(), http.User, http.RequestAborted), "Address updated.");

    private static async Task<IResult> SaveAddressAsync(Guid? id, AddressForm form, HttpContext http, ShopContext shop, Func<Task<SavedAddressResponse>> save, string done)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? problem = null;
        try
        {
            await save();
            ShopContext.SetFlash(http, new Flash(true, done));
            return Pages.SeeOther("/account/addresses");
        }
        catch (DomainException exception) when (exception.Code == "address_not_found")
        {
            return await NotFoundAsync(http, shop);
        }
        catch (DomainException exception)
        {
            if (exception.Details.TryGetValue("field", out var field) && field is string name)
            {
                errors[name] = FieldMessage(name, exception.Message);
            }
            else
            {
                problem = exception.Message;
            }
        }

        return Pages.Render<AddressFormPage>(new AddressFormModel(await shop.ChromeAsync(http, withForm: true), id, form, errors, problem), StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>The ordering module's messages name fields as the API does; the form says it in words.</summary>
    private static string FieldMessage(string field, string message) => field switch
    {
        "name" => "Enter the full name (at most 100 characters).",
        "line1" => "Enter the first line of the address (at most 100 characters).",
        "line2" => "Address line 2 is at most 100 characters.",
        "city" => "Enter the town or city (at most 60 characters).",
        "country" => "Choose a country we deliver to.",
        _ => message,
    };

    private static async Task<IResult> DeleteAddressAsync(Guid id, [FromForm] string? confirm, HttpContext http, ShopContext shop, IStorefrontAddresses addresses)
    {
        try
        {
            await addresses.DeleteAsync(id, http.User, http.RequestAborted);
        }
        catch (DomainException exception) when (exception.Code == "address_not_found")
        {
            return await NotFoundAsync(http, shop);
        }

        ShopContext.SetFlash(http, new Flash(true, "Address deleted."));
        return Pages.SeeOther("/account/addresses");
    }

    private static async Task<IResult> NotFoundAsync(HttpContext http, ShopContext shop) =>
        Pages.Render<MessagePage>(new MessageModel(await shop.ChromeAsync(http), "Not found", "There is no such address in your account.", "Your addresses", "/account/addresses"),
            StatusCodes.Status404NotFound);

    // ---- Your data ----

    private static async Task<IResult> ExportAsync(HttpContext http, IPersonalDataRights dataRights)
    {
        if (await dataRights.ExportAsync(http.User, http.RequestAborted) is not { } export)
        {
            return Pages.SeeOther("/account/sign-in");
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(export.Content, export.ContentType, export.FileName);
    }

    private static async Task<IResult> EraseAsync([FromForm] string? confirm, HttpContext http, ShopContext shop, IBrowserAccounts accounts, IStorefrontOrdering ordering,
        IStorefrontAddresses addresses, IPersonalDataRights dataRights)
    {
        if (confirm != "yes")
        {
            return await OverviewPageAsync(http, shop, accounts, ordering, addresses, "Tick the box to confirm that you want your account deleted.");
        }

        var result = await dataRights.RequestErasureAsync(http.User, http.RequestAborted);
        if (result is null)
        {
            return Pages.SeeOther("/account/sign-in");
        }

        if (!result.Accepted)
        {
            return await OverviewPageAsync(http, shop, accounts, ordering, addresses, "We cannot delete your account yet: " + string.Join(" ", result.Reasons));
        }

        await accounts.SignOutAsync(http);
        http.Response.Cookies.Delete(IStorefrontOrdering.CartCookie);
        ShopContext.SetFlash(http, new Flash(true, "Your account has been deleted. Records the law makes us keep (such as invoices) are kept without your personal details."));
        return Pages.SeeOther("/");
    }
}
