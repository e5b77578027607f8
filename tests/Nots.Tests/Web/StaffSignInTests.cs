using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nots.Tests.Bookings;
using Platform.Identity;
using Platform.Testing;

namespace Nots.Tests.Web;

/// <summary>The dashboard's gate over the real host with staff MFA on (the default): who gets in, and how.</summary>
public sealed class StaffSignInTests(StaffMfaHostFixture fixture) : IClassFixture<StaffMfaHostFixture>
{
    private const string Password = "a long enough secret for staff";
    private BookingsTestHost Host => fixture.Host;

    [Fact]
    public async Task A_visit_to_the_dashboard_signed_out_goes_to_the_staff_sign_in_and_staff_must_set_up_and_then_use_an_authenticator()
    {
        var email = await AccountAsync("dispatcher");
        var browser = new AdminBrowser(Host.NewBrowserClient());

        var (status, _, location) = await browser.GetAsync("/admin/bookings?q=x");
        status.ShouldBe(HttpStatusCode.SeeOther);
        location.ShouldBe("/admin/sign-in?returnUrl=%2Fadmin%2Fbookings%3Fq%3Dx");
        var signInPage = location!;

        // Password right: no dashboard cookie yet, the authenticator must be set up first.
        var signIn = await browser.PostAsync("/admin/sign-in", signInPage, ("email", email), ("password", Password), ("returnUrl", "/admin/bookings?q=x"));
        signIn.Status.ShouldBe(HttpStatusCode.SeeOther, signIn.Html);
        signIn.Location.ShouldBe("/admin/sign-in/mfa?returnUrl=%2Fadmin%2Fbookings%3Fq%3Dx");
        var mfaPage = signIn.Location!;
        (await browser.GetAsync("/admin")).Status.ShouldBe(HttpStatusCode.SeeOther);

        var setup = await browser.PageAsync(mfaPage);
        var secret = AdminBrowser.TestId(setup, "mfa-secret");
        var wrong = await browser.PostAsync("/admin/sign-in/mfa", mfaPage, ("code", TotpCodes.Wrong(secret)));
        wrong.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrong.Html.ShouldContain("id=\"error-summary\"");

        var list = await browser.PostAndFollowAsync("/admin/sign-in/mfa", mfaPage, "/admin/bookings?q=x", ("code", TotpCodes.Now(secret)), ("returnUrl", "/admin/bookings?q=x"));
        list.ShouldContain("<h1>Bookings</h1>");
        list.ShouldContain(email);

        // Next time: password, then a code.
        await browser.PostAndFollowAsync("/admin/sign-out", "/admin", "/admin/sign-in");
        (await browser.GetAsync("/admin")).Status.ShouldBe(HttpStatusCode.SeeOther);
        var again = await browser.PostAsync("/admin/sign-in", "/admin/sign-in", ("email", email), ("password", Password));
        again.Location.ShouldBe("/admin/sign-in/code");
        var glance = await browser.PostAndFollowAsync("/admin/sign-in/code", "/admin/sign-in/code", "/admin",
            ("code", TotpCodes.Compute(secret, DateTimeOffset.UtcNow.AddSeconds(30))));
        glance.ShouldContain("Today at a glance");
    }

    [Fact]
    public async Task A_customer_is_refused_at_the_staff_sign_in_and_a_signed_in_customer_gets_403_on_the_dashboard()
    {
        var email = await AccountAsync("customer");
        var browser = new AdminBrowser(Host.NewBrowserClient());
        var refused = await browser.PostAndFollowAsync("/admin/sign-in", "/admin/sign-in", "/admin/sign-in", ("email", email), ("password", Password));
        AdminBrowser.Flash(refused).ShouldContain("not a NOTS staff account");
        (await browser.GetAsync("/admin")).Status.ShouldBe(HttpStatusCode.SeeOther);

        // Signed in on the customer website, the dashboard is a 403 page, not a redirect loop.
        await browser.PostAndFollowAsync("/account/sign-in", "/account/sign-in", "/account", ("email", email), ("password", Password));
        var (status, html, _) = await browser.GetAsync("/admin");
        status.ShouldBe(HttpStatusCode.Forbidden);
        AdminBrowser.TestId(html, "forbidden").ShouldContain("is not one of them");
        (await browser.GetAsync("/admin/dispatch")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Wrong_passwords_re_render_the_form_and_posts_need_the_antiforgery_token()
    {
        var email = await AccountAsync("admin");
        var browser = new AdminBrowser(Host.NewBrowserClient());
        var wrong = await browser.PostAsync("/admin/sign-in", "/admin/sign-in", ("email", email), ("password", "not the password"));
        wrong.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrong.Html.ShouldContain("id=\"error-summary\"");
        wrong.Html.ShouldContain($"value=\"{email}\"");

        using var content = new FormUrlEncodedContent([new("email", email), new("password", Password)]);
        using var forged = await browser.Client.PostAsync("/admin/sign-in", content);
        ((int)forged.StatusCode).ShouldBeInRange(400, 499);
    }

    private async Task<string> AccountAsync(string role)
    {
        var email = $"{role}.{Guid.NewGuid():N}@nots.test";
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, "Sam " + role, role);
        return email;
    }
}

/// <summary>A host with the default staff rule: staff must sign in with an authenticator code.</summary>
public sealed class StaffMfaHostFixture : IAsyncLifetime
{
    internal BookingsTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await BookingsTestHost.StartAsync(testTariff: false, new KeyValuePair<string, string?>("Identity:RequireStaffMfa", "true"));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
