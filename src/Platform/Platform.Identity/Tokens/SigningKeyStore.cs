using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Data;

namespace Platform.Identity.Tokens;

/// <summary>
/// ES256 signing keys shared by every node through <c>signing_keys</c>. Time is cut into periods of
/// <c>Identity:SigningKeyDays</c>; each period has one key, identified by its unique <c>slot</c> (first day of the period),
/// so nodes racing to create it all end up signing with the one row that won the insert. The previous period's key keeps
/// validating, which outlives every access token. Keys are cached briefly and reloaded when a token names an unknown kid.
/// </summary>
internal sealed partial class SigningKeyStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IdentitySettings settings,
    TimeProvider time,
    ILogger<SigningKeyStore> logger) : IDisposable
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan UnknownKidReloadThrottle = TimeSpan.FromSeconds(2);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Platform.Identity.SigningKeys.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Immutable snapshots swapped by reference, so readers on other threads never see half an update.
    private volatile SigningSnapshot? _signing;
    private volatile ValidationSnapshot? _validation;

    private long CurrentSlot()
    {
        var day = time.GetUtcNow().ToUnixTimeSeconds() / 86_400;
        return day - (day % settings.SigningKeyDays);
    }

    /// <summary>The credentials of the current period's key, creating the key when no node has yet.</summary>
    public async Task<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        var slot = CurrentSlot();
        if (_signing is { } cached && cached.Slot == slot)
        {
            return cached.Credentials;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_signing is { } again && again.Slot == slot)
            {
                return again.Credentials;
            }

            var row = await FindOrCreateAsync(slot, cancellationToken);
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(row.ProtectedPrivateKey)), out _);
            var credentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = row.Id }, Algorithm);
            _signing = new SigningSnapshot(slot, credentials);
            _validation = null;
            return credentials;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Public keys that may have signed a live token; reloaded after a while or when <paramref name="kid"/> is unknown.</summary>
    public async Task<IReadOnlyList<SecurityKey>> GetValidationKeysAsync(string? kid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_validation is { } cached && now - cached.LoadedAt < CacheFor
            && (kid is null || cached.Keys.Any(k => k.KeyId == kid) || now - cached.LoadedAt < UnknownKidReloadThrottle))
        {
            return cached.Keys;
        }

        var oldest = CurrentSlot() - settings.SigningKeyDays;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var rows = await db.SigningKeys.AsNoTracking().Where(k => k.Slot >= oldest).ToListAsync(cancellationToken);
        var keys = rows.Select(ToPublicKey).ToList();
        _validation = new ValidationSnapshot(now, keys);
        return keys;
    }

    private static SecurityKey ToPublicKey(SigningKey row)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(row.PublicKey), out _);
        return new ECDsaSecurityKey(ecdsa) { KeyId = row.Id };
    }

    private async Task<SigningKey> FindOrCreateAsync(long slot, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var existing = await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Slot == slot, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var created = new SigningKey
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Slot = slot,
            Algorithm = Algorithm,
            PublicKey = Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo()),
            ProtectedPrivateKey = Convert.ToBase64String(_protector.Protect(ecdsa.ExportPkcs8PrivateKey())),
            CreatedAt = time.GetUtcNow(),
        };
        db.SigningKeys.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogKeyCreated(logger, created.Id, slot);
            return created;
        }
        catch (DbUpdateException)
        {
            // Another node created this period's key first (unique slot): use theirs.
            db.ChangeTracker.Clear();
            return await db.SigningKeys.AsNoTracking().SingleAsync(k => k.Slot == slot, cancellationToken);
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record SigningSnapshot(long Slot, SigningCredentials Credentials);

    private sealed record ValidationSnapshot(DateTimeOffset LoadedAt, IReadOnlyList<SecurityKey> Keys);

    [LoggerMessage(LogLevel.Information, "Created JWT signing key {KeyId} for slot {Slot}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, long slot);
}
