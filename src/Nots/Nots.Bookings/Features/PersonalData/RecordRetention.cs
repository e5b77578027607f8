using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Privacy;

namespace Nots.Bookings.Features.PersonalData;

/// <summary>
/// <c>Bookings:Retention:*</c>: how long the statutory booking record is kept after the journey (<c>RecordMonths</c>, 24:
/// Dorset and many councils ask for 24, the law for at least 12), how often the retention job runs
/// (<c>IntervalHours</c>, 24) and whether it runs on this node (<c>Worker</c>, true).
/// </summary>
internal sealed record RecordRetention(int RecordMonths, TimeSpan Interval, bool Worker)
{
    public static RecordRetention From(IConfiguration configuration)
    {
        var months = configuration.GetValue("Bookings:Retention:RecordMonths", 24);
        var hours = configuration.GetValue("Bookings:Retention:IntervalHours", 24.0);
        if (months < 12 || hours <= 0)
        {
            throw new InvalidOperationException("Bookings:Retention:RecordMonths must be at least 12 (the statutory minimum) and IntervalHours positive.");
        }

        return new RecordRetention(months, TimeSpan.FromHours(hours), configuration.GetValue("Bookings:Retention:Worker", true));
    }
}

internal static class BookingsPersonalDataRegistration
{
    /// <summary>The bookings' export and erasure (<see cref="BookingsPersonalData"/>) and the daily retention job.</summary>
    public static IServiceCollection AddBookingsPersonalData(this IServiceCollection services, IConfiguration configuration)
    {
        var retention = RecordRetention.From(configuration);
        services.AddSingleton(retention);
        services.AddPersonalDataSource<BookingsPersonalData>();
        services.AddSingleton<BookingRetentionJob>();
        if (retention.Worker)
        {
            services.AddHostedService(sp => sp.GetRequiredService<BookingRetentionJob>());
        }

        return services;
    }
}
