using System.Net;

namespace Nots.Tests.Dispatch;

public sealed class EligibilityTests(DispatchHostFixture fixture) : IClassFixture<DispatchHostFixture>
{
    private readonly DispatchTestHost _host = fixture.Host;

    [Fact]
    public async Task Each_broken_rule_is_a_409_that_names_it_and_leaves_the_job_unassigned()
    {
        var staff = await _host.StaffAsync();
        var job = await _host.ConfirmedJobAsync(staff, passengers: 6, suitcases: 4, vehicleClass: "mpv6");

        async Task Refused(TestDriver driver, string rule)
        {
            var problem = await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, job.Reference, driver, "assign"), HttpStatusCode.Conflict, rule);
            problem.GetProperty("rule").GetString().ShouldBe(rule);
            problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        }

        var small = await _host.DriverAsync("Sam Small", vehicleClass: "mpv6", seats: 5, suitcases: 6);
        await Refused(small, "vehicle_too_few_seats");

        var boot = await _host.DriverAsync("Ben Boot", vehicleClass: "mpv6", seats: 6, suitcases: 3);
        await Refused(boot, "vehicle_too_little_luggage_space");

        // Documents uploaded but not yet verified by an admin do not count.
        var lapsed = await _host.DriverAsync("Lara Lapsed", vehicleClass: "mpv6", seats: 6, suitcases: 6, unverified: "dbs");
        var problem = await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, job.Reference, lapsed, "assign"), HttpStatusCode.Conflict, "driver_not_compliant");
        problem.GetProperty("detail").GetString()!.ShouldContain("dbs awaiting verification");

        var mot = await _host.DriverAsync("Mo Tee", vehicleClass: "mpv6", seats: 6, suitcases: 6, unverified: "mot");
        (await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, job.Reference, mot, "assign"), HttpStatusCode.Conflict, "vehicle_not_compliant"))
            .GetProperty("detail").GetString()!.ShouldContain("mot awaiting verification");

        var suspended = await _host.DriverAsync("Sue Spended", vehicleClass: "mpv6", seats: 6, suitcases: 6);
        await _host.SetStatusAsync(suspended, "suspended");
        await Refused(suspended, "driver_not_active");

        var borrower = await _host.DriverAsync("Bo Rower", vehicleClass: "mpv6", seats: 6, suitcases: 6);
        await Refused(borrower with { VehicleId = boot.VehicleId }, "vehicle_not_assigned_to_driver");

        var exec = await _host.DriverAsync("Ed Exec", vehicleClass: "executive", seats: 4, suitcases: 6);
        await Refused(exec, "vehicle_class_mismatch");

        (await _host.JobAsync(staff, job.Reference)).GetProperty("status").GetString().ShouldBe("Unassigned");
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, borrower, "assign"), HttpStatusCode.Created);
        await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, job.Reference, borrower, "assign"), HttpStatusCode.Conflict, "job_not_assignable");
    }

    [Fact]
    public async Task A_driver_cannot_take_overlapping_jobs_and_must_be_on_duty_for_jobs_within_the_hour()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Olly Overlap");
        var first = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(30));
        // 128 minutes' journey + 15 minutes' buffer: a pickup 2 hours later still clashes, 3 hours later does not.
        var clash = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(32));
        var later = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(33));

        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, first.Reference, driver, "assign"), HttpStatusCode.Created);
        (await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, clash.Reference, driver, "offer"), HttpStatusCode.Conflict, "driver_overlap"))
            .GetProperty("detail").GetString()!.ShouldContain(first.Reference);
        var colleague = await _host.DriverAsync("Cole League");
        await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, clash.Reference, colleague with { VehicleId = driver.VehicleId }, "assign"), HttpStatusCode.Conflict, "vehicle_not_assigned_to_driver");
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, later.Reference, driver, "assign"), HttpStatusCode.Created);

        var resting = await _host.DriverAsync("Rex Resting", onDuty: false);
        var soon = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromMinutes(40));
        await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, soon.Reference, resting, "assign"), HttpStatusCode.Conflict, "driver_off_duty");
        var tomorrow = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(20));
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, tomorrow.Reference, resting, "assign"), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Dispatching_needs_staff_and_valid_input()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Val Id");
        var job = await _host.ConfirmedJobAsync(staff);
        (await _host.DispatchAsync(driver.Person, job.Reference, driver, "assign")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Post, "/v1/dispatch", new { bookingReference = job.Reference, mode = "assign" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch", new { bookingReference = job.Reference, mode = "grab" }, staff), HttpStatusCode.BadRequest, "validation_failed");
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch", new { bookingReference = job.Reference, mode = "assign" }, staff), HttpStatusCode.BadRequest, "validation_failed");
        await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, "NT-NOPE00", driver, "assign"), HttpStatusCode.NotFound, "job_not_found");
        await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, job.Reference, driver with { DriverId = Guid.NewGuid() }, "assign"), HttpStatusCode.NotFound, "driver_not_found");
        (await _host.SendAsync(HttpMethod.Get, "/v1/dispatch/board", user: driver.Person)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, "/v1/dispatch/board?date=tomorrow", user: staff), HttpStatusCode.BadRequest, "validation_failed");
    }
}
