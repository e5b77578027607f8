using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Fleet;
using Nots.Tests.Bookings;
using Nots.Tests.Dispatch;

namespace Nots.Tests.Web;

/// <summary>
/// The operations dashboard's pages over the real host (bookings, payments on the Sandbox, dispatch, fleet): the glance
/// figures, assigning from the board, refund and cancel from the booking page, the compliance review, and who may open what.
/// Staff sign in with a password here (<c>Identity:RequireStaffMfa=false</c>); <see cref="StaffSignInTests"/> covers MFA.
/// </summary>
public sealed class AdminDashboardTests(DispatchHostFixture fixture) : IClassFixture<DispatchHostFixture>
{
    private DispatchTestHost Host => fixture.Host;

    private async Task<(AdminBrowser Browser, Person Person)> StaffBrowserAsync(string role = "dispatcher")
    {
        var person = await Host.StaffAsync(role);
        var browser = new AdminBrowser(Host.NewBrowserClient());
        (await browser.SignInAsync(person.Email, DispatchTestHost.Password)).ShouldContain("Today at a glance");
        return (browser, person);
    }

    [Fact]
    public async Task The_glance_counts_a_new_paid_job_without_a_driver_and_lists_it()
    {
        var (browser, staff) = await StaffBrowserAsync("admin");
        var before = await browser.PageAsync("/admin");
        var unassigned = AdminBrowser.Count(before, "unassigned");
        AdminBrowser.Count(before, "non-compliant-vehicles").ShouldBeGreaterThanOrEqualTo(0);

        var job = await Host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(3));
        var after = await browser.PageAsync("/admin");
        AdminBrowser.Count(after, "unassigned").ShouldBe(unassigned + 1);
        after.ShouldContain($"data-reference=\"{job.Reference}\"");
        after.ShouldContain("data-testid=\"failed-notifications\"");
        after.ShouldContain("data-testid=\"dead-letters\"");

