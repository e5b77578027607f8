using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Bookings.Domain;
using Nots.Bookings.Features.PersonalData;
using Nots.Reporting.Retention;
using Nots.Tests.Bookings;
using Platform.Privacy;
using Platform.Testing;

namespace Nots.Tests.Privacy;

public sealed class PersonalDataTests(NotsPrivacyFixture fixture) : IClassFixture<NotsPrivacyFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    [Fact]
    public async Task Export_has_the_customers_own_and_guest_bookings_and_nothing_of_another_customer()
    {
        var ann = await _host.CustomerAsync("Ann Export");
        var bob = await _host.CustomerAsync("Bob Other");
        var annSigned = await _host.BookAsync(TimeSpan.FromDays(5), ann);
        var annGuest = await BookAsGuestAsync(ann.Email, "Ann As Guest");
        var bobs = await _host.BookAsync(TimeSpan.FromDays(5), bob);
        var bobGuest = await BookAsGuestAsync(bob.Email, "Bob As Guest");

        // Until Ann proves the address is hers, a guest booking made with it is not handed to whoever registered it.
        var unconfirmed = PrivacySteps.BookingReferences(await _host.ExportAsync(ann)).ToList();
        unconfirmed.ShouldContain(annSigned.Reference);
        unconfirmed.ShouldNotContain(annGuest.Reference);

        await _host.ConfirmEmailAsync(ann);
        var export = await _host.ExportAsync(ann);
        var references = PrivacySteps.BookingReferences(export).ToList();
        references.ShouldBe([annSigned.Reference, annGuest.Reference], ignoreOrder: true);
        references.ShouldNotContain(bobs.Reference);
        references.ShouldNotContain(bobGuest.Reference);
        export.GetProperty("account").GetProperty("email").GetString().ShouldBe(ann.Email);
        var guest = export.GetProperty("sections").GetProperty("bookings").GetProperty("bookings").EnumerateArray()
            .Single(b => b.GetProperty("reference").GetString() == annGuest.Reference);
        guest.GetProperty("leadPassenger").GetProperty("name").GetString().ShouldBe("Ann As Guest");
        guest.GetProperty("payments").GetArrayLength().ShouldBe(0);
        export.GetProperty("sections").TryGetProperty("notifications", out _).ShouldBeTrue();
        export.ToString().ShouldNotContain(bob.Email);
    }

    [Fact]
    public async Task Erasure_keeps_the_statutory_record_pseudonymises_contact_details_and_closes_the_account()
    {
        var carol = await _host.CustomerAsync("Carol Erase");
        await _host.ConfirmEmailAsync(carol);

        // A journey travelled (paid, then cancelled so nothing is left to run) within the retention period...
        var recent = await BookAsGuestAsync(carol.Email, "Ann Hirer", carol);
        await PayAsync(recent);
        (await _host.Client.DeleteAsync(recent.ManagePath)).IsSuccessStatusCode.ShouldBeTrue();
        await _host.WaitForRecordAsync(recent.Reference, f => f.Status == "Cancelled");
        (await _host.WaitForJobAsync(recent.Reference, j => j.Status == "Cancelled")).LeadPassengerName.ShouldBe("Ann Hirer");
        var owner = await _host.StaffAsync("owner");
        await _host.WaitForEmailAsync(recent.Reference, "");

        // The message file is written before the delivery log's row commits: poll the log briefly.
        var logged = "";
        for (var i = 0; i < 200 && !logged.Contains(carol.Email, StringComparison.OrdinalIgnoreCase); i++)
        {
            logged = (await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/admin/notifications?reference={recent.Reference}", user: owner), HttpStatusCode.OK)).ToString();
            await Task.Delay(i == 0 ? 0 : 50);
        }

        logged.ShouldContain(carol.Email, Case.Insensitive);

        // ...one whose record is past retention, made as a guest with her confirmed address...
        var old = await BookAsGuestAsync(carol.Email, "Carol Long Ago");
        await _host.MovePickupAsync(old.Reference, DateTimeOffset.UtcNow.AddMonths(-25));

        // ...and someone else's booking that must not change.
        var other = await _host.BookAsync(TimeSpan.FromDays(4), await _host.CustomerAsync());

        var id = await _host.RequestErasureAsync(carol);
        (await _host.RequestErasureAsync(carol)).ShouldBe(id, "asking again answers with the same request");
        var status = await _host.WaitForErasureAsync(carol, id);
        status.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("source").GetString())
            .ShouldBe(["bookings", "notifications"]);

        var kept = await _host.WithBookingsAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == recent.Reference));
        kept.PassengerName.ShouldBe("Ann Hirer", "the hirer's name is part of the statutory record for 24 months");
        kept.PickupName.ShouldNotBeNullOrEmpty();
        kept.TotalPence.ShouldBe(TestQuotes.SaloonPence);
        kept.PassengerEmail.ShouldBe(Erased.Email);
        kept.PassengerPhone.ShouldBe("");
        kept.Notes.ShouldBeNull();
        kept.FlightNumber.ShouldBeNull();
        kept.CustomerId.ShouldBeNull();
        kept.ContactErasedAt.ShouldNotBeNull();
        kept.PseudonymisedAt.ShouldBeNull();
        kept.JourneyJson.ShouldNotContain("BA123");

        var gone = await _host.WithBookingsAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == old.Reference));
        gone.PassengerName.ShouldBe("Erased hirer " + old.Reference);
        gone.PassengerEmail.ShouldBe(Erased.Email);
        gone.PseudonymisedAt.ShouldNotBeNull();

        var untouched = await _host.WithBookingsAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == other.Reference));
        untouched.PassengerEmail.ShouldBe("ann@example.com");
        untouched.ContactErasedAt.ShouldBeNull();

        // The record row follows: name kept within retention, flight number gone.
        var record = await _host.WaitForRecordAsync(recent.Reference, f => f.PersonalDataErasedAt is not null);
        record.HirerName.ShouldBe("Ann Hirer");
        record.FlightNumber.ShouldBeNull();

        // So does the dispatch job's copy of the passenger (the record above is the statutory one).
        var job = await _host.WaitForJobAsync(recent.Reference, j => j.LeadPassengerName is null);
        job.FlightNumber.ShouldBeNull();

        // The manage link no longer opens the booking.
        (await _host.Client.GetAsync(recent.ManagePath)).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        // Sign-in is refused, with the old address and password.
        var signIn = await _host.SendAsync(HttpMethod.Post, "/v1/auth/token", new { email = carol.Email, password = PrivacySteps.Password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The delivery log no longer names her: the confirmation went to her address.
        var log = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/admin/notifications?reference={recent.Reference}", user: owner), HttpStatusCode.OK);
        log.ToString().ShouldNotContain(carol.Email, Case.Insensitive);
    }

    [Fact]
    public async Task Erasure_run_again_as_after_a_redelivery_changes_nothing_more()
    {
        var dan = await _host.CustomerAsync("Dan Twice");
        await _host.ConfirmEmailAsync(dan);
        var booked = await _host.BookAsync(TimeSpan.FromDays(6), dan);
        var id = await _host.RequestErasureAsync(dan);
        await _host.WaitForErasureAsync(dan, id);

        var before = await ErasureTraceAsync(booked.Reference);
        before.History.ShouldBe(1);
        before.Events.ShouldBe(1);

        // The job's lease ran out after the module committed: the same step runs again.
        var subject = new PersonalDataSubject(Guid.Parse(dan.Sub), dan.Email.ToLowerInvariant(), null, DateTimeOffset.UtcNow);
        for (var i = 0; i < 2; i++)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "bookings");
            await source.EraseAsync(subject, CancellationToken.None);
        }

        (await ErasureTraceAsync(booked.Reference)).ShouldBe(before);
    }

    [Fact]
    public async Task An_upcoming_journey_blocks_erasure_until_it_is_cancelled()
    {
        var eve = await _host.CustomerAsync("Eve Upcoming");
        var booked = await _host.ConfirmedBookingAsync(TimeSpan.FromDays(7), eve);

        var refused = await _host.SendAsync(HttpMethod.Post, "/v1/auth/me/erasure", user: eve);
        await BookingsTestHost.ProblemAsync(refused, HttpStatusCode.Conflict, "erasure_blocked");
        var signIn = await _host.SendAsync(HttpMethod.Post, "/v1/auth/token", new { email = eve.Email, password = PrivacySteps.Password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK, "a refused request leaves the account as it was");

        (await _host.Client.DeleteAsync(booked.ManagePath)).IsSuccessStatusCode.ShouldBeTrue();
        var id = await _host.RequestErasureAsync(eve);
        await _host.WaitForErasureAsync(eve, id);
    }

    [Fact]
    public async Task Retention_job_pseudonymises_only_bookings_whose_record_is_past_24_months()
    {
        var now = DateTimeOffset.UtcNow;
        var soon = await _host.ConfirmedBookingAsync(TimeSpan.FromDays(2));
        var later = await _host.ConfirmedBookingAsync(TimeSpan.FromDays(40));
        await _host.WaitForRecordAsync(soon.Reference);
        await _host.WaitForRecordAsync(later.Reference);

        // 24 months and 10 days on: the first journey's record has expired, the second's has not.
        var clock = new ManualTimeProvider(now.AddMonths(24).AddDays(10));
        var job = ActivatorUtilities.CreateInstance<BookingRetentionJob>(_host.Services, (TimeProvider)clock);
        (await job.RunOnceAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        (await job.RunOnceAsync(CancellationToken.None)).ShouldBe(0, "a second run (or another node) finds nothing left");

        var expired = await _host.WithBookingsAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == soon.Reference));
        expired.PassengerName.ShouldBe("Erased hirer " + soon.Reference);
        expired.PassengerEmail.ShouldBe(Erased.Email);
        expired.TotalPence.ShouldBe(TestQuotes.SaloonPence, "the fare stays for the accounts");
        var kept = await _host.WithBookingsAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == later.Reference));
        kept.PassengerName.ShouldBe("Ann Hirer");
        kept.PassengerEmail.ShouldBe("ann@example.com");
        kept.PseudonymisedAt.ShouldBeNull();

        // The reporting projection drops the expired record and keeps the other.
        (await _host.WaitForRecordAsync(soon.Reference, f => f.HirerName is null)).FlightNumber.ShouldBeNull();
        var purge = ActivatorUtilities.CreateInstance<RecordPurgeJob>(_host.Services, (TimeProvider)clock);
        (await purge.RunOnceAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        (await _host.WithReportingAsync(db => db.Bookings.AnyAsync(f => f.Reference == soon.Reference))).ShouldBeFalse();
        (await _host.WithReportingAsync(db => db.Bookings.AnyAsync(f => f.Reference == later.Reference))).ShouldBeTrue();
    }

    [Fact]
    public async Task Personal_data_endpoints_need_a_signed_in_caller_and_the_request_list_needs_staff()
    {
        (await _host.Client.GetAsync("/v1/auth/me/data")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Client.PostAsync("/v1/auth/me/erasure", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Client.GetAsync($"/v1/auth/me/erasure/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.Client.GetAsync("/v1/admin/erasure-requests")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var fay = await _host.CustomerAsync("Fay Listed");
        (await _host.SendAsync(HttpMethod.Get, "/v1/admin/erasure-requests", user: fay)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var id = await _host.RequestErasureAsync(fay);

        // Someone else's request is not found, not shown.
        var gus = await _host.CustomerAsync("Gus Nosy");
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Get, $"/v1/auth/me/erasure/{id}", user: gus), HttpStatusCode.NotFound, "erasure_request_not_found");

        // Staff see requests (without contact details) and cannot use the self-service erasure.
        var admin = await _host.StaffAsync("admin");
        var list = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Get, "/v1/admin/erasure-requests?limit=200", user: admin), HttpStatusCode.OK);
        list.GetProperty("items").EnumerateArray().ShouldContain(r => r.GetProperty("id").GetGuid() == id);
        list.ToString().ShouldNotContain(fay.Email, Case.Insensitive);
        await BookingsTestHost.ProblemAsync(await _host.SendAsync(HttpMethod.Post, "/v1/auth/me/erasure", user: admin), HttpStatusCode.Conflict, "erasure_not_self_service");
    }

    private async Task PayAsync(Booked booked)
    {
        var payment = await _host.StartPaymentAsync(booked);
        (await _host.PayOnSandboxAsync(payment.GetProperty("checkoutUrl").GetString()!, "4242 4242 4242 4242")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        await _host.WaitForAsync(booked, b => b.GetProperty("status").GetString() == "Confirmed", "Confirmed");
    }

    /// <summary>A booking whose passenger e-mail is <paramref name="email"/>, as a guest or signed in as <paramref name="user"/>.</summary>
    private async Task<Booked> BookAsGuestAsync(string email, string name, Person? user = null)
    {
        var quote = await _host.Quotes.AddAsync(TimeSpan.FromDays(5));
        var booking = await BookingsTestHost.JsonAsync(
            await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(quote.Id, name: name, email: email), user), HttpStatusCode.Created);
        return new Booked(booking.GetProperty("reference").GetString()!, booking.GetProperty("manageToken").GetString()!, booking);
    }

    private async Task<(int History, int Events)> ErasureTraceAsync(string reference)
    {
        var booking = await _host.WithBookingsAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == reference));
        var history = await _host.WithBookingsAsync(db => db.History.CountAsync(h => h.BookingId == booking.Id && h.Kind == HistoryKind.Erasure));
        var events = await _host.WithBookingsAsync(db => db.Set<Platform.Messaging.OutboxMessage>()
            .CountAsync(m => m.MessageType == "nots.booking-personal-data-erased.v1" && m.Payload.Contains(booking.Id.ToString())));
        return (history, events);
    }
}
