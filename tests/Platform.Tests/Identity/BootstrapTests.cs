using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity;
using Platform.Identity.Data;
using Platform.Testing;

namespace Platform.Tests.Identity;

public sealed class BootstrapTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Bootstrapping_again_and_from_several_nodes_creates_one_owner_and_each_role_once()
    {
        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => IdentityHost.StartAsync(_database)));
        try
        {
            await nodes[0].App.Services.BootstrapIdentityAsync();

            var normalized = IdentityHost.OwnerEmail.ToUpperInvariant();
            await using var scope = nodes[0].App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            (await db.Users.CountAsync(u => u.NormalizedEmail == normalized)).ShouldBe(1);
            (await db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync()).ShouldBe(["admin", "customer", "dispatcher", "driver", "owner"]);
            (await db.SigningKeys.CountAsync()).ShouldBe(1);
            (await db.DataProtectionKeys.CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
            var owner = await db.Users.SingleAsync(u => u.NormalizedEmail == normalized);
            (await db.UserRoles.Where(ur => ur.UserId == owner.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync()).ShouldBe(["owner"]);

            var token = await nodes[1].PostAsync("/v1/auth/token", new { email = IdentityHost.OwnerEmail, password = IdentityHost.OwnerPassword });
            token.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await token.ProblemCodeAsync()).ShouldBe("mfa_enrollment_required");
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
    public async Task A_weak_bootstrap_password_stops_the_start()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            IdentityHost.StartAsync(_database, null, new KeyValuePair<string, string?>("Bootstrap:OwnerPassword", "short")));

        error.Message.ShouldContain("Bootstrap:OwnerEmail");
    }
}
