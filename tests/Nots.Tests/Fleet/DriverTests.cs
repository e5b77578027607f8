using System.Net;
using System.Text.Json;

namespace Nots.Tests.Fleet;

public sealed class DriverTests(FleetHostFixture fixture) : IClassFixture<FleetHostFixture>
{
    private readonly FleetTestHost _host = fixture.Host;

    [Fact]
    public async Task An_admin_onboards_a_driver_who_sets_a_password_from_the_invitation_signs_in_and_goes_on_duty()
    {
        var admin = await _host.StaffAsync("admin");
        var email = $"dan.{Guid.NewGuid():N}@example.test";
        var created = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/drivers", new
        {
            name = "Dan Driver",
            email,
            phone = "+44 (0)7700 900123",
            licenceNumber = "morga 753116 sm9ij",
            badgeNumber = "phd-2001",
            startDate = "2027-06-01",
        }, admin), HttpStatusCode.Created);

        created.GetProperty("id").GetGuid().ShouldNotBe(Guid.Empty);
        created.GetProperty("phone").GetString().ShouldBe("+447700900123");
        created.GetProperty("licenceNumber").GetString().ShouldBe("MORGA753116SM9IJ");
        created.GetProperty("badgeNumber").GetString().ShouldBe("PHD-2001");
        created.GetProperty("status").GetString().ShouldBe("active");
        created.GetProperty("onDuty").GetBoolean().ShouldBeFalse();
        created.GetProperty("compliant").GetBoolean().ShouldBeFalse();
        created.GetProperty("complianceIssues").EnumerateArray().Select(i => i.GetString()).ShouldContain("dbs missing");

        var driver = await _host.AcceptInvitationAsync(email);
        driver.Sub.ShouldBe(created.GetProperty("userId").GetString());

        var me = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/drivers/me", null, driver), HttpStatusCode.OK);
        me.GetProperty("id").GetGuid().ShouldBe(created.GetProperty("id").GetGuid());
        var onDuty = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, "/v1/drivers/me", new { onDuty = true }, driver), HttpStatusCode.OK);
        onDuty.GetProperty("onDuty").GetBoolean().ShouldBeTrue();

        // A driver sees their own record but not the list, nor other drivers; staff-only actions are refused.
        (await _host.SendAsync(HttpMethod.Get, $"/v1/drivers/{me.GetProperty("id").GetGuid()}", null, driver)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _host.SendAsync(HttpMethod.Get, "/v1/drivers", null, driver)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var other = await _host.OnboardAsync(admin);
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/drivers/{other.GetProperty("id").GetGuid()}", null, driver), HttpStatusCode.NotFound, "driver_not_found");
        (await _host.SendAsync(HttpMethod.Patch, $"/v1/drivers/{other.GetProperty("id").GetGuid()}", new { status = "suspended" }, driver)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Suspension takes the driver off duty, and a suspended driver cannot go back on.
        var suspended = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, $"/v1/drivers/{me.GetProperty("id").GetGuid()}", new { status = "suspended" }, admin), HttpStatusCode.OK);
        (suspended.GetProperty("status").GetString(), suspended.GetProperty("onDuty").GetBoolean()).ShouldBe(("suspended", false));
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, "/v1/drivers/me", new { onDuty = true }, driver), HttpStatusCode.Conflict, "driver_not_active");
    }

    [Fact]
    public async Task Staff_list_drivers_by_name_with_filters_and_a_cursor()
    {
        var admin = await _host.StaffAsync("admin");
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { "Cara", "Abe", "Bea" })
        {
            await _host.OnboardAsync(admin, $"{name} {tag}");
        }

        var dispatcher = await _host.StaffAsync("dispatcher");
        var first = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/drivers?q={tag}&limit=2", null, dispatcher), HttpStatusCode.OK);
        first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ShouldBe([$"Abe {tag}", $"Bea {tag}"]);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/drivers?q={tag}&limit=2&cursor={cursor}", null, dispatcher), HttpStatusCode.OK);
        second.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ShouldBe([$"Cara {tag}"]);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);

        var suspended = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/drivers?q={tag}&status=suspended", null, dispatcher), HttpStatusCode.OK);
        suspended.GetProperty("items").GetArrayLength().ShouldBe(0);
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, "/v1/drivers?status=retired", null, dispatcher), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, "/v1/drivers?cursor=nonsense", null, dispatcher), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, "/v1/drivers?limit=0", null, dispatcher), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("phone", "12345")]
    [InlineData("phone", "07700 90012")]
    [InlineData("licenceNumber", "MORGA753116SM9I")]
    [InlineData("licenceNumber", "MORGA713116SM9IJ")]
    [InlineData("email", "dan@")]
    [InlineData("badgeNumber", "")]
    public async Task Bad_driver_details_are_a_validation_problem_naming_the_field(string field, string value)
    {
        var admin = await _host.StaffAsync("admin");
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Dan Driver",
            ["email"] = $"d.{Guid.NewGuid():N}@example.test",
            ["phone"] = "07700 900123",
            ["licenceNumber"] = FleetTestHost.LicenceNumber(1),
            ["badgeNumber"] = $"B-{Guid.NewGuid():N}"[..12],
            [field] = value,
        };

        var response = await _host.SendAsync(HttpMethod.Post, "/v1/drivers", body, admin);

        var problem = await FleetTestHost.JsonAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(n => n.Equals(field, StringComparison.OrdinalIgnoreCase), problem.ToString());
    }

    [Fact]
    public async Task Taken_email_licence_or_badge_is_a_conflict_and_only_admins_onboard()
    {
        var admin = await _host.StaffAsync("owner");
        var first = await _host.OnboardAsync(admin);
        object Body(string? email = null, string? licence = null, string? badge = null) => new
        {
            name = "Eve Echo",
            email = email ?? $"e.{Guid.NewGuid():N}@example.test",
            phone = "07700 900555",
            licenceNumber = licence ?? FleetTestHost.LicenceNumber(2),
            badgeNumber = badge ?? $"B-{Guid.NewGuid():N}"[..12],
        };

        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/drivers", Body(email: first.GetProperty("email").GetString()!.ToUpperInvariant()), admin), HttpStatusCode.Conflict, "email_taken");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/drivers", Body(licence: first.GetProperty("licenceNumber").GetString()), admin), HttpStatusCode.Conflict, "licence_number_taken");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/drivers", Body(badge: first.GetProperty("badgeNumber").GetString()!.ToLowerInvariant()), admin), HttpStatusCode.Conflict, "badge_number_taken");

        var dispatcher = await _host.StaffAsync("dispatcher");
        (await _host.SendAsync(HttpMethod.Post, "/v1/drivers", Body(), dispatcher)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Post, "/v1/drivers", Body(), await _host.CustomerAsync())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Post, "/v1/drivers", Body())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Status_changes_are_validated_and_leaving_is_final()
    {
        var admin = await _host.StaffAsync("admin");
        var driver = await _host.OnboardAsync(admin);
        var path = $"/v1/drivers/{driver.GetProperty("id").GetGuid()}";

        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, path, new { status = "retired" }, admin), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, path, new { }, admin), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, path, new { phone = "x" }, admin), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, path, new { name = "Renamed", version = 99 }, admin), HttpStatusCode.Conflict, "stale_version");

        var renamed = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, path, new { name = "Renamed Driver", phone = "01202 123456" }, admin), HttpStatusCode.OK);
        (renamed.GetProperty("name").GetString(), renamed.GetProperty("phone").GetString()).ShouldBe(("Renamed Driver", "+441202123456"));
        (await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, path, new { status = "left" }, admin), HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("left");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, path, new { status = "active" }, admin), HttpStatusCode.Conflict, "driver_has_left");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, $"/v1/drivers/{Guid.NewGuid()}", new { status = "active" }, admin), HttpStatusCode.NotFound, "driver_not_found");
    }
}
