using System.Globalization;
using Microsoft.Extensions.Configuration;
using Nots.Bookings.Domain;

namespace Nots.Bookings;

/// <summary>
/// <c>Bookings:*</c> settings: <c>AmendCutoffHours</c> (12), <c>Cancellation:Tiers</c> (list of
/// <c>{ "MoreThanHours": 24, "FeePercent": 0 }</c>; default free &gt; 24 h, 50 % &gt; 2 h, else 100 %),
/// <c>PublicBaseUrl</c> (links in messages; default the first of <c>Urls</c>), <c>Worker</c> (true) and
/// <c>WorkerPollInterval</c> (00:00:02) for retrying refunds the provider has not taken yet.
/// </summary>
internal sealed class BookingsOptions
{
    public TimeSpan AmendCutoff { get; init; } = TimeSpan.FromHours(12);

    public CancellationFeePolicy Cancellation { get; init; } = new();

    public string? PublicBaseUrl { get; init; }

    /// <summary>Links made outside a request (background sends) when <see cref="PublicBaseUrl"/> is not set.</summary>
    public string FallbackBaseUrl { get; init; } = "http://localhost:5080";

    public bool Worker { get; init; } = true;

    public TimeSpan WorkerPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public static BookingsOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Bookings");
        var tiers = section.GetSection("Cancellation:Tiers").GetChildren()
            .Select(t => new CancellationTier(
                TimeSpan.FromHours(double.Parse(t["MoreThanHours"] ?? "0", CultureInfo.InvariantCulture)),
                int.Parse(t["FeePercent"] ?? "100", CultureInfo.InvariantCulture)))
            .ToList();
        var urls = configuration["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return new BookingsOptions
        {
            AmendCutoff = double.TryParse(section["AmendCutoffHours"], NumberStyles.Float, CultureInfo.InvariantCulture, out var hours)
                ? TimeSpan.FromHours(hours)
                : TimeSpan.FromHours(12),
            Cancellation = new CancellationFeePolicy(tiers.Count > 0 ? tiers : null),
            PublicBaseUrl = section["PublicBaseUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : null,
            FallbackBaseUrl = (urls ?? "http://localhost:5080").Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal).TrimEnd('/'),
            Worker = !bool.TryParse(section["Worker"], out var worker) || worker,
            WorkerPollInterval = TimeSpan.TryParse(section["WorkerPollInterval"], CultureInfo.InvariantCulture, out var poll) && poll > TimeSpan.Zero
                ? poll
                : TimeSpan.FromSeconds(2),
        };
    }
}
