using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Bookings;
using Nots.Contracts.Dispatch;
using Nots.Reporting.Data;
using Nots.Reporting.Projection;
using Nots.Tests.Bookings;
using Platform.Messaging;

namespace Nots.Tests.Reporting;

/// <summary>Analytics and statutory records, fed by the real booking flow through integration events.</summary>
public sealed class ReportingTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    private static string Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime)
        .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Confirmed_and_cancelled_bookings_show_in_the_analytics_by_uk_day_class_and_route()
    {
        var admin = await _host.StaffAsync("admin");
        await SettledAsync();
        var before = await AnalyticsAsync(admin);
        var kept = await _host.ConfirmedBookingAsync(TimeSpan.FromDays(3));
        var cancelled = await _host.ConfirmedBookingAsync(TimeSpan.FromHours(10));
        (await _host.SendAsync(HttpMethod.Delete, cancelled.ManagePath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var unpaid = await _host.BookAsync();
        (await _host.SendAsync(HttpMethod.Delete, unpaid.ManagePath)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The cancelled one keeps its 50 % fee (10 hours' notice) as revenue; the unpaid one never counts. The
        // cancellation and its refund reach the projection as separate events, so wait for the revenue too.
        var revenue = Totals(before).RevenuePence + TestQuotes.SaloonPence + (TestQuotes.SaloonPence / 2);
        var after = await EventuallyAsync(admin, a => Totals(a).Cancellations == Totals(before).Cancellations + 1 && Totals(a).Bookings == Totals(before).Bookings + 2
            && Totals(a).RevenuePence == revenue);

        Totals(after).RevenuePence.ShouldBe(revenue);
        var today = after.GetProperty("series").EnumerateArray().Single(p => p.GetProperty("period").GetString() == Today);
        today.GetProperty("bookings").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        after.GetProperty("timeZone").GetString().ShouldBe("Europe/London");
        after.GetProperty("revenueByVehicleClass").EnumerateArray().ShouldContain(c => c.GetProperty("vehicleClass").GetString() == "saloon");
        after.GetProperty("topRoutes").EnumerateArray().First().GetProperty("route").GetString()!.ShouldContain("→");
        after.GetProperty("totals").GetProperty("averageLeadTimeHours").GetDouble().ShouldBeGreaterThan(0);
        kept.Reference.ShouldNotBeNullOrEmpty();

        var monthly = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/analytics?from={Today}&to={Today}&groupBy=month", user: admin), HttpStatusCode.OK);
        monthly.GetProperty("series").GetArrayLength().ShouldBe(1);
        monthly.GetProperty("series")[0].GetProperty("period").GetString().ShouldBe(Today[..7]);
    }

    [Fact]
    public async Task Records_export_as_csv_and_pdf_for_the_pickup_period()
    {
        var admin = await _host.StaffAsync("owner");
        var booked = await _host.ConfirmedBookingAsync(TimeSpan.FromDays(2));
        var pickupDay = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2));
        var range = $"from={pickupDay.AddDays(-1):yyyy-MM-dd}&to={pickupDay.AddDays(1):yyyy-MM-dd}";

        string csv = "";
        for (var i = 0; i < 200 && !csv.Contains(booked.Reference, StringComparison.Ordinal); i++)
        {
            var response = await _host.SendAsync(HttpMethod.Get, $"/v1/records?{range}&format=csv", user: admin);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            csv = await response.Content.ReadAsStringAsync();
            await Task.Delay(50);
        }

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("reference,booked_at,channel,pickup_time,pickup_place,destination");
        lines.ShouldContain(l => l.StartsWith(booked.Reference + ",", StringComparison.Ordinal) && l.Contains(",100.00,", StringComparison.Ordinal));

        var pdf = await _host.SendAsync(HttpMethod.Get, $"/v1/records?{range}&format=pdf", user: admin);
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Encoding.Latin1.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        Encoding.Latin1.GetString(bytes).ShouldContain(booked.Reference);
    }

    [Fact]
    public async Task Bad_parameters_are_400_and_only_admins_and_owners_may_read_reports()
    {
        var admin = await _host.StaffAsync("admin");
        foreach (var query in new[] { "/v1/analytics?from=2026-13-01", "/v1/analytics?from=2026-05-02&to=2026-05-01", "/v1/analytics?groupBy=year",
                     "/v1/records?format=xml", "/v1/records?from=2020-01-01&to=2026-01-01" })
        {
            var problem = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, query, user: admin), HttpStatusCode.BadRequest);
            problem.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty(query);
        }

        (await _host.SendAsync(HttpMethod.Get, "/v1/analytics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.SendAsync(HttpMethod.Get, "/v1/records", user: await _host.CustomerAsync())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Get, "/v1/analytics", user: await _host.StaffAsync("dispatcher"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Events_out_of_order_end_in_the_same_figures()
    {
        var id = Guid.NewGuid();
        var reference = "NT-" + id.ToString("N")[..6].ToUpperInvariant();
        var now = DateTimeOffset.UtcNow;
        var booked = new TransferBookedIntegrationEvent(id, reference, "estate", now.AddDays(5), "Poole", "Heathrow", 3, null, 15000, "GBP", "online", now);
        var amended = new BookingAmendedIntegrationEvent(id, reference, now.AddDays(6), "Poole", "Gatwick", 3, 17000, now.AddMinutes(1));
        var cancelled = new BookingCancelledIntegrationEvent(id, reference, "Confirmed", 0, 17000, now.AddMinutes(2));

        // Cancellation first, then the amendment, then the confirmation: the last word on each field still wins.
        await HandleAsync<BookingCancelledIntegrationEvent, OnBookingCancelled>(cancelled);
        await HandleAsync<BookingAmendedIntegrationEvent, OnBookingAmended>(amended);
        await HandleAsync<TransferBookedIntegrationEvent, OnTransferBooked>(booked);
        await HandleAsync<BookingAmendedIntegrationEvent, OnBookingAmended>(amended with { DropoffName = "Stale", AmendedAt = now });

        await using var scope = _host.Services.CreateAsyncScope();
        var fact = await scope.ServiceProvider.GetRequiredService<ReportingDbContext>().Bookings.AsNoTracking().SingleAsync(f => f.BookingId == id);
        (fact.Status, fact.DropoffName, fact.TotalPence, fact.VehicleClass, fact.RefundPence, fact.RevenuePence).ShouldBe((FactStatus.Cancelled, "Gatwick", 17000, "estate", 17000, 0));
        fact.ConfirmedAt.ShouldBe(now, TimeSpan.FromMilliseconds(1));

        // A booking cancelled before it was ever paid for never enters the reports.
        var never = new BookingCancelledIntegrationEvent(Guid.NewGuid(), "NT-NEVER1", "PendingPayment", 0, 0, now);
        await HandleAsync<BookingCancelledIntegrationEvent, OnBookingCancelled>(never);
        (await scope.ServiceProvider.GetRequiredService<ReportingDbContext>().Bookings.AnyAsync(f => f.BookingId == never.BookingId)).ShouldBeFalse();
    }

    [Fact]
    public async Task Allocation_and_no_show_complete_the_statutory_record_and_count_in_the_analytics()
    {
        var admin = await _host.StaffAsync("admin");
        await SettledAsync();
        var before = Totals(await AnalyticsAsync(admin));
        var id = Guid.NewGuid();
        var reference = "NT-" + id.ToString("N")[..6].ToUpperInvariant();
        var now = DateTimeOffset.UtcNow;
        var pickup = now;
        await HandleAsync<TransferBookedIntegrationEvent, OnTransferBooked>(new(id, reference, "saloon", pickup, "Poole", "Heathrow", 1, null, 9000, "GBP", "phone", now,
            LeadPassengerName: "=HYPERLINK(\"http://x\")"));
        var dispatcherAccount = await _host.StaffAsync("dispatcher");
        var dispatcher = dispatcherAccount.Sub;
        DriverAssignedIntegrationEvent Assigned(string driver, DateTimeOffset at) =>
            new(Guid.NewGuid(), id, reference, Guid.NewGuid(), driver.Split(' ')[0], driver, "PH-" + driver.Length, null, Guid.NewGuid(), "HF71 ABC", "Skoda", "Superb", "Silver", "PL-123", dispatcher, at, "assign");

        // The later allocation is the record, whatever order the two arrive in.
        await HandleAsync<DriverAssignedIntegrationEvent, OnDriverAssigned>(Assigned("Nina Newer", now.AddSeconds(2)));
        await HandleAsync<DriverAssignedIntegrationEvent, OnDriverAssigned>(Assigned("Olly Older", now.AddSeconds(1)));
        await HandleAsync<JobStatusChangedIntegrationEvent, OnJobStatusChanged>(new(Guid.NewGuid(), id, reference, "NoShow", now.AddMinutes(20), 50.7, -1.9));

        var today = ReportPeriodText(pickup);
        var csv = await (await _host.SendAsync(HttpMethod.Get, $"/v1/records?from={today}&to={today}", user: admin)).Content.ReadAsStringAsync();
        var header = csv.Split('\n')[0].TrimEnd('\r').Split(',');
        var row = csv.Split('\n').Single(l => l.StartsWith(reference + ",", StringComparison.Ordinal)).TrimEnd('\r').Split(',');
        string Field(string name) => row[Array.IndexOf(header, name)];
        (Field("hirer_name"), Field("driver_name"), Field("driver_badge"), Field("vehicle_registration"), Field("vehicle_plate"), Field("status"))
            .ShouldBe(("\"'=HYPERLINK(\"\"http://x\"\")\"", "Nina Newer", "PH-10", "HF71 ABC", "PL-123", "NoShow"));
        Field("dispatcher").ShouldContain(dispatcherAccount.Email, Case.Insensitive, "the record names the dispatcher, not their user id");

        var after = await EventuallyAsync(admin, a => a.GetProperty("totals").GetProperty("noShows").GetInt32() >= 1);
        after.GetProperty("totals").GetProperty("noShows").GetInt32().ShouldBe(before.NoShows + 1);
        Totals(after).RevenuePence.ShouldBe(before.RevenuePence + 9000, "a no-show still pays");
    }

    private static string ReportPeriodText(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task HandleAsync<TEvent, THandler>(TEvent e)
        where TEvent : class
        where THandler : IIntegrationEventHandler<TEvent>
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<THandler>(scope.ServiceProvider);
        await handler.HandleAsync(e, new MessageContext(Guid.NewGuid(), typeof(TEvent).Name, DateTimeOffset.UtcNow, null, 1), CancellationToken.None);
    }

    private sealed record TotalsView(int Bookings, long RevenuePence, int Cancellations, int NoShows);

    private static TotalsView Totals(JsonElement analytics)
    {
        var totals = analytics.GetProperty("totals");
        return new(totals.GetProperty("bookings").GetInt32(), totals.GetProperty("revenuePence").GetInt64(), totals.GetProperty("cancellations").GetInt32(),
            totals.GetProperty("noShows").GetInt32());
    }

    private async Task<JsonElement> AnalyticsAsync(Person admin) =>
        await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/analytics?from={Today}&to={Today}", user: admin), HttpStatusCode.OK);

    // The projection follows the events within moments; wait for it rather than for a fixed time.
    /// <summary>
    /// Waits (up to 15 s) until the events of earlier tests on this shared host are projected: the analytics are global,
    /// so a "before" read while another test's cancellation is still in flight would count that one as this test's.
    /// </summary>
    private async Task SettledAsync()
    {
        var monitor = _host.Services.GetRequiredService<IMessagingMonitor>();
        for (var i = 0; i < 300; i++)
        {
            var status = await monitor.GetStatusAsync();
            if (status.PendingDeliveries == 0 && status.Outboxes.All(o => o.Undispatched == 0))
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> EventuallyAsync(Person admin, Func<JsonElement, bool> condition)
    {
        var last = await AnalyticsAsync(admin);
        for (var i = 0; i < 300 && !condition(last); i++)
        {
            await Task.Delay(50);
            last = await AnalyticsAsync(admin);
        }

        condition(last).ShouldBeTrue(last.ToString());
        return last;
    }
}
