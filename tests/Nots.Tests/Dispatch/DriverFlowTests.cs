using System.Net;
using System.Text.Json;

namespace Nots.Tests.Dispatch;

public sealed partial class DriverFlowTests(DispatchHostFixture fixture) : IClassFixture<DispatchHostFixture>
{
    private readonly DispatchTestHost _host = fixture.Host;

    [Fact]
    public async Task A_hard_assigned_job_is_walked_to_completed_and_the_booking_and_customer_follow()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Dave Driver");
        var job = await _host.ConfirmedJobAsync(staff);

        var created = await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "assign"), HttpStatusCode.Created);
        created.GetProperty("status").GetString().ShouldBe("Assigned");
        created.GetProperty("jobId").GetGuid().ShouldBe(job.JobId);

        var assigned = await _host.WaitForBookingAsync(job, "Assigned");
        var mail = await _host.WaitForEmailAsync(job.Reference, "Your driver");
        mail.Header("Subject").ShouldContain("Dave");
        var text = mail.Leaves().Single(p => p.ContentType.MediaType == "text/plain").Text;
        text.ShouldContain(driver.Registration);
        text.ShouldContain("Silver Skoda Superb");
        // The badge link opens the driver's verified council badge without signing in; a forged one does not.
        var badge = BadgeLink().Match(text);
        badge.Success.ShouldBeTrue(text);
        var photo = await _host.Client.GetAsync(new Uri(badge.Value).PathAndQuery);
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await _host.Client.GetAsync($"/v1/drivers/{driver.DriverId}/badge?token=forged")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        text.ShouldContain("(UK time)");

        (await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "en-route"), HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("EnRoute");
        await _host.WaitForBookingAsync(job, "DriverEnRoute");
        (await _host.WaitForEmailAsync(job.Reference, "on the way")).Leaves().Single(p => p.ContentType.MediaType == "text/plain").Text.ShouldContain(driver.Registration);

        await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "arrived"), HttpStatusCode.OK);
        await _host.WaitForBookingAsync(job, "Arrived");
        (await _host.WaitForEmailAsync(job.Reference, "has arrived")).Leaves().Single(p => p.ContentType.MediaType == "text/plain").Text.ShouldContain("name board");

        await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "on-board"), HttpStatusCode.OK);
        var done = await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "complete"), HttpStatusCode.OK);
        done.GetProperty("completedAt").ValueKind.ShouldBe(JsonValueKind.String);
        var completed = await _host.WaitForBookingAsync(job, "Completed");
        Statuses(completed).ShouldBe(["Confirmed", "Assigned", "DriverEnRoute", "Arrived", "PassengerOnBoard", "Completed"]);

        // The statutory record has the driver and vehicle; the customer got the SMS messages too.
        var owner = await _host.StaffAsync("owner");
        var log = await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/admin/notifications?reference={job.Reference}&limit=50", user: owner), HttpStatusCode.OK);
        var sms = log.GetProperty("items").EnumerateArray().Where(d => d.GetProperty("channel").GetString() == "sms").Select(d => d.GetProperty("templateKey").GetString()).ToList();
        sms.ShouldContain("nots.booking.driver-assigned");
        sms.ShouldContain("nots.booking.driver-en-route");
        sms.ShouldContain("nots.booking.driver-arrived");

        // Analytics: the driver's time on the road counts against their time on duty.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_host.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        JsonElement analytics = default;
        for (var i = 0; i < 100; i++)
        {
            analytics = await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/analytics?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}", user: owner), HttpStatusCode.OK);
            if (analytics.GetProperty("driverUtilisation").EnumerateArray().Any(u => u.GetProperty("driverId").GetGuid() == driver.DriverId && u.GetProperty("onJobHours").GetDouble() > 0))
            {
                break;
            }

            await Task.Delay(50);
        }

        var use = analytics.GetProperty("driverUtilisation").EnumerateArray().Single(u => u.GetProperty("driverId").GetGuid() == driver.DriverId);
        use.GetProperty("driverName").GetString().ShouldBe("Dave Driver");
        use.GetProperty("onDutyHours").GetDouble().ShouldBeGreaterThanOrEqualTo(use.GetProperty("onJobHours").GetDouble());
        use.GetProperty("utilisation").GetDouble().ShouldBeInRange(0.0, 1.0);
    }

    [Fact]
    public async Task An_offer_is_accepted_only_by_its_driver_and_steps_must_come_in_order()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Olive Offer");
        var other = await _host.DriverAsync("Otto Other");
        var job = await _host.ConfirmedJobAsync(staff);

        var offered = await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "offer"), HttpStatusCode.Created);
        offered.GetProperty("status").GetString().ShouldBe("Offered");
        offered.GetProperty("offerExpiresAt").ValueKind.ShouldBe(JsonValueKind.String);

        // Another driver cannot see or act on it; the driver sees it in their list.
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(other.Person, job.JobId, "accept"), HttpStatusCode.NotFound, "job_not_found");
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/dispatch/jobs/{job.JobId}", user: other.Person), HttpStatusCode.NotFound, "job_not_found");
        var mine = await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/dispatch/jobs", user: driver.Person), HttpStatusCode.OK);
        mine.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("bookingReference").GetString()).ShouldContain(job.Reference);
        mine.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("bookingReference").GetString() == job.Reference)
            .GetProperty("nameBoard").GetString().ShouldBe("Ann Hirer");
        (await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/dispatch/jobs", user: other.Person), HttpStatusCode.OK))
            .GetProperty("items").GetArrayLength().ShouldBe(0);

        // Steps out of order are refused.
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(driver.Person, job.JobId, "en-route"), HttpStatusCode.Conflict, "invalid_transition");

        var accepted = await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "accept"), HttpStatusCode.OK);
        accepted.GetProperty("status").GetString().ShouldBe("Assigned");
        await _host.WaitForBookingAsync(job, "Assigned");
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(driver.Person, job.JobId, "complete"), HttpStatusCode.Conflict, "invalid_transition");
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(driver.Person, job.JobId, "accept"), HttpStatusCode.Conflict, "invalid_transition");
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(driver.Person, job.JobId, "unassign"), HttpStatusCode.Conflict, "staff_only");
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Patch, $"/v1/dispatch/{job.JobId}", new { action = "fly" }, driver.Person), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_rejected_offer_frees_the_job_and_a_dispatcher_can_release_an_assigned_driver()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Rita Reject");
        var job = await _host.ConfirmedJobAsync(staff);

        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "offer"), HttpStatusCode.Created);
        (await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "reject"), HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Unassigned");

        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "assign"), HttpStatusCode.Created);
        await _host.WaitForBookingAsync(job, "Assigned");
        var released = await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, $"/v1/dispatch/{job.JobId}", new { action = "unassign", reason = "Car broke down" }, staff), HttpStatusCode.OK);
        released.GetProperty("status").GetString().ShouldBe("Unassigned");
        released.GetProperty("driverId").ValueKind.ShouldBe(JsonValueKind.Null);
        var booking = await _host.WaitForBookingAsync(job, "Confirmed");
        booking.GetProperty("history").EnumerateArray().Last(h => h.GetProperty("kind").GetString() == "Status").GetProperty("detail").GetString()!.ShouldContain("Car broke down");

        // The released driver can no longer see it.
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(driver.Person, job.JobId, "en-route"), HttpStatusCode.NotFound, "job_not_found");
    }

    [Fact]
    public async Task No_show_is_refused_until_the_free_waiting_time_is_over_and_records_the_evidence()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Nina Noshow");
        var job = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromMinutes(50));
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "assign"), HttpStatusCode.Created);
        await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "en-route"), HttpStatusCode.OK);
        await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "arrived"), HttpStatusCode.OK);
        await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 51.4713, lng = -0.4525, accuracy = 12.0 }, driver.Person), HttpStatusCode.OK);

        // A flight pickup waits 45 minutes after pickup: at pickup + 30 min it is too early.
        _host.Clock.Advance(TimeSpan.FromMinutes(80));
        var early = await DispatchTestHost.ProblemAsync(await _host.ActAsync(driver.Person, job.JobId, "no-show"), HttpStatusCode.Conflict, "waiting_time_not_over");
        early.GetProperty("detail").GetString()!.ShouldContain("45 minutes");

        _host.Clock.Advance(TimeSpan.FromMinutes(20));
        var noShow = await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, job.JobId, "no-show"), HttpStatusCode.OK);
        noShow.GetProperty("status").GetString().ShouldBe("NoShow");
        noShow.GetProperty("note").GetString()!.ShouldContain("51.4713,-0.4525");
        var booking = await _host.WaitForBookingAsync(job, "NoShow");
        booking.GetProperty("history").EnumerateArray().Last(h => h.GetProperty("kind").GetString() == "Status").GetProperty("detail").GetString()!.ShouldContain("waited");
    }

    [Fact]
    public async Task Positions_are_validated_and_only_drivers_post_them()
    {
        var driver = await _host.DriverAsync("Pat Position");
        var staff = await _host.StaffAsync();
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 91.0, lng = 0.0 }, driver.Person), HttpStatusCode.BadRequest, "validation_failed");
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 51.0, lng = -181.0 }, driver.Person), HttpStatusCode.BadRequest, "validation_failed");
        await DispatchTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lng = 1.0 }, driver.Person), HttpStatusCode.BadRequest, "validation_failed");
        (await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 51.0, lng = -1.0 }, staff)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 51.0, lng = -1.0 })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var stored = await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 50.72, lng = -1.98, accuracy = 8.5 }, driver.Person), HttpStatusCode.OK);
        stored.GetProperty("driverId").GetGuid().ShouldBe(driver.DriverId);
        await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 50.73, lng = -1.99 }, driver.Person), HttpStatusCode.OK);
    }

    private static List<string?> Statuses(JsonElement booking) =>
        booking.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "Status").Select(h => h.GetProperty("toStatus").GetString()).ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://\S+/v1/drivers/[0-9a-f-]+/badge\?token=\S+")]
    private static partial System.Text.RegularExpressions.Regex BadgeLink();
}
