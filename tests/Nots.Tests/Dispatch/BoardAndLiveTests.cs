using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Nots.Tests.Bookings;

namespace Nots.Tests.Dispatch;

public sealed class BoardAndLiveTests(DispatchHostFixture fixture) : IClassFixture<DispatchHostFixture>
{
    private readonly DispatchTestHost _host = fixture.Host;

    [Fact]
    public async Task The_board_lists_the_day_by_time_the_unassigned_jobs_and_the_available_drivers()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Bea Board");
        await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/dispatch/positions", new { lat = 51.47, lng = -0.45 }, driver.Person), HttpStatusCode.OK);
        var early = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(3));
        var waiting = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(8));
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, early.Reference, driver, "assign"), HttpStatusCode.Created);

        var day = TimeZoneInfo.ConvertTime(_host.Clock.GetUtcNow().AddHours(3), TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var board = await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/dispatch/board?date={day}", user: staff), HttpStatusCode.OK);
        board.GetProperty("date").GetString().ShouldBe(day);
        var row = board.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job").GetProperty("bookingReference").GetString() == early.Reference);
        row.GetProperty("job").GetProperty("status").GetString().ShouldBe("Assigned");
        row.GetProperty("driverName").GetString().ShouldBe("Bea Board");
        row.GetProperty("registration").GetString().ShouldBe(driver.Registration);
        var pickups = board.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job").GetProperty("pickupAt").GetDateTimeOffset()).ToList();
        pickups.ShouldBe(pickups.Order().ToList());
        board.GetProperty("unassignedNext24Hours").EnumerateArray().Select(j => j.GetProperty("job").GetProperty("bookingReference").GetString()).ShouldContain(waiting.Reference);
        var me = board.GetProperty("drivers").EnumerateArray().Single(d => d.GetProperty("driverId").GetGuid() == driver.DriverId);
        me.GetProperty("lat").GetDouble().ShouldBe(51.47);
        me.GetProperty("currentJob").GetString().ShouldBe(early.Reference);
    }

    [Fact]
    public async Task Staff_see_changes_live_on_another_node_and_drivers_see_only_their_own_offers()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Liv Live");
        var other = await _host.DriverAsync("Oz Other");
        var mine = await _host.ConfirmedJobAsync(staff);
        var theirs = await _host.ConfirmedJobAsync(staff);

        // The board watcher is connected to a second node; the changes are made through the first.
        var secondNode = _host.AddNode().CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await using var board = await LiveStream.OpenAsync(secondNode, staff);
        await using var app = await LiveStream.OpenAsync(_host.Client, driver.Person);

        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, theirs.Reference, other, "assign"), HttpStatusCode.Created);
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, mine.Reference, driver, "offer"), HttpStatusCode.Created);

        var seen = await board.NextJobAsync(j => j.GetProperty("bookingReference").GetString() == theirs.Reference && j.GetProperty("status").GetString() == "Assigned");
        seen.GetProperty("driverId").GetGuid().ShouldBe(other.DriverId);
        await board.NextJobAsync(j => j.GetProperty("bookingReference").GetString() == mine.Reference && j.GetProperty("status").GetString() == "Offered");

        var offer = await app.NextJobAsync(_ => true);
        offer.GetProperty("bookingReference").GetString().ShouldBe(mine.Reference);
        offer.GetProperty("status").GetString().ShouldBe("Offered");

        await DispatchTestHost.JsonAsync(await _host.ActAsync(driver.Person, mine.JobId, "accept"), HttpStatusCode.OK);
        (await app.NextJobAsync(_ => true)).GetProperty("status").GetString().ShouldBe("Assigned");
        await board.NextJobAsync(j => j.GetProperty("bookingReference").GetString() == mine.Reference && j.GetProperty("status").GetString() == "Assigned");

        // Customers have no live feed.
        var customerEmail = $"cust.{Guid.NewGuid():N}@example.test";
        (await _host.SendAsync(HttpMethod.Post, "/v1/auth/register", new { email = customerEmail, password = DispatchTestHost.Password, name = "Cy Customer" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = (await DispatchTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/auth/token", new { email = customerEmail, password = DispatchTestHost.Password }), HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
        (await _host.SendAsync(HttpMethod.Get, "/v1/dispatch/live", user: new Person(customerEmail, token, ""))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancelling_the_booking_cancels_the_job_and_frees_the_driver()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Cal Cancel");
        var job = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(60));
        var overlapping = await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(61));
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "assign"), HttpStatusCode.Created);
        await _host.WaitForBookingAsync(job, "Assigned");
        await DispatchTestHost.ProblemAsync(await _host.DispatchAsync(staff, overlapping.Reference, driver, "assign"), HttpStatusCode.Conflict, "driver_overlap");

        (await _host.SendAsync(HttpMethod.Delete, $"/v1/bookings/{job.Reference}?token={Uri.EscapeDataString(job.Token)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _host.WaitForJobAsync(staff, job.Reference, j => j.GetProperty("status").GetString() == "Cancelled", "Cancelled");
        await DispatchTestHost.ProblemAsync(await _host.ActAsync(driver.Person, job.JobId, "en-route"), HttpStatusCode.Conflict, "invalid_transition");
        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, overlapping.Reference, driver, "assign"), HttpStatusCode.Created);
    }

    /// <summary>Reads <c>GET /v1/dispatch/live</c> as a browser's EventSource would.</summary>
    private sealed class LiveStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;
        private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

        private LiveStream(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<LiveStream> OpenAsync(HttpClient client, Person user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/dispatch/live");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
            var stream = new LiveStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
            var (name, _) = await stream.NextAsync();
            name.ShouldBe("hello");
            return stream;
        }

        public async Task<JsonElement> NextJobAsync(Func<JsonElement, bool> match)
        {
            while (true)
            {
                var (name, data) = await NextAsync();
                if (name == "job" && match(data))
                {
                    return data;
                }
            }
        }

        private async Task<(string Name, JsonElement Data)> NextAsync()
        {
            string? name = null;
            string? data = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync(_timeout.Token) ?? throw new EndOfStreamException("The live feed ended.");
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line[5..].Trim();
                }
                else if (line.Length == 0 && data is not null)
                {
                    return (name ?? "message", JsonDocument.Parse(data).RootElement.Clone());
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            _timeout.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
