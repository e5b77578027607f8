using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Data;
using Nots.Bookings.Domain;
using Nots.Bookings.Features.ListBookings;
using Nots.Bookings.Features.RefundBooking;
using Nots.Bookings.Features.Site;
using Nots.Bookings.Payments;

namespace Nots.Bookings.Features.Staff;

/// <summary>What the office searches bookings by: a reference, name, e-mail or phone fragment; a status; a UK pickup day.</summary>
public sealed record StaffBookingSearch(string? Text, string? Status, DateOnly? Day, string? Cursor, int Limit = 50);

/// <summary>A payment of a booking as the office sees it.</summary>
public sealed record StaffPayment(Guid Id, string Purpose, int AmountPence, string Status, string Provider, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt,
    int RefundedPence, string? FailureCode);

/// <summary>A refund of a booking and how it stands with the provider.</summary>
public sealed record StaffRefund(Guid Id, int AmountPence, string Reason, string Status, int Attempts, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);

/// <summary>A booking with everything the office needs to act on it: what the manage page knows, payments, refunds, what may be refunded.</summary>
public sealed record StaffBooking(SiteBooking View, IReadOnlyList<StaffPayment> Payments, IReadOnlyList<StaffRefund> Refunds, int RefundablePence);

/// <summary>
/// The bookings module's surface for the operations dashboard (staff only; callers authorise with
/// <c>PlatformPolicies.Staff</c>). Reads are the module's own queries; commands are the same handlers as the API
/// (<c>POST /v1/bookings/{reference}/refunds</c>); booking, cancelling and amending go through <see cref="ISiteBookings"/>,
/// which records staff as the taker / canceller.
/// </summary>
public interface IStaffBookings
{
    /// <summary>Bookings matching the search, in pickup order, a page at a time (an unknown status or cursor is ignored).</summary>
    Task<BookingPage> SearchAsync(StaffBookingSearch search, CancellationToken cancellationToken);

    /// <summary>How many bookings with a pickup in [from, to) are in each status (statuses with none are left out).</summary>
    Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The booking with its history, payments and refunds, or null when there is none (or the caller is not staff).</summary>
    Task<StaffBooking?> FindAsync(string reference, HttpContext http);

    /// <summary><c>POST /v1/bookings/{reference}/refunds</c>.</summary>
    Task<RefundBookingResponse> RefundAsync(string reference, int amountPence, string? reason, HttpContext http);
}

internal sealed class StaffBookings(
    ISiteBookings site, IAuthorizationService authorization, BookingsDbContext db, BookingsOptions options, RefundProcessor refunds, TimeProvider time) : IStaffBookings
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public async Task<BookingPage> SearchAsync(StaffBookingSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = db.Bookings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.Text))
        {
            var text = search.Text.Trim();
            var upper = text.ToUpperInvariant();
            var pattern = "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            var digits = new string(text.Where(char.IsDigit).ToArray());
            var phone = digits.Length >= 4 ? digits.TrimStart('0') : null;
            query = query.Where(b => b.Reference == upper
                || EF.Functions.Like(b.PassengerName.ToLower(), pattern, "\\")
                || EF.Functions.Like(b.PassengerEmail.ToLower(), pattern, "\\")
                || (phone != null && b.PassengerPhone.Contains(phone)));
        }

        if (!string.IsNullOrEmpty(search.Status) && Enum.TryParse<BookingStatus>(search.Status, ignoreCase: true, out var status) && !int.TryParse(search.Status, out _))
        {
            query = query.Where(b => b.Status == status);
        }

        if (search.Day is { } day)
        {
            var from = UkMidnight(day);
            var to = UkMidnight(day.AddDays(1));
            query = query.Where(b => b.PickupAt >= from && b.PickupAt < to);
        }

        if (!string.IsNullOrEmpty(search.Cursor) && ListBookings.ListBookings.DecodeCursor(search.Cursor) is var (afterAt, afterReference))
        {
            query = query.Where(b => b.PickupAt > afterAt || (b.PickupAt == afterAt && string.Compare(b.Reference, afterReference) > 0));
        }

        var take = Math.Clamp(search.Limit, 1, ListBookings.ListBookings.MaxLimit);
        var rows = await query.OrderBy(b => b.PickupAt).ThenBy(b => b.Reference).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        return new BookingPage(page.Select(BookingViews.ToSummary).ToList(), rows.Count > take ? ListBookings.ListBookings.EncodeCursor(page[^1]) : null);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var fromUtc = from.ToUniversalTime();
        var toUtc = to.ToUniversalTime();
        var counts = await db.Bookings.AsNoTracking().Where(b => b.PickupAt >= fromUtc && b.PickupAt < toUtc)
            .GroupBy(b => b.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.OrderBy(c => c.Status).ToDictionary(c => c.Status.ToString(), c => c.Count, StringComparer.Ordinal);
    }

    public async Task<StaffBooking?> FindAsync(string reference, HttpContext http)
    {
        if (!(await Caller.FromAsync(http, authorization)).IsStaff || await site.FindAsync(reference, null, http) is not { } view)
        {
            return null;
        }

        var id = await db.Bookings.AsNoTracking().Where(b => b.Reference == view.Booking.Reference).Select(b => b.Id).FirstAsync(http.RequestAborted);
        var payments = await db.Payments.AsNoTracking().Where(p => p.BookingId == id).ToListAsync(http.RequestAborted);
        var refundRows = await db.Refunds.AsNoTracking().Where(r => r.BookingId == id).ToListAsync(http.RequestAborted);
        var refundable = Math.Max(0, view.Booking.PaidPence - view.Booking.RefundedPence);
        return new StaffBooking(
            view,
            payments.OrderBy(p => p.CreatedAt).Select(p => new StaffPayment(p.Id, p.Purpose, p.AmountPence, p.Status.ToString(), p.Provider, p.CreatedAt, p.PaidAt,
                p.RefundedPence, p.FailureCode)).ToList(),
            refundRows.OrderBy(r => r.CreatedAt).Select(r => new StaffRefund(r.Id, r.AmountPence, r.Reason, r.Status.ToString(), r.Attempts, r.LastError, r.CreatedAt,
                r.CompletedAt)).ToList(),
            refundable);
    }

    public async Task<RefundBookingResponse> RefundAsync(string reference, int amountPence, string? reason, HttpContext http) =>
        (await RefundBooking.RefundBooking.HandleAsync(reference, new RefundBookingRequest(amountPence, reason), http, authorization, db, options, refunds, time, http.RequestAborted)).Value!;

    private static DateTimeOffset UkMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, London.GetUtcOffset(local)).ToUniversalTime();
    }

    internal static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
