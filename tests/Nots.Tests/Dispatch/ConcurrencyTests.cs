using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nots.Tests.Dispatch;

/// <summary>
/// Allocation is decided by the database, not by a lock in one process: requests race on two nodes (two hosts, two
/// DI containers, one database) and exactly one wins.
/// </summary>
public sealed class ConcurrencyTests(DispatchHostFixture fixture) : IClassFixture<DispatchHostFixture>
{
    private readonly DispatchTestHost _host = fixture.Host;

    [Fact]
    public async Task Many_parallel_assignments_of_one_booking_have_exactly_one_winner()
    {
        var staff = await _host.StaffAsync();
        var drivers = new List<TestDriver>();
        for (var i = 0; i < 12; i++)
        {
            drivers.Add(await _host.DriverAsync($"Racer {i}"));
        }

        var job = await _host.ConfirmedJobAsync(staff);
        var second = _host.AddNode().CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var start = new SemaphoreSlim(0);
        var racing = drivers.Select(async (driver, i) =>
        {
            await start.WaitAsync();
            return await _host.DispatchAsync(staff, job.Reference, driver, i % 3 == 0 ? "offer" : "assign", i % 2 == 0 ? _host.Client : second);
        }).ToList();
        start.Release(drivers.Count);
        var responses = await Task.WhenAll(racing);

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        winners.Count.ShouldBe(1, string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            loser.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var problem = await DispatchTestHost.JsonAsync(loser, HttpStatusCode.Conflict);
            problem.GetProperty("code").GetString().ShouldBeOneOf("job_not_assignable", "job_changed");
        }

        var winner = await DispatchTestHost.JsonAsync(winners[0], HttpStatusCode.Created);
        var stored = await _host.JobAsync(staff, job.Reference);
        stored.GetProperty("driverId").GetGuid().ShouldBe(winner.GetProperty("driverId").GetGuid());
        if (winner.GetProperty("status").GetString() == "Assigned")
        {
            (await _host.WaitForBookingAsync(job, "Assigned")).GetProperty("history").EnumerateArray()
                .Count(h => h.GetProperty("toStatus").GetString() == "Assigned").ShouldBe(1);
        }
    }

    [Fact]
    public async Task Parallel_assignments_of_overlapping_bookings_to_one_driver_have_one_winner()
    {
        var staff = await _host.StaffAsync();
        var second = _host.AddNode().CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var round = 0; round < 3; round++)
        {
            var driver = await _host.DriverAsync($"Double {round}");
            var jobs = new List<BookedJob>();
            for (var i = 0; i < 4; i++)
            {
                // All four pickups lie within one 128-minute journey of each other.
                jobs.Add(await _host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(40 + (round * 10)) + TimeSpan.FromMinutes(i * 20)));
            }

            using var start = new SemaphoreSlim(0);
            var racing = jobs.Select(async (job, i) =>
            {
                await start.WaitAsync();
                return await _host.DispatchAsync(staff, job.Reference, driver, "assign", i % 2 == 0 ? _host.Client : second);
            }).ToList();
            start.Release(jobs.Count);
            var responses = await Task.WhenAll(racing);

            responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, string.Join("\n", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                (await DispatchTestHost.JsonAsync(loser, HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBeOneOf("driver_overlap", "vehicle_overlap");
            }

            var assigned = 0;
            foreach (var job in jobs)
            {
                if ((await _host.JobAsync(staff, job.Reference)).GetProperty("status").GetString() == "Assigned")
                {
                    assigned++;
                }
            }

            assigned.ShouldBe(1);
        }
    }
}
