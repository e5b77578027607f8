using System.Net;
using System.Text.Json;
using Nots.Tests.Bookings;

namespace Nots.Tests.Reporting;

/// <summary>Staff actions reach the append-only audit log through the fleet module's events.</summary>
public sealed class AuditTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    [Fact]
    public async Task Onboarding_and_suspending_a_driver_are_audited_with_who_and_before_after()
    {
        var admin = await _host.StaffAsync("admin");
        var suffix = Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var driver = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/drivers", new
        {
            name = "Morgan Audit",
            email = $"morgan.{suffix}@example.test",
            phone = "07700 900" + suffix[..3],
            licenceNumber = "MORGA753116SM9IJ",
            badgeNumber = "PH-" + suffix,
        }, admin), HttpStatusCode.Created);
        var id = driver.GetProperty("id").GetString()!;
        (await _host.SendAsync(HttpMethod.Patch, $"/v1/drivers/{id}", new { status = "suspended" }, admin)).StatusCode.ShouldBe(HttpStatusCode.OK);

        JsonElement page = default;
        for (var i = 0; i < 300; i++)
        {
            page = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/audit?subjectType=driver&subjectId={id}", user: admin), HttpStatusCode.OK);
            if (page.GetProperty("items").GetArrayLength() >= 2)
            {
                break;
            }

            await Task.Delay(50);
        }

        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(2, page.ToString());
        items.ShouldAllBe(e => e.GetProperty("actorUserId").GetString() == admin.Sub);
        var suspended = items[0];
        suspended.GetProperty("action").GetString().ShouldBe("nots.driver-status-changed.v1");
        suspended.GetProperty("summary").GetString().ShouldBe("Driver status active → suspended");
        suspended.GetProperty("before").GetString()!.ShouldContain("active");
        suspended.GetProperty("after").GetString()!.ShouldContain("suspended");
        items[1].GetProperty("summary").GetString()!.ShouldStartWith("Driver Morgan Audit onboarded");

        // One per page: the cursor walks the log without repeats.
        var first = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/audit?subjectId={id}&limit=1", user: admin), HttpStatusCode.OK);
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/audit?subjectId={id}&limit=1&cursor={cursor}", user: admin), HttpStatusCode.OK);
        second.GetProperty("items")[0].GetProperty("id").GetString().ShouldBe(items[1].GetProperty("id").GetString());

        (await _host.SendAsync(HttpMethod.Get, "/v1/audit?cursor=nonsense", user: admin)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.SendAsync(HttpMethod.Get, "/v1/audit?limit=0", user: admin)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.SendAsync(HttpMethod.Get, "/v1/audit", user: await _host.StaffAsync("dispatcher"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
