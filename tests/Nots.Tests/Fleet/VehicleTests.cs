using System.Net;

namespace Nots.Tests.Fleet;

public sealed class VehicleTests(FleetHostFixture fixture) : IClassFixture<FleetHostFixture>
{
    private readonly FleetTestHost _host = fixture.Host;

    private static string Registration() =>
        "HF" + Random.Shared.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture) + " "
        + string.Concat(Enumerable.Range(0, 3).Select(_ => (char)('A' + Random.Shared.Next(26))));

    private static object Body(string? registration = null, string vehicleClass = "saloon", int seats = 4, string? plate = null, Guid[]? driverIds = null) => new
    {
        registration = registration ?? Registration(),
        make = "Toyota",
        model = "Corolla",
        colour = "Silver",
        vehicleClass,
        seats,
        suitcases = 2,
        plateNumber = plate ?? $"PHV-{Guid.NewGuid():N}"[..12],
        driverIds = driverIds ?? [],
    };

    [Fact]
    public async Task An_admin_registers_a_vehicle_with_drivers_and_changes_it()
    {
        var admin = await _host.StaffAsync("admin");
        var driver = await _host.OnboardAsync(admin);
        var driverId = driver.GetProperty("id").GetGuid();
        var registration = Registration();

        var created = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles",
            Body(registration.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant(), driverIds: [driverId]), admin), HttpStatusCode.Created);

        created.GetProperty("registration").GetString().ShouldBe(registration);
        created.GetProperty("driverIds").EnumerateArray().Select(d => d.GetGuid()).ShouldBe([driverId]);
        created.GetProperty("active").GetBoolean().ShouldBeTrue();
        created.GetProperty("compliant").GetBoolean().ShouldBeFalse();
        created.GetProperty("complianceIssues").EnumerateArray().Select(i => i.GetString()).ShouldBe(["v5c missing", "mot missing", "insurance missing", "plate-licence missing"]);
        var id = created.GetProperty("id").GetGuid();

        var driverView = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/drivers/{driverId}", null, admin), HttpStatusCode.OK);
        driverView.GetProperty("vehicleIds").EnumerateArray().Select(v => v.GetGuid()).ShouldBe([id]);

        var changed = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, $"/v1/vehicles/{id}",
            new { colour = "Blue", vehicleClass = "mpv6", seats = 6, driverIds = Array.Empty<Guid>(), wheelchairAccessible = true }, admin), HttpStatusCode.OK);
        (changed.GetProperty("colour").GetString(), changed.GetProperty("vehicleClass").GetString(), changed.GetProperty("seats").GetInt32()).ShouldBe(("Blue", "mpv6", 6));
        changed.GetProperty("wheelchairAccessible").GetBoolean().ShouldBeTrue();
        changed.GetProperty("driverIds").GetArrayLength().ShouldBe(0);

        var list = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/vehicles?vehicleClass=mpv6&limit=200", null, await _host.StaffAsync("dispatcher")), HttpStatusCode.OK);
        list.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()).ShouldContain(id);
    }

    [Fact]
    public async Task Bad_or_taken_vehicle_details_are_refused()
    {
        var admin = await _host.StaffAsync("admin");
        var first = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(), admin), HttpStatusCode.Created);

        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(registration: first.GetProperty("registration").GetString()), admin),
            HttpStatusCode.Conflict, "registration_taken");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(plate: first.GetProperty("plateNumber").GetString()), admin),
            HttpStatusCode.Conflict, "plate_number_taken");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(registration: "NOT A REG 1"), admin), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(vehicleClass: "limo"), admin), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(vehicleClass: "mpv8", seats: 4), admin), HttpStatusCode.UnprocessableEntity, "vehicle_seats_invalid");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(driverIds: [Guid.NewGuid()]), admin), HttpStatusCode.UnprocessableEntity, "driver_not_found");
        (await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", Body(), await _host.StaffAsync("dispatcher"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/vehicles/{Guid.NewGuid()}", null, admin), HttpStatusCode.NotFound, "vehicle_not_found");
    }
}
