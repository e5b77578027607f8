using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Fleet;

namespace Nots.Tests.Fleet;

public sealed class ComplianceTests(FleetHostFixture fixture) : IClassFixture<FleetHostFixture>
{
    private static readonly string[] DriverTypes = ["driving-licence", "ph-badge", "dbs", "medical", "right-to-work"];
    private static readonly string[] VehicleTypes = ["v5c", "mot", "insurance", "plate-licence"];
    private readonly FleetTestHost _host = fixture.Host;

    private async Task<(Person Admin, Guid DriverId, Person Driver)> DriverAsync()
    {
        var admin = await _host.StaffAsync("admin");
        var email = $"drv.{Guid.NewGuid():N}@example.test";
        var created = await _host.OnboardAsync(admin, email: email);
        var driver = await _host.AcceptInvitationAsync(email);
        return (admin, created.GetProperty("id").GetGuid(), driver);
    }

    [Fact]
    public async Task A_driver_uploads_their_own_document_and_only_they_and_admins_can_see_it()
    {
        var (admin, driverId, driver) = await DriverAsync();
        var expires = FleetTestHost.Date(FleetTestHost.Today.AddYears(1));

        var uploaded = await FleetTestHost.JsonAsync(await _host.UploadAsync(driver, "driver", driverId, "medical", expires, FleetTestHost.Pdf), HttpStatusCode.Created);
        uploaded.GetProperty("status").GetString().ShouldBe("Pending");
        uploaded.GetProperty("contentType").GetString().ShouldBe("application/pdf");
        var id = uploaded.GetProperty("id").GetGuid();

        var file = await _host.SendAsync(HttpMethod.Get, $"/v1/compliance/{id}/file", null, driver);
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(FleetTestHost.Pdf);
        (await _host.SendAsync(HttpMethod.Get, $"/v1/compliance/{id}/file", null, admin)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Another driver: 404 for the document, its file, and an upload on someone else's record.
        var (_, _, other) = await DriverAsync();
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/compliance/{id}", null, other), HttpStatusCode.NotFound, "document_not_found");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/compliance/{id}/file", null, other), HttpStatusCode.NotFound, "document_not_found");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(other, "driver", driverId, "medical", expires, FleetTestHost.Pdf), HttpStatusCode.NotFound, "owner_not_found");
        var theirs = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/compliance", null, other), HttpStatusCode.OK);
        theirs.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldNotContain(id);
        var dispatcher = await _host.StaffAsync("dispatcher");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/compliance/{id}/file", null, dispatcher), HttpStatusCode.NotFound, "document_not_found");

        // Drivers cannot review.
        (await _host.SendAsync(HttpMethod.Post, $"/v1/compliance/{id}/verify", null, driver)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Files_are_checked_by_content_and_size_and_bad_fields_are_validation_problems()
    {
        var (admin, driverId, driver) = await DriverAsync();
        var expires = FleetTestHost.Date(FleetTestHost.Today.AddYears(1));

        // An executable renamed to .pdf, and a GIF (a real image, but not an allowed type).
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(driver, "driver", driverId, "medical", expires, "MZ\u0090\0this is not a pdf"u8.ToArray(), "scan.pdf"),
            HttpStatusCode.UnsupportedMediaType, "unsupported_document_type");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(driver, "driver", driverId, "medical", expires, "GIF89a........"u8.ToArray(), "scan.png"),
            HttpStatusCode.UnsupportedMediaType, "unsupported_document_type");
        var tooBig = new byte[(10 * 1024 * 1024) + 1];
        FleetTestHost.Pdf.CopyTo(tooBig, 0);
        (await _host.UploadAsync(driver, "driver", driverId, "medical", expires, tooBig)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        (await FleetTestHost.JsonAsync(await _host.UploadAsync(driver, "driver", driverId, "right-to-work", expires, png, "passport.png"), HttpStatusCode.Created))
            .GetProperty("contentType").GetString().ShouldBe("image/png");

        await FleetTestHost.ProblemAsync(await _host.UploadAsync(admin, "driver", driverId, "medical", "31/12/2030", FleetTestHost.Pdf), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(admin, "driver", driverId, "medical", null, FleetTestHost.Pdf), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(admin, "lorry", driverId, "medical", expires, FleetTestHost.Pdf), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(admin, "driver", driverId, "mot", expires, FleetTestHost.Pdf), HttpStatusCode.UnprocessableEntity, "document_type_invalid");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(admin, "driver", driverId, "dbs", expires, FleetTestHost.Pdf), HttpStatusCode.UnprocessableEntity, "dbs_issue_date_required");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(admin, "driver", driverId, "medical", FleetTestHost.Date(FleetTestHost.Today.AddDays(-1)), FleetTestHost.Pdf),
            HttpStatusCode.UnprocessableEntity, "document_expired");
        await FleetTestHost.ProblemAsync(await _host.UploadAsync(admin, "driver", Guid.NewGuid(), "medical", expires, FleetTestHost.Pdf), HttpStatusCode.NotFound, "owner_not_found");

        // Nothing was recorded by the refused uploads: only the PNG is there.
        var listed = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/compliance?ownerId={driverId}", null, admin), HttpStatusCode.OK);
        listed.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("documentType").GetString()).ShouldBe(["right-to-work"]);
    }

    [Fact]
    public async Task Verified_documents_make_a_driver_and_vehicle_compliant_and_the_directory_dispatchable()
    {
        var (admin, driverId, driver) = await DriverAsync();
        var today = FleetTestHost.Today;
        var vehicle = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/vehicles", new
        {
            registration = "HF" + Random.Shared.Next(10, 99) + " X" + (char)('A' + Random.Shared.Next(26)) + (char)('A' + Random.Shared.Next(26)),
            make = "Skoda",
            model = "Octavia",
            colour = "Grey",
            vehicleClass = "estate",
            seats = 4,
            suitcases = 4,
            plateNumber = $"PHV-{Guid.NewGuid():N}"[..12],
            driverIds = new[] { driverId },
        }, admin), HttpStatusCode.Created);
        var vehicleId = vehicle.GetProperty("id").GetGuid();

        foreach (var type in DriverTypes)
        {
            await _host.VerifiedDocumentAsync(admin, "driver", driverId, type, today.AddYears(1), type == "dbs" ? today.AddDays(-20) : null);
        }

        var motId = Guid.Empty;
        foreach (var type in VehicleTypes)
        {
            var id = await _host.VerifiedDocumentAsync(admin, "vehicle", vehicleId, type, type == "mot" ? today.AddDays(5) : today.AddYears(1));
            motId = type == "mot" ? id : motId;
        }

        (await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Patch, "/v1/drivers/me", new { onDuty = true }, driver), HttpStatusCode.OK))
            .GetProperty("compliant").GetBoolean().ShouldBeTrue();

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<IFleetDirectory>();
            var snapshot = (await directory.FindDriverAsync(driverId))!;
            (snapshot.Compliant, snapshot.OnDuty, snapshot.Status, snapshot.FirstName).ShouldBe((true, true, "active", "Dan"));
            snapshot.VehicleIds.ShouldBe([vehicleId]);
            (await directory.FindDriverByUserAsync(Guid.Parse(driver.Sub)))!.Id.ShouldBe(driverId);
            var car = (await directory.FindVehicleAsync(vehicleId))!;
            (car.Compliant, car.VehicleClass, car.Suitcases).ShouldBe((true, "estate", 4));
            car.DriverIds.ShouldBe([driverId]);
            (await directory.ListDispatchableDriversAsync()).Select(d => d.Id).ShouldContain(driverId);
            (await directory.FindDriverAsync(Guid.NewGuid())).ShouldBeNull();
        }

        // The MOT runs out within 30 days: listed as expiring and counted on the dashboard.
        var expiring = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/compliance?ownerId={vehicleId}&expiringWithinDays=30", null, admin), HttpStatusCode.OK);
        expiring.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([motId]);
        var summary = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/compliance/summary", null, admin), HttpStatusCode.OK);
        summary.GetProperty("documentsExpiringWithin30Days").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        (await _host.SendAsync(HttpMethod.Get, "/v1/compliance/summary", null, driver)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Rejecting the verified MOT (say it was forged) makes the vehicle non-compliant and the driver undispatchable.
        var rejected = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, $"/v1/compliance/{motId}/reject", new { reason = "Certificate number not on the DVSA register" }, admin), HttpStatusCode.OK);
        rejected.GetProperty("status").GetString().ShouldBe("Rejected");
        await _host.WaitForEmailAsync(driver.Email, "was not accepted");
        var car2 = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/vehicles/{vehicleId}", null, driver), HttpStatusCode.OK);
        car2.GetProperty("complianceIssues").EnumerateArray().Select(i => i.GetString()).ShouldBe(["mot rejected: Certificate number not on the DVSA register"]);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IFleetDirectory>().ListDispatchableDriversAsync()).Select(d => d.Id).ShouldNotContain(driverId);
        }

        summary = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/compliance/summary", null, admin), HttpStatusCode.OK);
        summary.GetProperty("vehicles").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()).ShouldContain(vehicleId);
    }

    [Fact]
    public async Task A_newer_verified_document_supersedes_the_older_one_and_reviews_follow_the_rules()
    {
        var (admin, driverId, _) = await DriverAsync();
        var today = FleetTestHost.Today;
        var old = await _host.VerifiedDocumentAsync(admin, "driver", driverId, "medical", today.AddDays(10));
        var renewed = await _host.VerifiedDocumentAsync(admin, "driver", driverId, "medical", today.AddYears(3));

        var oldView = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/compliance/{old}", null, admin), HttpStatusCode.OK);
        (oldView.GetProperty("status").GetString(), oldView.GetProperty("supersededBy").GetGuid()).ShouldBe(("Superseded", renewed));
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, $"/v1/compliance/{renewed}/verify", null, admin), HttpStatusCode.Conflict, "document_not_pending");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, $"/v1/compliance/{old}/reject", new { reason = "Old" }, admin), HttpStatusCode.Conflict, "document_not_reviewable");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, $"/v1/compliance/{renewed}/reject", new { reason = "" }, admin), HttpStatusCode.BadRequest, "validation_failed");
        await FleetTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, $"/v1/compliance/{Guid.NewGuid()}/verify", null, admin), HttpStatusCode.NotFound, "document_not_found");

        var verified = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/compliance?ownerId={driverId}&status=Verified", null, admin), HttpStatusCode.OK);
        verified.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([renewed]);
        var driver = await FleetTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/drivers/{driverId}", null, admin), HttpStatusCode.OK);
        driver.GetProperty("complianceIssues").EnumerateArray().Select(i => i.GetString()).ShouldNotContain(i => i!.StartsWith("medical", StringComparison.Ordinal));
    }
}
