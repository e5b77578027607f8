using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Testing;

namespace Platform.Tests.Identity;

/// <summary>Several app nodes on one database share signing and data-protection keys.</summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static string NewEmail() => $"n{Guid.NewGuid():N}@example.test";

    [Fact]
    public async Task A_token_issued_by_one_node_is_accepted_by_another()
    {
        await using var nodeA = await IdentityHost.StartAsync(_database);
        await using var nodeB = await IdentityHost.StartAsync(_database);
        var tokens = await nodeA.TokenAsync(await nodeA.RegisterCustomerAsync(NewEmail()));

        (await nodeB.GetAsync("/v1/protected", tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await nodeB.PostAsync("/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Nodes_starting_together_sign_with_the_same_key()
    {
        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => IdentityHost.StartAsync(_database)));
        try
        {
            var email = await nodes[0].RegisterCustomerAsync(NewEmail());

            var tokens = await Task.WhenAll(nodes.Select(n => n.TokenAsync(email)));

            tokens.Select(t => new JsonWebToken(t.AccessToken).Kid).Distinct().Count().ShouldBe(1);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Data_protected_on_one_node_unprotects_on_another()
    {
        await using var nodeA = await IdentityHost.StartAsync(_database);
        await using var nodeB = await IdentityHost.StartAsync(_database);

        var payload = nodeA.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("shared secret");

        nodeB.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload).ShouldBe("shared secret");
    }

    [Fact]
    public async Task An_expired_token_is_rejected()
    {
        await using var nodeA = await IdentityHost.StartAsync(_database);
        var later = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(20));
        await using var nodeLater = await IdentityHost.StartAsync(_database, later);
        var tokens = await nodeA.TokenAsync(await nodeA.RegisterCustomerAsync(NewEmail()));

        (await nodeA.GetAsync("/v1/protected", tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await nodeLater.GetAsync("/v1/protected", tokens.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task After_key_rotation_tokens_signed_with_the_previous_key_still_validate()
    {
        // Identity:SigningKeyDays defaults to 30: periods start every 30th day since 1970.
        var today = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 86_400;
        var boundary = DateTimeOffset.FromUnixTimeSeconds((today - (today % 30) + 30) * 86_400);
        await using var before = await IdentityHost.StartAsync(_database, new ManualTimeProvider(boundary.AddMinutes(-5)));
        await using var after = await IdentityHost.StartAsync(_database, new ManualTimeProvider(boundary.AddMinutes(5)));
        var email = await before.RegisterCustomerAsync(NewEmail());

        var oldToken = await before.TokenAsync(email);
        var newToken = await after.TokenAsync(email);

        new JsonWebToken(newToken.AccessToken).Kid.ShouldNotBe(new JsonWebToken(oldToken.AccessToken).Kid);
        (await after.GetAsync("/v1/protected", oldToken.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await after.GetAsync("/v1/protected", newToken.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