        // The booking is found by reference in the search, and its page shows the paid timeline.
        var list = await browser.PageAsync($"/admin/bookings?q={job.Reference}");
        list.ShouldContain($"data-reference=\"{job.Reference}\"");
        var detail = await browser.PageAsync($"/admin/bookings/{job.Reference}");
        AdminBrowser.TestId(detail, "booking-status").ShouldBe("Confirmed");
        detail.ShouldContain("Payment received");
    }

    [Fact]
    public async Task A_dispatcher_assigns_a_paid_job_from_the_board_to_a_compliant_driver()
    {
        var (browser, staff) = await StaffBrowserAsync();
        var driver = await Host.DriverAsync("Bea Board");
        var job = await Host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(3));

        var board = await browser.PageAsync("/admin/dispatch");
        board.ShouldContain($"data-reference=\"{job.Reference}\" data-status=\"Unassigned\"");
        var choice = $"{driver.DriverId}:{driver.VehicleId}";
        board.ShouldContain($"value=\"{choice}\"");
        board.ShouldContain("/js/admin-board.js");

        // A bad choice comes back as the rule's message, nothing changes.
        var refused = await browser.PostAndFollowAsync("/admin/dispatch/allocate", "/admin/dispatch", "/admin/dispatch",
            ("reference", job.Reference), ("mode", "assign"), ("choice", $"{driver.DriverId}:{Guid.NewGuid()}"));
        AdminBrowser.Flash(refused).ShouldContain("was not dispatched");

        var assigned = await browser.PostAndFollowAsync("/admin/dispatch/allocate", "/admin/dispatch", "/admin/dispatch",
            ("reference", job.Reference), ("mode", "assign"), ("choice", choice));
        AdminBrowser.Flash(assigned).ShouldContain($"{job.Reference} assigned");
        assigned.ShouldContain($"data-reference=\"{job.Reference}\" data-status=\"Assigned\"");
        assigned.ShouldContain($"Unassign {job.Reference}");
        (await Host.JobAsync(staff, job.Reference)).GetProperty("driverId").GetGuid().ShouldBe(driver.DriverId);
        await Host.WaitForBookingAsync(job, "Assigned");
        (await browser.PageAsync($"/admin/bookings/{job.Reference}")).ShouldContain("Bea Board");
    }

    [Fact]
    public async Task Staff_refund_part_then_cancel_with_the_fee_shown_first()
    {
        var (browser, staff) = await StaffBrowserAsync();
        var job = await Host.ConfirmedJobAsync(staff);
        var path = $"/admin/bookings/{job.Reference}";
        var page = await browser.PageAsync(path);
        var paid = (await Host.BookingAsync(job)).GetProperty("paidPence").GetInt32();
        AdminBrowser.TestId(page, "cancellation-fee").ShouldContain("Cancelling now keeps a fee of");

        // Amending goes through the customer's manage page, which lets staff in without the link's token.
        page.ShouldContain($"href=\"/manage/{job.Reference}\"");
        (await browser.PageAsync($"/manage/{job.Reference}")).ShouldContain("data-testid=\"booking-status\"");

        var tooMuch = await browser.PostAsync($"{path}/refund", path, ("amount", (paid / 100m + 1).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)), ("reason", "Goodwill"));
        tooMuch.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        AdminBrowser.TestId(tooMuch.Html, "refund-error").ShouldContain("Cannot refund");
        var notANumber = await browser.PostAsync($"{path}/refund", path, ("amount", "lots"), ("reason", "Goodwill"));
        notANumber.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var refunded = await browser.PostAndFollowAsync($"{path}/refund", path, path, ("amount", "5.00"), ("reason", "Driver was late last time"));
        AdminBrowser.Flash(refunded).ShouldContain("Refunded £5.00");
        refunded.ShouldContain("data-testid=\"refund-row\"");
        refunded.ShouldContain("Driver was late last time");
        (await Host.BookingAsync(job)).GetProperty("refundedPence").GetInt32().ShouldBe(500);

        var unticked = await browser.PostAndFollowAsync($"{path}/cancel", path, path);
        AdminBrowser.Flash(unticked).ShouldContain("Tick the box");
        var cancelled = await browser.PostAndFollowAsync($"{path}/cancel", path, path, ("confirm", "yes"));
        AdminBrowser.Flash(cancelled).ShouldContain("is cancelled");
        AdminBrowser.TestId(cancelled, "booking-status").ShouldBe("Cancelled");
        var booking = await Host.BookingAsync(job);
        booking.GetProperty("status").GetString().ShouldBe("Cancelled");
        (booking.GetProperty("refundedPence").GetInt32() + booking.GetProperty("cancellationFeePence").GetInt32()).ShouldBe(paid);
        cancelled.ShouldNotContain($"action=\"{path}/cancel\"");
    }

    [Fact]
    public async Task An_admin_verifies_a_document_from_the_review_queue_and_the_driver_becomes_compliant_while_a_dispatcher_may_not_review()
    {
        var driver = await Host.DriverAsync("Quinn Queue", onDuty: false, unverified: "medical");
        var (admin, _) = await StaffBrowserAsync("admin");
        var queue = await admin.PageAsync("/admin/compliance");
        queue.ShouldContain("medical certificate — Driver Quinn Queue");
        var id = System.Text.RegularExpressions.Regex.Match(queue, "data-document-id=\"([0-9a-f-]+)\" data-testid=\"document\">\\s*<h2>medical certificate — Driver Quinn Queue").Groups[1].Value;
        id.ShouldNotBeEmpty();
        queue.ShouldContain($"href=\"/v1/compliance/{id}/file\"");
        (await admin.Client.GetAsync($"/v1/compliance/{id}/file")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = Host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IFleetDirectory>().FindDriverAsync(driver.DriverId))!.Compliant.ShouldBeFalse();
        }

        var noReason = await admin.PostAsync($"/admin/compliance/{id}/reject", "/admin/compliance", ("reason", "x"));
        noReason.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var verified = await admin.PostAndFollowAsync($"/admin/compliance/{id}/verify", "/admin/compliance", "/admin/compliance", ("confirm", "yes"));
        AdminBrowser.Flash(verified).ShouldContain("Verified: medical certificate of Driver Quinn Queue");
        verified.ShouldNotContain($"data-document-id=\"{id}\"");
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<IFleetDirectory>().FindDriverAsync(driver.DriverId))!.Compliant.ShouldBeTrue();
        }

        var (dispatcher, _) = await StaffBrowserAsync("dispatcher");
        var (status, html, _) = await dispatcher.GetAsync("/admin/compliance");
        status.ShouldBe(HttpStatusCode.Forbidden);
        AdminBrowser.TestId(html, "forbidden").ShouldBe("This page is for admins and the owner.");
        (await dispatcher.PageAsync("/admin/fleet")).ShouldContain("Quinn Queue");
    }

    [Fact]
    public async Task A_phone_booking_is_quoted_and_booked_by_staff_and_recorded_as_taken_by_phone()
    {
        var (browser, staff) = await StaffBrowserAsync();
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(3), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var quoted = await browser.PostAsync("/admin/bookings/new", "/admin/bookings/new",
            ("pickup", "London Heathrow Airport"), ("dropoff", "1 Quay Road, Poole BH15 1AA"), ("date", local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ("time", "10:30"), ("passengers", "2"), ("suitcases", "2"));
        quoted.Status.ShouldBe(HttpStatusCode.SeeOther, quoted.Html[..Math.Min(2000, quoted.Html.Length)]);
        var options = await browser.PageAsync(quoted.Location!);
        options.ShouldContain("data-testid=\"price-saloon\"");

        var email = $"phone-{Guid.NewGuid():N}@example.com";
        var bad = await browser.PostAsync(quoted.Location!, quoted.Location!, ("vehicle", "saloon"), ("name", "Pat Phone"), ("email", "nope"), ("phone", "07700 900456"));
        bad.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        bad.Html.ShouldContain("id=\"email-error\"");
        var booked = await browser.PostAsync(quoted.Location!, quoted.Location!, ("vehicle", "saloon"), ("name", "Pat Phone"), ("email", email), ("phone", "07700 900456"));
        booked.Status.ShouldBe(HttpStatusCode.SeeOther, booked.Html);
        var page = await browser.PageAsync(booked.Location!);
        AdminBrowser.TestId(page, "booking-status").ShouldBe("Awaiting payment");
        page.ShouldContain($"phone, taken by {staff.Email}");
        page.ShouldContain("Open the payment page");
        var reference = AdminBrowser.TestId(page, "reference");
        var pay = await browser.PostAsync($"/admin/bookings/{reference}/payment", booked.Location!, ("go", "1"));
        pay.Status.ShouldBe(HttpStatusCode.SeeOther);
        pay.Location.ShouldNotBeNull().ShouldContain("/sandbox/checkout/");
    }

    [Fact]
    public async Task The_notification_log_lists_a_booking_s_messages_and_resends_one()
    {
        var (browser, staff) = await StaffBrowserAsync("admin");
        var job = await Host.ConfirmedJobAsync(staff);
        await Host.WaitForEmailAsync(job.Reference, "");

        // The message file is written before the delivery log's row commits: poll the log briefly.
        var id = "";
        for (var i = 0; i < 200 && id.Length == 0; i++)
        {
            var log = await browser.PageAsync($"/admin/notifications?reference={job.Reference}");
            id = System.Text.RegularExpressions.Regex.Match(log, "data-delivery-id=\"([0-9a-f-]+)\"").Groups[1].Value;
            if (id.Length == 0)
            {
                await Task.Delay(50);
            }
        }

        id.ShouldNotBeEmpty();
        var resent = await browser.PostAndFollowAsync($"/admin/notifications/{id}/resend", $"/admin/notifications?reference={job.Reference}", "/admin/notifications",
            ("back", $"/admin/notifications?status=&reference={job.Reference}"));
        AdminBrowser.Flash(resent).ShouldBe("Sent again.");

        var (dispatcher, _) = await StaffBrowserAsync("dispatcher");
        (await dispatcher.GetAsync("/admin/notifications")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admins_see_analytics_charts_and_the_audit_entry_of_an_assignment_while_dispatchers_may_not()
    {
        var (admin, staff) = await StaffBrowserAsync("admin");
        var driver = await Host.DriverAsync("Ada Audit");
        var job = await Host.ConfirmedJobAsync(staff, pickupIn: TimeSpan.FromHours(4));
        (await Host.DispatchAsync(staff, job.Reference, driver, "assign")).StatusCode.ShouldBe(HttpStatusCode.Created);

        string audit = "";
        for (var i = 0; i < 200 && !audit.Contains("data-audit-id", StringComparison.Ordinal); i++)
        {
            audit = await admin.PageAsync($"/admin/audit?subjectType=booking&subjectId={job.Reference}");
            await Task.Delay(50);
        }

        audit.ShouldContain("data-audit-id");
        audit.ShouldContain(job.Reference);

        var analytics = await admin.PageAsync("/admin/analytics?groupBy=day");
        analytics.ShouldContain("<svg");
        AdminBrowser.Count(analytics, "total-bookings").ShouldBeGreaterThanOrEqualTo(0);
        (await admin.GetAsync("/admin/analytics?from=2026-05-10&to=2026-05-01")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var (dispatcher, _) = await StaffBrowserAsync("dispatcher");
        (await dispatcher.GetAsync("/admin/analytics")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await dispatcher.GetAsync("/admin/audit")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_owner_previews_a_tariff_change_on_a_sample_journey_then_publishes_it_and_admins_may_not_open_pricing()
    {
        var (owner, _) = await StaffBrowserAsync("owner");
        var page = await owner.PageAsync("/admin/pricing");
        var version = AdminBrowser.TestId(page, "tariff-version");
        var json = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "<textarea[^>]*>(.*?)</textarea>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);
        var tariff = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var classes = tariff["vehicleClasses"]!.AsArray();
        foreach (var c in classes)
        {
            c!["minimumFarePence"] = 50_000;
        }

        tariff["fixedRoutes"] = new System.Text.Json.Nodes.JsonArray();

        var edited = tariff.ToJsonString();
        var broken = await owner.PostAsync("/admin/pricing", "/admin/pricing", ("action", "preview"), ("tariff", "{ not json"), ("expectedVersion", version));
        broken.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        broken.Html.ShouldContain("data-testid=\"tariff-problems\"");
        broken.Html.ShouldNotContain("value=\"publish\"");

        var preview = await owner.PostAsync("/admin/pricing", "/admin/pricing", ("action", "preview"), ("tariff", edited), ("expectedVersion", version),
            ("pickup", "LHR"), ("dropoff", "BH15 1AA"));
        preview.Status.ShouldBe(HttpStatusCode.OK, preview.Html[..Math.Min(3000, preview.Html.Length)]);
        preview.Html.ShouldContain("data-testid=\"preview\"");
        decimal.Parse(AdminBrowser.TestId(preview.Html, "draft-saloon").TrimStart('£'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThanOrEqualTo(500m);
        preview.Html.ShouldContain("value=\"publish\"");
        AdminBrowser.TestId(await owner.PageAsync("/admin/pricing"), "tariff-version").ShouldBe(version);

        var published = await owner.PostAndFollowAsync("/admin/pricing", "/admin/pricing", "/admin/pricing", ("action", "publish"), ("tariff", edited), ("expectedVersion", version));
        AdminBrowser.Flash(published).ShouldContain("is published");
        AdminBrowser.TestId(published, "tariff-version").ShouldNotBe(version);

        // Publishing over someone else's newer version is refused.
        var stale = await owner.PostAsync("/admin/pricing", "/admin/pricing", ("action", "publish"), ("tariff", json), ("expectedVersion", version));
        stale.Status.ShouldBe(HttpStatusCode.Conflict);

        // Put the test tariff back for the other tests of this host.
        var back = await owner.PostAsync("/admin/pricing", "/admin/pricing", ("action", "publish"), ("tariff", json), ("expectedVersion", AdminBrowser.TestId(published, "tariff-version")));
        back.Status.ShouldBe(HttpStatusCode.SeeOther);

        var (admin, _) = await StaffBrowserAsync("admin");
        (await admin.GetAsync("/admin/pricing")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_refund_endpoint_is_staff_only_tells_the_customer_and_never_gives_back_more_than_was_paid()
    {
        var staff = await Host.StaffAsync();
        var job = await Host.ConfirmedJobAsync(staff);
        var path = $"/v1/bookings/{job.Reference}/refunds";
        (await Host.SendAsync(HttpMethod.Post, path, new { amountPence = 300, reason = "Goodwill" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await DispatchTestHost.ProblemAsync(await Host.SendAsync(HttpMethod.Post, path, new { amountPence = 0, reason = "Goodwill" }, staff), HttpStatusCode.BadRequest, "validation_failed");

        var refunded = await DispatchTestHost.JsonAsync(await Host.SendAsync(HttpMethod.Post, path, new { amountPence = 300, reason = "Goodwill" }, staff), HttpStatusCode.OK);
        refunded.GetProperty("refundedPence").GetInt32().ShouldBe(300);
        refunded.GetProperty("refunds")[0].GetProperty("amountPence").GetInt32().ShouldBe(300);
        var notice = await Host.WaitForEmailAsync(job.Reference, "A refund on your transfer");
        notice.Leaves().Single(p => p.ContentType.MediaType == "text/plain").Text.ShouldContain("We have refunded £3.00");

        var paid = (await Host.BookingAsync(job)).GetProperty("paidPence").GetInt32();
        await DispatchTestHost.ProblemAsync(await Host.SendAsync(HttpMethod.Post, path, new { amountPence = paid, reason = "Too much" }, staff), HttpStatusCode.Conflict, "refund_exceeds_paid");
        var booking = await Host.BookingAsync(job);
        booking.GetProperty("refundedPence").GetInt32().ShouldBe(300);
        booking.GetProperty("status").GetString().ShouldBe("Confirmed");
    }
}
