using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Contracts.Bookings;
using Platform.Messaging;
using Platform.Privacy;

namespace Nots.Bookings.Features.PersonalData;

internal sealed record PaymentExport(string Purpose, int AmountPence, string Currency, string Status, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, int RefundedPence);

internal sealed record BookingExport(
    string Reference,
    string Status,
    string Channel,
    DateTimeOffset BookedAt,
    string VehicleClass,
    DateTimeOffset PickupAt,
    string PickupName,
    string DropoffName,
    int Passengers,
    PassengerResponse LeadPassenger,
    string? Notes,
    string? FlightNumber,
    int TotalPence,
    string Currency,
    int PaidPence,
    int RefundedPence,
    int CancellationFeePence,
    string? DriverFirstName,
    string? Vehicle,
    IReadOnlyList<PaymentExport> Payments,
    IReadOnlyList<HistoryResponse> History,
    DateTimeOffset? ContactErasedAt,
    DateTimeOffset RecordRetainedUntil);

internal sealed record BookingsExport(IReadOnlyList<BookingExport> Bookings, string Note);

/// <summary>
/// The bookings a person made: signed in (their account) or as a guest with their confirmed e-mail or phone. Export
/// gives each with its passenger, payments and history; erasure removes contact details at once and keeps the hirer's
/// name in the statutory record until its retention ends (all of it goes for journeys already past retention).
/// </summary>
internal sealed class BookingsPersonalData(BookingsDbContext db, RecordRetention retention, TimeProvider time) : IPersonalDataSource
{
    private static readonly BookingStatus[] Upcoming =
        [BookingStatus.Confirmed, BookingStatus.Assigned, BookingStatus.DriverEnRoute, BookingStatus.Arrived, BookingStatus.PassengerOnBoard];

    public string Name => "bookings";

    public async Task<object?> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var bookings = await Of(subject).AsNoTracking().Include(b => b.History).OrderBy(b => b.BookedAt).ToListAsync(cancellationToken);
        var ids = bookings.Select(b => b.Id).ToList();
        var payments = (await db.Payments.AsNoTracking().Where(p => ids.Contains(p.BookingId)).ToListAsync(cancellationToken))
            .ToLookup(p => p.BookingId);
        return new BookingsExport(
            [.. bookings.Select(b => new BookingExport(
                b.Reference, b.Status.ToString(), b.Channel, b.BookedAt, b.VehicleClass, b.PickupAt, b.PickupName, b.DropoffName, b.Passengers,
                new PassengerResponse(b.PassengerName, b.PassengerEmail, b.PassengerPhone), b.Notes, b.FlightNumber,
                b.TotalPence, b.Currency, b.PaidPence, b.RefundedPence, b.CancellationFeePence, b.DriverFirstName, b.VehicleDescription,
                [.. payments[b.Id].OrderBy(p => p.CreatedAt).Select(p => new PaymentExport(
                    p.Purpose, p.AmountPence, p.Currency, p.Status.ToString(), p.CreatedAt, p.PaidAt, p.RefundedPence))],
                [.. b.History.OrderBy(h => h.Sequence).Select(h => new HistoryResponse(
                    h.Sequence, h.At, h.Kind.ToString(), h.FromStatus?.ToString(), h.ToStatus?.ToString(), h.Detail, h.AmountPence))],
                b.ContactErasedAt, b.RetainedUntil(retention.RecordMonths)))],
            $"Private-hire booking records (hirer's name, journey, fare, driver, vehicle) are kept for {retention.RecordMonths} months after the journey, as the licensing authority requires.");
    }

    public async Task<string?> ErasureBlockerAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-1);
        var upcoming = await Of(subject)
            .Where(b => Upcoming.Contains(b.Status) && b.PickupAt > since)
            .OrderBy(b => b.PickupAt)
            .Select(b => b.Reference)
            .ToListAsync(cancellationToken);
        return upcoming.Count == 0
            ? null
            : $"You have {upcoming.Count} journey(s) still to travel ({string.Join(", ", upcoming)}): cancel them or ask again once they are over, so the driver can still reach you.";
    }

    public async Task EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var bookings = await Of(subject).Where(b => b.PseudonymisedAt == null).ToListAsync(cancellationToken);
        var erased = new List<Guid>();
        foreach (var booking in bookings)
        {
            var effect = booking.ErasePersonalData(now, retention.RecordMonths);
            if (effect != ErasureEffect.None)
            {
                erased.Add(booking.Id);
                db.AddIntegrationEvent(new BookingPersonalDataErasedIntegrationEvent(
                    booking.Id, booking.Reference, effect == ErasureEffect.Everything, booking.RetainedUntil(retention.RecordMonths), now));
            }
        }

        // The e-mailed manage links stop working: they would show what is left to whoever holds an old e-mail.
        db.ManageTokens.RemoveRange(await db.ManageTokens.Where(t => erased.Contains(t.BookingId)).ToListAsync(cancellationToken));

        // One SaveChanges: the bookings, their history lines, the tokens and the outbox commit together or not at all.
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The subject's bookings. Erased ones keep matching by nothing (owner and contact details are gone), so a second run
    /// finds only what is left to do.
    /// </summary>
    private IQueryable<Booking> Of(PersonalDataSubject subject)
    {
        var owner = subject.UserKey;
        var email = subject.Email is null ? null : SqlLike.Escape(subject.Email);
        var phone = subject.Phone;
        return db.Bookings.Where(b => b.CustomerId == owner
            || (email != null && EF.Functions.Like(b.PassengerEmail.ToLower(), email, SqlLike.EscapeCharacter))
            || (phone != null && b.PassengerPhone == phone));
    }
}
