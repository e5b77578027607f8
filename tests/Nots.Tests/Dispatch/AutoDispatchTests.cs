using System.Net;
using Nots.Tests.Bookings;

namespace Nots.Tests.Dispatch;

/// <summary>A host with <c>Dispatch:AutoDispatch=true</c>: every confirmed booking is offered automatically.</summary>
public sealed class AutoDispatchHostFixture : IAsyncLifetime
{
    internal DispatchTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await DispatchTestHost.StartAsync(new KeyValuePair<string, string?>("Dispatch:AutoDispatch", "true"));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class AutoDispatchTests(AutoDispatchHostFixture fixture) : IClassFixture<AutoDispatchHostFixture>
{
    private readonly DispatchTestHost _host = fixture.Host;

    [Fact]
    public async Task Offers_go_nearest_first_move_on_after_a_reject_or_a_timeout_and_escalate_after_three()
    {
        await _host.SendEveryoneHomeAsync();
        var staff = await _host.StaffAsync();
        var far = await _host.DriverAsync("Fay Far");
        var near = await _host.DriverAsync("Ned Near");
        var middle = await _host.DriverAsync("Mia Middle");
        await Position(far, 53.4808, -2.2426);   // Manchester
        await Position(near, 51.4680, -0.3610);  // Hounslow, by Heathrow
        await Position(middle, 51.4543, -0.9781); // Reading

        var job = await _host.ConfirmedJobAsync(staff);
        await OfferedToAsync(staff, job, near);
        await DispatchTestHost.JsonAsync(await _host.ActAsync(near.Person, job.JobId, "reject"), HttpStatusCode.OK);

        var second = await OfferedToAsync(staff, job, middle);
        second.GetProperty("offerAttempts").GetInt32().ShouldBe(2);
        // Pre-booked: 90 seconds to answer. Nobody answers.
        _host.Clock.Advance(TimeSpan.FromSeconds(91));
        await OfferedToAsync(staff, job, far);
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(middle.Person, job.JobId, "accept"), HttpStatusCode.NotFound, "job_not_found");
        await DispatchTestHost.JsonAsync(await _host.ActAsync(far.Person, job.JobId, "reject"), HttpStatusCode.OK);

        var escalated = await _host.WaitForJobAsync(staff, job.Reference, j => j.GetProperty("status").GetString() == "Escalated", "Escalated");
        escalated.GetProperty("note").GetString()!.ShouldContain("3 offers");
        var board = await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/dispatch/board", user: staff), HttpStatusCode.OK);
        board.GetProperty("unassignedNext24Hours").EnumerateArray().Select(j => j.GetProperty("job").GetProperty("bookingReference").GetString()).ShouldNotContain(job.Reference);

        // A dispatcher hands it back to auto-dispatch once a new driver is on: the fresh driver gets it and accepts.
        var fresh = await _host.DriverAsync("Fred Fresh");
        var again = await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, null, "auto"), HttpStatusCode.Created);
        again.GetProperty("status").GetString().ShouldBe("Offered");
        again.GetProperty("driverId").GetGuid().ShouldBe(fresh.DriverId);
        await DispatchTestHost.JsonAsync(await _host.ActAsync(fresh.Person, job.JobId, "accept"), HttpStatusCode.OK);
        var booking = await _host.WaitForBookingAsync(job, "Assigned");
        booking.GetProperty("history").EnumerateArray().Last(h => h.GetProperty("toStatus").GetString() == "Assigned")
            .GetProperty("detail").GetString()!.ShouldContain("auto-dispatch");

        // Analytics counts the offers: two declined, one timed out, one accepted.
        var owner = await _host.StaffAsync("owner");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_host.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        var path = $"/v1/analytics?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
        System.Text.Json.JsonElement dispatch = default;
        for (var i = 0; i < 100; i++)
        {
            dispatch = (await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, path, user: owner), HttpStatusCode.OK)).GetProperty("dispatch");
            if (dispatch.GetProperty("offersAccepted").GetInt32() >= 1 && dispatch.GetProperty("offersRejected").GetInt32() >= 2 && dispatch.GetProperty("offersExpired").GetInt32() >= 1)
            {
                break;
            }

            await Task.Delay(50);
        }

        dispatch.GetProperty("offersRejected").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        dispatch.GetProperty("offersExpired").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        dispatch.GetProperty("offersAccepted").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        dispatch.GetProperty("acceptanceRate").GetDouble().ShouldBeInRange(0.01, 0.99);
        dispatch.GetProperty("averageSecondsToAccept").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Without_positions_the_driver_idle_longest_is_offered_first_and_asap_offers_time_out_sooner()
    {
        await _host.SendEveryoneHomeAsync();
        var staff = await _host.StaffAsync();
        var first = await _host.DriverAsync("Ivy Idle");
        var second = await _host.DriverAsync("Ian Idle");

        var one = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(50));
        var offered = await _host.WaitForJobAsync(staff, one.Reference, j => j.GetProperty("status").GetString() == "Offered", "Offered");
        var busy = offered.GetProperty("driverId").GetGuid();
        var idle = busy == first.DriverId ? second : first;
        await DispatchTestHost.JsonAsync(await _host.ActAsync(busy == first.DriverId ? first.Person : second.Person, one.JobId, "accept"), HttpStatusCode.OK);

        // The other driver has waited longer since their last offer, so the next job goes to them; it picks up within
        // the hour, so the offer is an ASAP one (45 seconds).
        var two = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromMinutes(40));
        var next = await OfferedToAsync(staff, two, idle);
        (next.GetProperty("offerExpiresAt").GetDateTimeOffset() - next.GetProperty("offeredAt").GetDateTimeOffset()).ShouldBe(TimeSpan.FromSeconds(45));
    }

    private async Task Position(TestDriver driver, double lat, double lng) =>
        await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat, lng }, driver.Person), HttpStatusCode.OK);

    private async Task<System.Text.Json.JsonElement> OfferedToAsync(Person staff, BookedJob job, TestDriver driver) =>
        await _host.WaitForJobAsync(staff, job.Reference,
            j => j.GetProperty("status").GetString() == "Offered" && j.GetProperty("driverId").GetString() == driver.DriverId.ToString(),
            "offered to " + driver.Person.Email);
}
