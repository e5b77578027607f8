using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Platform.Identity;

namespace Nots.Tests.Fleet;

public sealed class ComplianceAlertTests(FleetHostFixture fixture) : IClassFixture<FleetHostFixture>
{
    private readonly FleetTestHost _host = fixture.Host;

    private async Task<int> RunAsync(DateOnly day)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ComplianceAlertJob>().RunForAsync(day, CancellationToken.None);
    }

    private async Task<int> RequestsAsync(string reference)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
        var sql = db.Database.IsNpgsql()
            ? "SELECT payload AS \"Value\" FROM fleet.outbox_messages WHERE message_type LIKE '%notification-requested%'"
            : "SELECT payload AS \"Value\" FROM fleet_outbox_messages WHERE message_type LIKE '%notification-requested%'";
        var payloads = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        return payloads.Count(p => p.Contains($"\"{reference}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warnings_go_at_30_14_7_and_0_days_once_each_even_when_runs_repeat_and_overlap()
    {
        var admin = await _host.StaffAsync("admin");
        var email = $"alert.{Guid.NewGuid():N}@example.test";
        var created = await _host.OnboardAsync(admin, "Alice Alert", email);
        var driverId = created.GetProperty("id").GetGuid();
        var today = FleetTestHost.Today;
        var documentId = await _host.VerifiedDocumentAsync(admin, "driver", driverId, "medical", today.AddDays(30));
        int admins;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            admins = (await scope.ServiceProvider.GetRequiredService<IAccounts>().ListEmailsInRolesAsync(["admin", "owner"])).Count;
        }

        foreach (var (day, threshold) in new[] { (0, 30), (16, 14), (23, 7), (30, 0) })
        {
            var runDay = today.AddDays(day);
            var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => RunAsync(runDay))));
            await RunAsync(runDay);
            concurrent.Sum().ShouldBeGreaterThanOrEqualTo(1);

            var reference = $"compliance-{documentId:N}-{threshold}";
            (await RequestsAsync(reference)).ShouldBe(2 + admins, reference); // driver e-mail + SMS, one e-mail per admin
        }

        // A day between thresholds sends nothing new.
        await RunAsync(today.AddDays(20));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
            (await db.Alerts.Where(a => a.DocumentId == documentId).Select(a => a.ThresholdDays).ToListAsync()).Order().ShouldBe([0, 7, 14, 30]);
        }

        // And they are really sent: the driver's e-mail and SMS are in the delivery log once per threshold.
        var mail = await _host.WaitForEmailAsync(email, "expires in 14 days");
        mail.Leaves().First(p => p.ContentType.MediaType == "text/plain").Text.ShouldContain("medical certificate");
        for (var i = 0; i < 200; i++)
        {
            var log = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/admin/notifications?reference=compliance-{documentId:N}-0&limit=50", null, admin), HttpStatusCode.OK);
            var items = log.GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 2 + admins && items.All(d => d.GetProperty("status").GetString() == "sent"))
            {
                items.Count(d => d.GetProperty("channel").GetString() == "sms").ShouldBe(1);
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The expiry-day warnings were not all delivered.");
    }

    [Fact]
    public async Task A_vehicle_document_warns_its_drivers_and_a_late_verification_skips_straight_to_the_due_warning()
    {
        var admin = await _host.StaffAsync("admin");
        var email = $"veh.{Guid.NewGuid():N}@example.test";
        var driver = await _host.OnboardAsync(admin, "Victor Van", email);
        var vehicle = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", new
        {
            registration = "WP" + Random.Shared.Next(10, 99) + " V" + (char)('A' + Random.Shared.Next(26)) + (char)('A' + Random.Shared.Next(26)),
            make = "Ford",
            model = "Tourneo",
            colour = "White",
            vehicleClass = "mpv8",
            seats = 8,
            suitcases = 8,
            plateNumber = $"PHV-{Guid.NewGuid():N}"[..12],
            driverIds = new[] { driver.GetProperty("id").GetGuid() },
        }, admin), HttpStatusCode.Created);
        var today = FleetTestHost.Today;
        var mot = await _host.VerifiedDocumentAsync(admin, "vehicle", vehicle.GetProperty("id").GetGuid(), "mot", today.AddDays(10));

        (await RunAsync(today)).ShouldBeGreaterThanOrEqualTo(1);

        (await RequestsAsync($"compliance-{mot:N}-30")).ShouldBe(0);
        (await RequestsAsync($"compliance-{mot:N}-14")).ShouldBeGreaterThanOrEqualTo(2);
        var mail = await _host.WaitForEmailAsync(email, "expires in 10 days");
        mail.Leaves().First(p => p.ContentType.MediaType == "text/plain").Text.ShouldContain(vehicle.GetProperty("registration").GetString()!);
    }
}
