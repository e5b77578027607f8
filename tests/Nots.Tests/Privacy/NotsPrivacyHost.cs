using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Bookings.Data;
using Nots.Reporting.Data;
using Nots.Tests.Bookings;
using Platform.Identity;

namespace Nots.Tests.Privacy;

/// <summary>The bookings test host with what personal-data tests need: confirmed e-mails, erasure polling, raw rows.</summary>
public sealed class NotsPrivacyFixture : IAsyncLifetime
{
    internal BookingsTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await BookingsTestHost.StartAsync(true,
        new("RateLimiting:AuthPermitsPerMinute", "1000"),
        new("Privacy:PollInterval", "00:00:00.200"),
        new("Privacy:RetryBaseDelay", "00:00:00.200"),
        new("Bookings:Retention:Worker", "false"),
        new("Reporting:Retention:Worker", "false"));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

internal static class PrivacySteps
{
    public const string Password = "a long enough secret";

    /// <summary>Proves the customer owns their address the only way the platform knows: a password-reset link.</summary>
    public static async Task ConfirmEmailAsync(this BookingsTestHost host, Person person)
    {
        string token;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<IAccounts>().CreatePasswordResetTokenAsync(Guid.Parse(person.Sub));
        }

        var reset = await host.Client.PostAsJsonAsync("/v1/auth/password/reset", new { email = person.Email, token, newPassword = Password });
        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent, await reset.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> ExportAsync(this BookingsTestHost host, Person person)
    {
        var response = await host.SendAsync(HttpMethod.Get, "/v1/auth/me/data", user: person);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        response.Content.Headers.ContentDisposition.ShouldNotBeNull().DispositionType.ShouldBe("attachment");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static IEnumerable<string> BookingReferences(JsonElement export) =>
        export.GetProperty("sections").GetProperty("bookings").GetProperty("bookings").EnumerateArray().Select(b => b.GetProperty("reference").GetString()!);

    public static async Task<Guid> RequestErasureAsync(this BookingsTestHost host, Person person)
    {
        var accepted = await BookingsTestHost.JsonAsync(await host.SendAsync(HttpMethod.Post, "/v1/auth/me/erasure", user: person), HttpStatusCode.Accepted);
        return accepted.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> WaitForErasureAsync(this BookingsTestHost host, Person person, Guid id)
    {
        JsonElement last = default;
        for (var i = 0; i < 300; i++)
        {
            last = await BookingsTestHost.JsonAsync(await host.SendAsync(HttpMethod.Get, $"/v1/auth/me/erasure/{id}", user: person), HttpStatusCode.OK);
            if (last.GetProperty("status").GetString() == "Completed")
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Erasure {id} never completed: {last}");
    }

    public static async Task<T> WithBookingsAsync<T>(this BookingsTestHost host, Func<BookingsDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BookingsDbContext>());
    }

    public static async Task<T> WithReportingAsync<T>(this BookingsTestHost host, Func<ReportingDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ReportingDbContext>());
    }

    /// <summary>Waits (bounded) until the booking's dispatch job matches <paramref name="condition"/>.</summary>
    public static async Task<Nots.Dispatch.Domain.Job> WaitForJobAsync(this BookingsTestHost host, string reference, Func<Nots.Dispatch.Domain.Job, bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var job = await scope.ServiceProvider.GetRequiredService<Nots.Dispatch.Data.DispatchDbContext>().Jobs.AsNoTracking()
                .SingleOrDefaultAsync(j => j.BookingReference == reference);
            if (job is not null && condition(job))
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The dispatch job of {reference} never reached the expected state.");
    }

    /// <summary>Moves a booking's journey (and its record row, if any) into the past, as time would.</summary>
    public static async Task MovePickupAsync(this BookingsTestHost host, string reference, DateTimeOffset pickupAt)
    {
        await host.WithBookingsAsync(db => db.Bookings.Where(b => b.Reference == reference).ExecuteUpdateAsync(s => s.SetProperty(b => b.PickupAt, pickupAt)));
        await host.WithReportingAsync(db => db.Bookings.Where(f => f.Reference == reference).ExecuteUpdateAsync(s => s.SetProperty(f => f.PickupAt, pickupAt)));
    }

    /// <summary>Waits (bounded) until the reporting projection has the booking.</summary>
    public static async Task<BookingFact> WaitForRecordAsync(this BookingsTestHost host, string reference, Func<BookingFact, bool>? condition = null)
    {
        for (var i = 0; i < 300; i++)
        {
            var fact = await host.WithReportingAsync(db => db.Bookings.AsNoTracking().SingleOrDefaultAsync(f => f.Reference == reference));
            if (fact is not null && (condition?.Invoke(fact) ?? true))
            {
                return fact;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The record of {reference} never reached the expected state.");
    }
}
