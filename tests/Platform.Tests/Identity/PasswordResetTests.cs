using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity;
using Platform.Testing;

namespace Platform.Tests.Identity;

public sealed class PasswordResetTests : IAsyncLifetime
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

    private async Task<(Guid Id, string Token)> InviteAsync(string email)
    {
        await using var scope = _host.App.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccounts>();
        var id = await accounts.EnsureAsync(email, Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "x", "Dan Driver", "driver");
        return (id, await accounts.CreatePasswordResetTokenAsync(id));
    }

    [Fact]
    public async Task An_invited_account_sets_its_password_with_the_token_once_and_signs_in()
    {
        var email = $"d{Guid.NewGuid():N}@example.test";
        var (_, token) = await InviteAsync(email);

        var set = await _host.PostAsync("/v1/auth/password/reset", new { email, token, newPassword = "my own long password" });
        set.StatusCode.ShouldBe(HttpStatusCode.NoContent, await set.Content.ReadAsStringAsync());
        var tokens = await _host.TokenAsync(email, "my own long password");
        tokens.AccessToken.ShouldNotBeNullOrEmpty();

        // Used once: the security stamp changed, so the same link is refused.
        var again = await _host.PostAsync("/v1/auth/password/reset", new { email, token, newPassword = "another long password" });
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.ProblemCodeAsync()).ShouldBe("invalid_token");

        // Sessions opened before a later reset end with it.
        var (_, second) = await InviteAsync(email);
        (await _host.PostAsync("/v1/auth/password/reset", new { email, token = second, newPassword = "third long password" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refresh = await _host.PostAsync("/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        refresh.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_tokens_unknown_addresses_and_weak_passwords_are_refused()
    {
        var email = $"d{Guid.NewGuid():N}@example.test";
        var (_, token) = await InviteAsync(email);

        var wrong = await _host.PostAsync("/v1/auth/password/reset", new { email, token = token + "x", newPassword = "my own long password" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.ProblemCodeAsync()).ShouldBe("invalid_token");

        var unknown = await _host.PostAsync("/v1/auth/password/reset", new { email = "nobody@example.test", token, newPassword = "my own long password" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ProblemCodeAsync()).ShouldBe("invalid_token");

        var weak = await _host.PostAsync("/v1/auth/password/reset", new { email, token, newPassword = "short" });
        weak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await weak.ProblemCodeAsync()).ShouldBe("validation_failed");

        var missing = await _host.PostAsync("/v1/auth/password/reset", new { email });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await missing.ReadProblemAsync();
        problem.GetProperty("errors").TryGetProperty("token", out _).ShouldBeTrue();

        // The weak attempt did not use the token up.
        (await _host.PostAsync("/v1/auth/password/reset", new { email, token, newPassword = "my own long password" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Admin_addresses_can_be_listed_by_role()
    {
        await using var scope = _host.App.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccounts>();
        await accounts.EnsureAsync("a1@example.test", "a long enough password", null, "admin");
        await accounts.EnsureAsync("a2@example.test", "a long enough password", null, "dispatcher");

        var emails = await accounts.ListEmailsInRolesAsync(["admin", "owner"]);

        emails.ShouldContain("a1@example.test");
        emails.ShouldContain(IdentityHost.OwnerEmail);
        emails.ShouldNotContain("a2@example.test");
    }
}
