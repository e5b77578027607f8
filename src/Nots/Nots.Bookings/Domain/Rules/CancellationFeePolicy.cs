namespace Nots.Bookings.Domain;

/// <summary>One tier: with more notice than <see cref="MoreThan"/>, the fee is <see cref="FeePercent"/> of the fare.</summary>
internal sealed record CancellationTier(TimeSpan MoreThan, int FeePercent);

/// <summary>
/// The fee for cancelling, by notice given (pickup − now, UTC). Tiers are tried from the longest notice down; the
/// first whose threshold the notice exceeds applies; with less notice than every tier the fee is 100 %.
/// Default: free with more than 24 h, 50 % with more than 2 h, 100 % otherwise.
/// </summary>
internal sealed class CancellationFeePolicy
{
    public static readonly IReadOnlyList<CancellationTier> DefaultTiers =
    [
        new(TimeSpan.FromHours(24), 0),
        new(TimeSpan.FromHours(2), 50),
    ];

    private readonly IReadOnlyList<CancellationTier> _tiers;

    public CancellationFeePolicy(IEnumerable<CancellationTier>? tiers = null)
    {
        _tiers = (tiers ?? DefaultTiers).OrderByDescending(t => t.MoreThan).ToList();
        if (_tiers.Any(t => t.FeePercent is < 0 or > 100 || t.MoreThan < TimeSpan.Zero))
        {
            throw new ArgumentException("Cancellation tiers need a non-negative notice and a fee of 0–100 %.", nameof(tiers));
        }
    }

    public IReadOnlyList<CancellationTier> Tiers => _tiers;

    public int PercentFor(TimeSpan notice) => _tiers.FirstOrDefault(t => notice > t.MoreThan)?.FeePercent ?? 100;

    /// <summary>The fee in pence, rounded half away from zero.</summary>
    public int FeeFor(int totalPence, TimeSpan notice) =>
        (int)Math.Round(totalPence * PercentFor(notice) / 100m, MidpointRounding.AwayFromZero);
}
