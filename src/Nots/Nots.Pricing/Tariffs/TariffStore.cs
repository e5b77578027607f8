using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nots.Contracts.Pricing;
using Nots.Pricing.Data;
using Nots.Pricing.Quotes;
using Platform.Messaging;
using Platform.Web;

namespace Nots.Pricing.Tariffs;

/// <summary>Settings of the pricing module (<c>Pricing:*</c>).</summary>
internal sealed class PricingOptions
{
    /// <summary>
    /// How long a node serves the current tariff from memory before asking the database again: the longest another
    /// node keeps quoting with the previous version after a PUT. The node that took the PUT switches at once.
    /// </summary>
    public double TariffCacheSeconds { get; set; } = 5;

    /// <summary>Days an expired quote is kept (for support questions about a price) before it is deleted.</summary>
    public int QuoteRetentionDays { get; set; } = 30;

    /// <summary>Minutes between purges of old quotes.</summary>
    public int QuotePurgeMinutes { get; set; } = 60;
}

/// <summary>A stored tariff version and who made it.</summary>
internal sealed record TariffVersionInfo(string Version, int VersionNumber, DateTimeOffset CreatedAt, string CreatedBy, bool Current, Tariff Tariff);

/// <summary>A page of version summaries, newest first.</summary>
internal sealed record TariffVersionPage(IReadOnlyList<TariffVersionInfo> Items, int? NextBefore);

