using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Tests.Identity;

public sealed class AuthEndpointTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private IdentityHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await IdentityHost.StartAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string NewEmail() => $"c{Guid.NewGuid():N}@example.test";

    [Fact]
    public async Task A_customer_can_register_get_a_token_and_see_who_they_are()
    {
        var email = NewEmail();
        var register = await _host.PostAsync("/v1/auth/register", new { email, password = "a long enough password", name = "Ada" });
        register.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var tokens = await _host.TokenAsync(email);
        tokens.TokenType.ShouldBe("Bearer");
        tokens.ExpiresIn.ShouldBe(15 * 60);
        tokens.RefreshToken.ShouldNotBeNullOrWhiteSpace();
        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.AccessToken);
        claims.Subject.ShouldBe(id.ToString());
        claims.Id.ShouldNotBeNullOrEmpty();
        claims.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ShouldBe(["pwd"]);
        claims.Claims.Where(c => c.Type == "role").Select(c => c.Value).ShouldBe(["customer"]);

        var me = await _host.GetAsync("/v1/auth/me", tokens.AccessToken);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("id").GetGuid().ShouldBe(id);
        body.GetProperty("email").GetString().ShouldBe(email);
        body.GetProperty("name").GetString().ShouldBe("Ada");
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["customer"]);
        body.GetProperty("mfaEnabled").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Registering_an_address_twice_is_a_conflict()
    {
        var email = await _host.RegisterCustomerAsync(NewEmail());

        var again = await _host.PostAsync("/v1/auth/register", new { email = email.ToUpperInvariant(), password = "another long password" });

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ProblemCodeAsync()).ShouldBe("email_taken");
    }

    [Fact]
    public async Task A_short_password_or_a_bad_email_is_a_validation_problem_naming_the_fields()
    {
        var weak = await _host.PostAsync("/v1/auth/register", new { email = NewEmail(), password = "short" });
        weak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await weak.ReadProblemAsync()).GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();

        var bad = await _host.PostAsync("/v1/auth/register", new { email = "not-an-email", password = "" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.ReadProblemAsync()).GetProperty("errors");
        errors.TryGetProperty("email", out _).ShouldBeTrue();
        errors.TryGetProperty("password", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused()
    {
        var email = await _host.RegisterCustomerAsync(NewEmail());

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await _host.PostAsync("/v1/auth/token", new { email, password = "wrong password " + attempt });
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await wrong.ProblemCodeAsync()).ShouldBe("invalid_credentials");
        }

        var fifth = await _host.PostAsync("/v1/auth/token", new { email, password = "wrong password 5" });
        fifth.StatusCode.ShouldBe(HttpStatusCode.Locked);
        (await fifth.ProblemCodeAsync()).ShouldBe("locked_out");

        var right = await _host.PostAsync("/v1/auth/token", new { email, password = "a long enough password" });
        right.StatusCode.ShouldBe(HttpStatusCode.Locked);
        (await right.ProblemCodeAsync()).ShouldBe("locked_out");
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_as_a_wrong_password()
    {
        var response = await _host.PostAsync("/v1/auth/token", new { email = NewEmail(), password = "whatever password" });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ProblemCodeAsync()).ShouldBe("invalid_credentials");
    }

    [Fact]
    public async Task The_bootstrap_owner_must_enroll_MFA_and_then_signs_in_with_authenticator_codes()
    {
        var first = await _host.PostAsync("/v1/auth/token", new { email = IdentityHost.OwnerEmail, password = IdentityHost.OwnerPassword });
        first.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await first.ReadProblemAsync();
        problem.GetProperty("code").GetString().ShouldBe("mfa_enrollment_required");
        var enrollment = problem.GetProperty("enrollmentToken").GetString()!;

        // The enrolment token is good for enrolment only.
        (await _host.GetAsync("/v1/protected", enrollment)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.GetAsync("/v1/auth/me", enrollment)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var setup = await _host.PostAsync("/v1/auth/mfa/setup", new { }, enrollment);
        setup.StatusCode.ShouldBe(HttpStatusCode.OK);
        var setupBody = await setup.Content.ReadFromJsonAsync<JsonElement>();
        var secret = setupBody.GetProperty("secret").GetString()!;
        setupBody.GetProperty("otpauthUri").GetString().ShouldBe(
            $"otpauth://totp/NOTS:{Uri.EscapeDataString(IdentityHost.OwnerEmail)}?secret={secret}&issuer=NOTS&digits=6&period=30");

        var wrongVerify = await _host.PostAsync("/v1/auth/mfa/verify", new { code = TotpCodes.Wrong(secret) }, enrollment);
        wrongVerify.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongVerify.ProblemCodeAsync()).ShouldBe("invalid_mfa_code");

        var verify = await _host.PostAsync("/v1/auth/mfa/verify", new { code = TotpCodes.Now(secret) }, enrollment);
        verify.StatusCode.ShouldBe(HttpStatusCode.OK, await verify.Content.ReadAsStringAsync());
        var pair = (await verify.Content.ReadFromJsonAsync<TokenPair>())!;
        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(pair.AccessToken);
        claims.GetClaim("email").Value.ShouldBe(IdentityHost.OwnerEmail);
        claims.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ShouldContain("mfa");
        claims.Claims.Where(c => c.Type == "role").Select(c => c.Value).ShouldBe(["owner"]);
        claims.Issuer.ShouldBe("NOTS");
        claims.Audiences.ShouldBe(["NOTS"]);
        (await _host.GetAsync("/v1/staff-only", pair.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.GetAsync("/v1/owner-only", pair.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await (await _host.GetAsync("/v1/auth/me", pair.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("mfaEnabled").GetBoolean().ShouldBeTrue();
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["owner"]);

        var withoutCode = await _host.PostAsync("/v1/auth/token", new { email = IdentityHost.OwnerEmail, password = IdentityHost.OwnerPassword });
        withoutCode.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await withoutCode.ProblemCodeAsync()).ShouldBe("mfa_required");

        var wrongCode = await _host.PostAsync("/v1/auth/token", new { email = IdentityHost.OwnerEmail, password = IdentityHost.OwnerPassword, mfaCode = TotpCodes.Wrong(secret) });
        wrongCode.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrongCode.ProblemCodeAsync()).ShouldBe("invalid_mfa_code");

        var withCode = await _host.TokenAsync(IdentityHost.OwnerEmail, IdentityHost.OwnerPassword, TotpCodes.Now(secret));
        (await _host.GetAsync("/v1/staff-only", withCode.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Enrolled: the enrolment token cannot re-key the account.
        var again = await _host.PostAsync("/v1/auth/mfa/setup", new { }, enrollment);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ProblemCodeAsync()).ShouldBe("mfa_already_enabled");
    }

    [Fact]
    public async Task A_customer_is_refused_staff_endpoints_and_anonymous_callers_get_401_problems()
    {
        var email = await _host.RegisterCustomerAsync(NewEmail());
        var tokens = await _host.TokenAsync(email);

        var staff = await _host.GetAsync("/v1/staff-only", tokens.AccessToken);
        staff.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await staff.ProblemCodeAsync()).ShouldBe("forbidden");

        var anonymous = await _host.GetAsync("/v1/protected");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.ProblemCodeAsync()).ShouldBe("unauthorized");

        (await _host.GetAsync("/v1/protected", tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_tampered_token_is_rejected()
    {
        var tokens = await _host.TokenAsync(await _host.RegisterCustomerAsync(NewEmail()));
        var parts = tokens.AccessToken.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = JsonSerializer.SerializeToElement("owner");
        var forged = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload)) + "." + parts[2];

        var response = await _host.GetAsync("/v1/protected", forged);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.GetAsync("/v1/protected", "not.a.jwt")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_a_rotated_token_signs_out_the_whole_family()
    {
        var first = await _host.TokenAsync(await _host.RegisterCustomerAsync(NewEmail()));

        var rotate = await _host.PostAsync("/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        rotate.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = (await rotate.Content.ReadFromJsonAsync<TokenPair>())!;
        second.RefreshToken.ShouldNotBe(first.RefreshToken);
        (await _host.GetAsync("/v1/auth/me", second.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var reuse = await _host.PostAsync("/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        reuse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await reuse.ProblemCodeAsync()).ShouldBe("refresh_token_reused");

        var afterTheft = await _host.PostAsync("/v1/auth/refresh", new { refreshToken = second.RefreshToken });
        afterTheft.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var unknown = await _host.PostAsync("/v1/auth/refresh", new { refreshToken = "bm90LWEtcmVhbC10b2tlbg" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unknown.ProblemCodeAsync()).ShouldBe("invalid_refresh_token");
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_token_give_exactly_one_new_pair()
    {
        var tokens = await _host.TokenAsync(await _host.RegisterCustomerAsync(NewEmail()));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => _host.PostAsync("/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(5);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_address_create_one_account()
    {
        var email = NewEmail();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => Task.Run(() => _host.PostAsync("/v1/auth/register", new { email, password = "a long enough password" }))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(4);
        (await _host.TokenAsync(email)).AccessToken.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Wrong_authenticator_codes_count_toward_lockout()
    {
        var email = await _host.RegisterCustomerAsync(NewEmail());
        var tokens = await _host.TokenAsync(email);
        var setup = await (await _host.PostAsync("/v1/auth/mfa/setup", new { }, tokens.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var secret = setup.GetProperty("secret").GetString()!;
        (await _host.PostAsync("/v1/auth/mfa/verify", new { code = TotpCodes.Now(secret) }, tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await _host.PostAsync("/v1/auth/token", new { email, password = "a long enough password", mfaCode = TotpCodes.Wrong(secret) });
            (await wrong.ProblemCodeAsync()).ShouldBe("invalid_mfa_code");
        }

        var fifth = await _host.PostAsync("/v1/auth/token", new { email, password = "a long enough password", mfaCode = TotpCodes.Wrong(secret) });
        fifth.StatusCode.ShouldBe(HttpStatusCode.Locked);
        var right = await _host.PostAsync("/v1/auth/token", new { email, password = "a long enough password", mfaCode = TotpCodes.Now(secret) });
        (await right.ProblemCodeAsync()).ShouldBe("locked_out");
    }
}
