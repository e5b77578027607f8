using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Data;

namespace Platform.Identity.Tokens;

internal enum RefreshStatus
{
    Rotated,
    Invalid,
    Reused,
}

internal sealed record RefreshOutcome(RefreshStatus Status, Guid UserId = default, string AuthMethod = "", string NewToken = "");

/// <summary>
/// Opaque 256-bit refresh tokens, stored as SHA-256 hashes. Rotation is a conditional UPDATE (only a token not yet revoked
/// can be rotated), so of two concurrent refreshes exactly one wins; presenting a rotated token again revokes its family.
/// </summary>
internal sealed class RefreshTokenService(AppIdentityDbContext db, IdentitySettings settings, TimeProvider time)
{
    public async Task<string> IssueAsync(Guid userId, string authMethod, CancellationToken cancellationToken)
    {
        var (row, raw) = NewToken(userId, Guid.CreateVersion7(), authMethod);
        db.RefreshTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return raw;
    }

    public async Task<RefreshOutcome> RotateAsync(string raw, CancellationToken cancellationToken)
    {
        var hash = Hash(raw);
        var current = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (current is null)
        {
            return new RefreshOutcome(RefreshStatus.Invalid);
        }

        var now = time.GetUtcNow();
        if (current.RevokedAt is not null)
        {
            await RevokeFamilyAsync(current.FamilyId, now, cancellationToken);
            return new RefreshOutcome(RefreshStatus.Reused);
        }

        if (current.ExpiresAt <= now)
        {
            return new RefreshOutcome(RefreshStatus.Invalid);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var newToken = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (next, nextRaw) = NewToken(current.UserId, current.FamilyId, current.AuthMethod);
            var won = await db.RefreshTokens
                .Where(t => t.Id == current.Id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.ReplacedById, next.Id), ct);
            if (won == 0)
            {
                await transaction.RollbackAsync(ct);
                return null;
            }

            db.RefreshTokens.Add(next);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return nextRaw;
        }, cancellationToken);

        if (newToken is null)
        {
            // Someone rotated it between our read and our update: the same token was presented twice.
            await RevokeFamilyAsync(current.FamilyId, now, cancellationToken);
            return new RefreshOutcome(RefreshStatus.Reused);
        }

        return new RefreshOutcome(RefreshStatus.Rotated, current.UserId, current.AuthMethod, newToken);
    }

    private Task<int> RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);

    private (RefreshToken Row, string Raw) NewToken(Guid userId, Guid familyId, string authMethod)
    {
        var raw = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        return (new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            TokenHash = Hash(raw),
            FamilyId = familyId,
            UserId = userId,
            AuthMethod = authMethod,
            CreatedAt = now,
            ExpiresAt = now.Add(settings.RefreshTokenLifetime),
        }, raw);
    }

    private static string Hash(string raw) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
}
