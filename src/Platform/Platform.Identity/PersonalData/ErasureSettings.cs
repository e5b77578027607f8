using Microsoft.Extensions.Configuration;

namespace Platform.Identity.PersonalData;

/// <summary><c>Privacy:*</c> settings of the erasure job.</summary>
internal sealed record ErasureSettings(bool Worker, TimeSpan PollInterval, TimeSpan LeaseDuration, TimeSpan RetryBaseDelay, TimeSpan RetryMaxDelay)
{
    public const int BatchSize = 20;

    public static ErasureSettings From(IConfiguration configuration)
    {
        var settings = new ErasureSettings(
            configuration.GetValue("Privacy:ErasureWorker", true),
            configuration.GetValue("Privacy:PollInterval", TimeSpan.FromSeconds(5)),
            configuration.GetValue("Privacy:LeaseDuration", TimeSpan.FromMinutes(5)),
            configuration.GetValue("Privacy:RetryBaseDelay", TimeSpan.FromSeconds(10)),
            configuration.GetValue("Privacy:RetryMaxDelay", TimeSpan.FromHours(1)));
        if (settings.PollInterval <= TimeSpan.Zero || settings.LeaseDuration <= TimeSpan.Zero || settings.RetryBaseDelay < TimeSpan.Zero
            || settings.RetryMaxDelay < settings.RetryBaseDelay)
        {
            throw new InvalidOperationException("Privacy: PollInterval and LeaseDuration must be positive and RetryMaxDelay at least RetryBaseDelay.");
        }

        return settings;
    }

    /// <summary>Exponential back-off after the <paramref name="attempts"/>-th failure, capped.</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return delay;
    }
}