/// <summary>
/// The tariffs in the database: the current one (the <see cref="ITariffSource"/> quotes use), every historical
/// version by its version string, and publishing a new version. Versions are immutable rows numbered 1, 2, 3…;
/// exactly one is current (a filtered unique index enforces it). The first use seeds <see cref="DefaultTariff"/> as
/// version 1 — an insert of row 1 that only one node can win.
/// </summary>
internal sealed class TariffStore(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<PricingOptions> options,
    ILogger<TariffStore> logger) : ITariffSource, IDisposable
{
    public const string SeedAuthor = "system";

    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(Math.Max(0, options.Value.TariffCacheSeconds));
    private readonly SemaphoreSlim _loading = new(1, 1);

    // Versions never change once written, so caching them forever is safe on any number of nodes.
    private readonly ConcurrentDictionary<string, TariffVersionInfo> _versions = new(StringComparer.Ordinal);

    // The current version as last read, swapped by reference; stale after the TTL.
    private CachedCurrent? _current;

    private sealed record CachedCurrent(TariffVersionInfo Info, long LoadedAt);

    public async Task<Tariff> GetCurrentAsync(CancellationToken cancellationToken) =>
        (await GetCurrentInfoAsync(cancellationToken)).Tariff;

    public async Task<TariffVersionInfo> GetCurrentInfoAsync(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref _current);
        if (cached is not null && clock.GetElapsedTime(cached.LoadedAt) < _ttl)
        {
            return cached.Info;
        }

        // One reload at a time per node; the lock only saves queries, correctness rests on the database.
        await _loading.WaitAsync(cancellationToken);
        try
        {
            cached = Volatile.Read(ref _current);
            if (cached is not null && clock.GetElapsedTime(cached.LoadedAt) < _ttl)
            {
                return cached.Info;
            }

            var info = await LoadCurrentAsync(cancellationToken);
            Volatile.Write(ref _current, new CachedCurrent(info, clock.GetTimestamp()));
            return info;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The current version read from the database now (not from the cache), refreshing the cache.</summary>
    public async Task<TariffVersionInfo> FindCurrentAsync(CancellationToken cancellationToken)
    {
        var info = await LoadCurrentAsync(cancellationToken);
        Volatile.Write(ref _current, new CachedCurrent(info, clock.GetTimestamp()));
        return info;
    }

    /// <summary>Any version ever published, by its version string (to re-price a disputed quote), or null.</summary>
    public async Task<TariffVersionInfo?> FindVersionAsync(string version, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        var row = await db.Tariffs.AsNoTracking().SingleOrDefaultAsync(t => t.Version == version, cancellationToken);
        return row is null ? null : Remember(row);
    }

    public async Task<TariffVersionPage> ListAsync(int? before, int limit, CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        var query = db.Tariffs.AsNoTracking();
        if (before is { } b)
        {
            query = query.Where(t => t.VersionNumber < b);
        }

        var rows = await query.OrderByDescending(t => t.VersionNumber).Take(limit + 1).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(Remember).ToList();
        return new TariffVersionPage(items, rows.Count > limit ? items[^1].VersionNumber : null);
    }

    /// <summary>
    /// Stores <paramref name="definition"/> as the next version and makes it current. With
    /// <paramref name="expectedVersion"/> (the version the owner edited) the publish fails with 409 when another
    /// version became current in between; without it, it still fails when another publish wins the race.
    /// </summary>
    public async Task<TariffVersionInfo> PublishAsync(TariffDefinition definition, string? expectedVersion, string createdBy, CancellationToken cancellationToken)
    {
        var problems = Tariff.Validate(definition with { Version = "next" });
        if (problems.Count > 0)
        {
            throw InvalidTariff(problems);
        }

        await EnsureSeededAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        var published = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var current = await db.Tariffs.AsNoTracking()
                .Where(t => t.IsCurrent)
                .Select(t => new { t.VersionNumber, t.Version, t.DefinitionJson })
                .SingleAsync(cancellationToken);
            if (expectedVersion is not null && !string.Equals(expectedVersion, current.Version, StringComparison.Ordinal))
            {
                throw Conflict(expectedVersion, current.Version);
            }

            // The conditional update is the race: of two publishes based on the same current version, the second
            // finds it no longer current (PostgreSQL re-checks the row after the first commits; SQLite serialises
            // writers) and gets 409 instead of silently overwriting the first.
            var demoted = await db.Tariffs
                .Where(t => t.VersionNumber == current.VersionNumber && t.IsCurrent)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.IsCurrent, false), cancellationToken);
            if (demoted != 1)
            {
                throw Conflict(expectedVersion ?? current.Version, null);
            }

            var number = current.VersionNumber + 1;
            var version = number.ToString(CultureInfo.InvariantCulture);
            var row = new TariffVersionRecord
            {
                VersionNumber = number,
                Version = version,
                DefinitionJson = JsonSerializer.Serialize(definition with { Version = version }, PricingJson.Options),
                CreatedAt = clock.GetUtcNow(),
                CreatedBy = Truncate(createdBy, 100),
                IsCurrent = true,
            };
            db.Tariffs.Add(row);

            // The audit log hears of it through the outbox, committed with the version itself.
            var (changed, before, after) = Changes(current.DefinitionJson, row.DefinitionJson);
            db.AddIntegrationEvent(new TariffPublishedIntegrationEvent(
                number, current.VersionNumber, changed, before, after,
                Guid.TryParse(createdBy, out var actor) ? actor : null, row.CreatedAt));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                throw Conflict(expectedVersion ?? current.Version, null);
            }

            await transaction.CommitAsync(cancellationToken);
            return row;
        });

        var info = Remember(published);
        Volatile.Write(ref _current, new CachedCurrent(info, clock.GetTimestamp()));
        logger.LogInformation("Tariff version {Version} published by {User}", info.Version, createdBy);
        return info;
    }

    /// <summary>Writes the default tariff as version 1 if no tariff is stored yet; safe when nodes race.</summary>
    public async Task EnsureSeededAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is not null)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        if (await db.Tariffs.AnyAsync(cancellationToken))
        {
            return;
        }

        db.Tariffs.Add(new TariffVersionRecord
        {
            VersionNumber = 1,
            Version = "1",
            DefinitionJson = JsonSerializer.Serialize(DefaultTariff.Definition with { Version = "1" }, PricingJson.Options),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = SeedAuthor,
            IsCurrent = true,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Default tariff stored as version 1");
        }
        catch (DbUpdateException)
        {
            // Another node seeded first (primary key 1 or the one-current index): theirs stands.
        }
    }

    private async Task<TariffVersionInfo> LoadCurrentAsync(CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        var row = await db.Tariffs.AsNoTracking().SingleOrDefaultAsync(t => t.IsCurrent, cancellationToken)
            ?? throw new InvalidOperationException("No current tariff is stored.");
        return Remember(row);
    }

    private TariffVersionInfo Remember(TariffVersionRecord row)
    {
        var tariff = _versions.TryGetValue(row.Version, out var known)
            ? known.Tariff
            : Tariff.Create(JsonSerializer.Deserialize<TariffDefinition>(row.DefinitionJson, PricingJson.Options)
                ?? throw new InvalidOperationException($"Tariff version {row.Version} is empty."));
        var info = new TariffVersionInfo(row.Version, row.VersionNumber, row.CreatedAt, row.CreatedBy, row.IsCurrent, tariff);
        _versions.TryAdd(row.Version, info with { Current = false });
        return info;
    }

    /// <summary>
    /// The top-level tariff fields that differ between two stored definitions (the version number aside), with their
    /// values before and after as JSON objects: what the audit log shows.
    /// </summary>
    internal static (IReadOnlyList<string> Fields, string BeforeJson, string AfterJson) Changes(string previousJson, string nextJson)
    {
        var previous = JsonNode.Parse(previousJson)?.AsObject() ?? [];
        var next = JsonNode.Parse(nextJson)?.AsObject() ?? [];
        var fields = new List<string>();
        var before = new JsonObject();
        var after = new JsonObject();
        foreach (var name in previous.Select(p => p.Key).Union(next.Select(p => p.Key), StringComparer.Ordinal))
        {
            if (string.Equals(name, "version", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var was = previous[name];
            var now = next[name];
            if (JsonNode.DeepEquals(was, now))
            {
                continue;
            }

            fields.Add(name);
            before[name] = was?.DeepClone();
            after[name] = now?.DeepClone();
        }

        return (fields, before.ToJsonString(), after.ToJsonString());
    }

    internal static DomainException InvalidTariff(IReadOnlyList<string> problems)
    {
        var error = new DomainException(PricingErrors.InvalidTariff, "The tariff is invalid: " + string.Join(" ", problems));
        error.Details["problems"] = problems;
        return error;
    }

    private static DomainException Conflict(string expected, string? current)
    {
        var error = DomainException.Conflict(
            PricingErrors.TariffVersionConflict,
            current is null
                ? $"Another tariff version was published at the same time as yours (both based on version {expected}). Reload and apply your change again."
                : $"The tariff was changed: you edited version {expected} but version {current} is current. Reload and apply your change again.");
        error.Details["expectedVersion"] = expected;
        if (current is not null)
        {
            error.Details["currentVersion"] = current;
        }

        return error;
    }

    public void Dispose() => _loading.Dispose();

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
