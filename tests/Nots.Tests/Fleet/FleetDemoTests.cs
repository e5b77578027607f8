using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Fleet;
using Nots.Fleet;

namespace Nots.Tests.Fleet;

public sealed class FleetDemoTests : IAsyncLifetime
{
    private FleetTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FleetTestHost.StartAsync(new KeyValuePair<string, string?>("Demo:Password", "demo password for tests"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_demo_fleet_has_one_vehicle_refused_for_its_expired_MOT_and_demo_drivers_can_sign_in()
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await FleetModule.SeedFleetDemoAsync(scope.ServiceProvider, CancellationToken.None);
            await FleetModule.SeedFleetDemoAsync(scope.ServiceProvider, CancellationToken.None); // idempotent
        }

        await using var check = _host.Services.CreateAsyncScope();
        var directory = check.ServiceProvider.GetRequiredService<IFleetDirectory>();
        var dispatchable = await directory.ListDispatchableDriversAsync();
        dispatchable.Select(d => d.Name).Order().ShouldBe(["Dan Hughes", "Priya Shah", "Sarah Wells", "Tom Barnes"]);
        var kate = (await directory.FindDriverByUserAsync(Guid.Parse((await _host.SignInAsync("driver6@nots.demo", "demo password for tests")).Sub)))!;
        kate.Compliant.ShouldBeTrue();
        var old = (await directory.FindVehicleAsync(kate.VehicleIds.Single()))!;
        old.Registration.ShouldBe("HN18 OLD");
        old.Compliant.ShouldBeFalse();
        old.ComplianceIssues.Single().ShouldStartWith("mot expired on ");
    }
}
