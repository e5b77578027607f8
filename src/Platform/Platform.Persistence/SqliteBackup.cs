using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Persistence;

/// <summary>Settings under <c>Backup:Sqlite</c> (embedded mode only).</summary>
public sealed class SqliteBackupOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Backup:Sqlite";

    /// <summary>Where copies are written; backups are off while this is empty.</summary>
    public string? Directory { get; set; }

    /// <summary>Time between copies (default 1 h; the RPO of the embedded mode is at most this).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many copies to keep (default 48); older ones are deleted after a successful copy.</summary>
    public int Keep { get; set; } = 48;
}

/// <summary>
/// Online backup of the embedded SQLite database through SQLite's backup API (<see cref="SqliteConnection.BackupDatabase(SqliteConnection)"/>):
/// a consistent copy taken while the application keeps writing (WAL mode), written under a temporary name, checked with
/// <c>PRAGMA quick_check</c> and then renamed to <c>&lt;product&gt;-yyyyMMddTHHmmssZ.db</c>, so a file with the final name is
/// always a complete, openable database.
/// </summary>
public sealed partial class SqliteBackup(ProductDatabase database, IOptions<SqliteBackupOptions> options, TimeProvider time, ILogger<SqliteBackup> logger)
{
    private static readonly Meter Meter = new("Platform.Persistence");
    private static readonly Counter<long> Completed = Meter.CreateCounter<long>("platform.backup.completed", "{backup}", "Database backups written and checked.");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("platform.backup.failed", "{backup}", "Database backups that failed.");
    private static long _lastSuccessUnixSeconds;

    static SqliteBackup() => Meter.CreateObservableGauge(
        "platform.backup.last_success", () => Interlocked.Read(ref _lastSuccessUnixSeconds) is > 0 and var at ? [new Measurement<long>(at)] : Array.Empty<Measurement<long>>(),
        "s", "Unix time of the last successful backup (embedded mode).");

    /// <summary>Takes one copy now; returns its path.</summary>
    public async Task<string> BackupAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var directory = settings.Directory is { Length: > 0 } d ? Path.GetFullPath(d) : throw new InvalidOperationException("Backup:Sqlite:Directory is not set.");
        System.IO.Directory.CreateDirectory(directory);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var final = Path.Combine(directory, $"{database.Product.ToLowerInvariant()}-{stamp}.db");
        var partial = final + ".partial";
        try
        {
            await using (var source = new SqliteConnection(database.ConnectionString))
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await source.OpenAsync(cancellationToken);
                await target.OpenAsync(cancellationToken);
                source.BackupDatabase(target);
                await using var check = target.CreateCommand();
                // A standalone copy: rollback journal, so it opens without -wal/-shm files beside it.
                check.CommandText = "PRAGMA journal_mode=DELETE";
                await check.ExecuteNonQueryAsync(cancellationToken);
                check.CommandText = "PRAGMA quick_check";
                var result = (string?)await check.ExecuteScalarAsync(cancellationToken);
                if (result != "ok")
                {
                    throw new InvalidOperationException($"The backup copy failed its check: {result}");
                }
            }

            File.Move(partial, final, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            Failed.Add(1);
            throw;
        }

        Completed.Add(1);
        Interlocked.Exchange(ref _lastSuccessUnixSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        Prune(directory, settings.Keep);
        LogBackedUp(final);
        return final;
    }

    private void Prune(string directory, int keep)
    {
        var copies = System.IO.Directory.GetFiles(directory, $"{database.Product.ToLowerInvariant()}-*.db")
            .OrderDescending(StringComparer.Ordinal)
            .Skip(Math.Max(keep, 1));
        foreach (var old in copies)
        {
            File.Delete(old);
            File.Delete(old + "-wal");
            File.Delete(old + "-shm");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite backup written to {Path}")]
    private partial void LogBackedUp(string path);
}

/// <summary>Runs <see cref="SqliteBackup"/> every <see cref="SqliteBackupOptions.Interval"/>, the first copy at start-up.</summary>
internal sealed partial class SqliteBackupService(SqliteBackup backup, IOptions<SqliteBackupOptions> options, TimeProvider time, ILogger<SqliteBackupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await backup.BackupAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
            {
                LogBackupFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite backup failed; trying again at the next interval")]
    private partial void LogBackupFailed(Exception exception);
}

/// <summary>Registration of the embedded mode's scheduled backup.</summary>
public static class SqliteBackupServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteBackup"/>, and the schedule when the product runs on SQLite and <c>Backup:Sqlite:Directory</c>
    /// is set (PostgreSQL is backed up outside the application: deploy/backup/).
    /// </summary>
    public static IServiceCollection AddSqliteBackup(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SqliteBackupOptions>()
            .Bind(configuration.GetSection(SqliteBackupOptions.SectionName))
            .Validate(o => o.Interval > TimeSpan.Zero && o.Keep >= 1, "Backup:Sqlite: Interval must be positive and Keep at least 1.")
            .ValidateOnStart();
        services.AddSingleton<SqliteBackup>();
        var provider = configuration["Database:Provider"];
        var sqlite = string.IsNullOrWhiteSpace(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
        if (sqlite && !string.IsNullOrWhiteSpace(configuration[$"{SqliteBackupOptions.SectionName}:Directory"]))
        {
            services.AddHostedService<SqliteBackupService>();
        }

        return services;
    }
}
