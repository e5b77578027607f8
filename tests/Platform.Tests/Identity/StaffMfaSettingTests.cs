using System.Net;
using System.Net.Http.Headers;
using Platform.Testing;

namespace Platform.Tests.Identity;

public sealed class StaffMfaSettingTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task With_RequireStaffMfa_off_the_owner_signs_in_with_a_password_alone()
    {
        await using var host = await IdentityHost.StartAsync(_database, null, new KeyValuePair<string, string?>("Identity:RequireStaffMfa", "false"));

        var tokens = await host.TokenAsync(IdentityHost.OwnerEmail, IdentityHost.OwnerPassword);

        (await host.GetAsync("/v1/staff-only", tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_only_staff_token_is_refused_once_staff_MFA_is_required()
    {
        string passwordOnlyToken;
        await using (var relaxed = await IdentityHost.StartAsync(_database, null, new KeyValuePair<string, string?>("Identity:RequireStaffMfa", "false")))
        {
            passwordOnlyToken = (await relaxed.TokenAsync(IdentityHost.OwnerEmail, IdentityHost.OwnerPassword)).AccessToken;
        }

        await using var strict = await IdentityHost.StartAsync(_database);

        (await strict.GetAsync("/v1/staff-only", passwordOnlyToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await strict.GetAsync("/v1/protected", passwordOnlyToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_browser_without_a_cookie_is_sent_to_the_login_page()
    {
        await using var host = await IdentityHost.StartAsync(_database);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/protected");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await host.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("ReturnUrl=");
    }
}
