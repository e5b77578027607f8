using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Pricing.Data;
using Nots.Pricing.Quotes;

namespace Nots.Tests.Bookings;

public sealed class QuotePurgeTests(BookingsHostFixture fixture) : IClassFixture<BookingsHostFixture>
{
    private readonly BookingsTestHost _host = fixture.Host;

    [Fact]
    public async Task Quotes_expired_beyond_retention_are_deleted_and_bookings_made_from_them_keep_their_terms()
    {
        var old = await _host.Quotes.AddAsync(TimeSpan.FromDays(2));
        var booked = await BookingsTestHost.JsonAsync(await _host.SendAsync(HttpMethod.Post, "/v1/bookings", BookingsTestHost.BookingBody(old.Id)), HttpStatusCode.Created);
        var fresh = await _host.Quotes.AddAsync(TimeSpan.FromDays(2));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var longAgo = DateTimeOffset.UtcNow.AddDays(-31);
            await scope.ServiceProvider.GetRequiredService<PricingDbContext>().Quotes.Where(q => q.Id == old.Id)
                .ExecuteUpdateAsync(q => q.SetProperty(r => r.ExpiresAt, longAgo));
        }

        var purge = _host.Services.GetRequiredService<QuotePurge>();
        (await purge.PurgeBatchAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        (await purge.PurgeBatchAsync(CancellationToken.None)).ShouldBe(0, "a second run (or another node) finds nothing left");

        (await _host.Client.GetAsync($"/v1/quotes/{old.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Client.GetAsync($"/v1/quotes/{fresh.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reference = booked.GetProperty("reference").GetString()!;
        var token = booked.GetProperty("manageToken").GetString()!;
        var booking = await BookingsTestHost.JsonAsync(await _host.Client.GetAsync($"/v1/bookings/{reference}?token={Uri.EscapeDataString(token)}"), HttpStatusCode.OK);
        booking.GetProperty("totalPence").GetInt32().ShouldBe(TestQuotes.SaloonPence);
    }
}
