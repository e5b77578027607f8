using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Bookings.Data;
using Platform.Persistence;

namespace Nots.Tests.Bookings;

/// <summary>Bookings are inserted by group commit: many at once, each committed before its 201, each failing alone.</summary>
public sealed class GroupCommitTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    [Fact]
    public async Task Many_bookings_at_once_each_get_their_own_reference_and_are_there_when_answered()
    {
        var booked = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => _host.BookAsync()));

        booked.Select(b => b.Reference).Distinct().Count().ShouldBe(24);
        foreach (var b in booked)
        {
            // Committed before the 201: readable at once with the manage token it came with.
            (await _host.GetBookingAsync(b)).GetProperty("status").GetString().ShouldBe("PendingPayment");
        }
    }

    [Fact]
    public async Task A_request_that_breaks_a_unique_key_fails_alone_and_its_neighbours_commit()
    {
        var writer = _host.Services.GetRequiredService<GroupCommit<BookingsDbContext>>();
        var existing = BookingDomainTests.NewBooking();
        await writer.SaveAsync(db => db.Bookings.Add(existing));

        var clash = BookingDomainTests.NewBooking();
        clash.ChangeReference(existing.Reference);
        var others = Enumerable.Range(0, 9).Select(_ => BookingDomainTests.NewBooking()).ToList();
        var tasks = others.Take(4).Select(b => writer.SaveAsync(db => db.Bookings.Add(b)))
            .Append(writer.SaveAsync(db => db.Bookings.Add(clash)))
            .Concat(others.Skip(4).Select(b => writer.SaveAsync(db => db.Bookings.Add(b))))
            .ToList();

        await Should.ThrowAsync<DbUpdateException>(() => tasks[4]);
        await Task.WhenAll(tasks.Where((_, i) => i != 4));

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BookingsDbContext>();
        var ids = others.Select(b => b.Id).Append(clash.Id).ToList();
        var stored = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.Id)).Select(b => b.Id).ToListAsync();
        stored.Order().ShouldBe(others.Select(b => b.Id).Order());
        (await db.Bookings.CountAsync(b => b.Reference == existing.Reference)).ShouldBe(1);
    }
}
