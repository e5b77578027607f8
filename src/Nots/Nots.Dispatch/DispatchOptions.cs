using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Nots.Dispatch;

/// <summary>
/// <c>Dispatch:*</c> settings (defaults): <c>AutoDispatch</c> (false: new jobs wait for a dispatcher; true: every new
/// job is offered automatically), <c>OfferTimeoutSeconds</c> (90, pre-booked), <c>AsapOfferTimeoutSeconds</c> (45,
/// pickup within <c>AsapWindowMinutes</c> = 60), <c>MaxOfferAttempts</c> (3, then Escalated), <c>BufferMinutes</c> (15,
/// between two jobs of one driver or vehicle), <c>OnDutyWindowMinutes</c> (60: jobs this close need an on-duty driver),
/// <c>FreeWaitingMinutes</c> (15) and <c>AirportFreeWaitingMinutes</c> (45, pickups with a flight) before a no-show,
/// <c>DefaultDurationMinutes</c> (60, when the booking has no estimate), <c>PositionMaxAgeMinutes</c> (30: older
/// positions do not rank drivers), <c>Worker</c> (true), <c>PollInterval</c> (00:00:01) and
/// <c>BoardPollInterval</c> (00:00:00.250) for the live feed.
/// </summary>
internal sealed class DispatchOptions
{
    public bool AutoDispatch { get; init; }

    public TimeSpan OfferTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan AsapOfferTimeout { get; init; } = TimeSpan.FromSeconds(45);

    public TimeSpan AsapWindow { get; init; } = TimeSpan.FromMinutes(60);

    public int MaxOfferAttempts { get; init; } = 3;

    public TimeSpan Buffer { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan OnDutyWindow { get; init; } = TimeSpan.FromMinutes(60);

    public TimeSpan FreeWaiting { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan AirportFreeWaiting { get; init; } = TimeSpan.FromMinutes(45);

    public int DefaultDurationMinutes { get; init; } = 60;

    public TimeSpan PositionMaxAge { get; init; } = TimeSpan.FromMinutes(30);

    public bool Worker { get; init; } = true;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BoardPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a driver has to answer an offer for a job picking up at <paramref name="pickupAt"/>.</summary>
    public TimeSpan OfferTimeoutFor(DateTimeOffset pickupAt, DateTimeOffset now) => pickupAt - now <= AsapWindow ? AsapOfferTimeout : OfferTimeout;

    public static DispatchOptions From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Dispatch");
        return new DispatchOptions
        {
            AutoDispatch = bool.TryParse(s["AutoDispatch"], out var auto) && auto,
            OfferTimeout = TimeSpan.FromSeconds(Number(s["OfferTimeoutSeconds"], 90)),
            AsapOfferTimeout = TimeSpan.FromSeconds(Number(s["AsapOfferTimeoutSeconds"], 45)),
            AsapWindow = TimeSpan.FromMinutes(Number(s["AsapWindowMinutes"], 60)),
            MaxOfferAttempts = (int)Number(s["MaxOfferAttempts"], 3),
            Buffer = TimeSpan.FromMinutes(Number(s["BufferMinutes"], 15)),
            OnDutyWindow = TimeSpan.FromMinutes(Number(s["OnDutyWindowMinutes"], 60)),
            FreeWaiting = TimeSpan.FromMinutes(Number(s["FreeWaitingMinutes"], 15)),
            AirportFreeWaiting = TimeSpan.FromMinutes(Number(s["AirportFreeWaitingMinutes"], 45)),
            DefaultDurationMinutes = (int)Number(s["DefaultDurationMinutes"], 60),
            PositionMaxAge = TimeSpan.FromMinutes(Number(s["PositionMaxAgeMinutes"], 30)),
            Worker = !bool.TryParse(s["Worker"], out var worker) || worker,
            PollInterval = Interval(s["PollInterval"], TimeSpan.FromSeconds(1)),
            BoardPollInterval = Interval(s["BoardPollInterval"], TimeSpan.FromMilliseconds(250)),
        };
    }

    private static double Number(string? text, double fallback) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;

    private static TimeSpan Interval(string? text, TimeSpan fallback) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value : fallback;
}
