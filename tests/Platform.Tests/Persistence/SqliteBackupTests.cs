using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Persistence;
using Platform.Testing;

namespace Platform.Tests.Persistence;

/// <summary>The embedded mode's online backup (SQLite only: PostgreSQL is backed up by deploy/backup/).</summary>
public sealed class SqliteBackupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "platform-tests", "backup-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_copy_taken_while_writes_continue_opens_and_has_every_committed_row_and_old_copies_are_pruned()
    {
        Directory.CreateDirectory(_directory);
        var database = new ProductDatabase("Shop", DatabaseProvider.Sqlite,
            new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "shop.db") }.ToString());
        await using var live = new SqliteConnection(database.ConnectionString);
        await live.OpenAsync();
        await ExecuteAsync(live, "PRAGMA journal_mode=WAL; CREATE TABLE orders (id INTEGER PRIMARY KEY, reference TEXT NOT NULL);");
        for (var i = 1; i <= 250; i++)
        {
            await ExecuteAsync(live, $"INSERT INTO orders (reference) VALUES ('ORD-{i}')");
        }

        var clock = new ManualTimeProvider();
        var backup = new SqliteBackup(database, Options.Create(new SqliteBackupOptions { Directory = Path.Combine(_directory, "copies"), Keep = 2 }), clock, NullLogger<SqliteBackup>.Instance);
        var first = await backup.BackupAsync(CancellationToken.None);
        (await CountAsync(first, "SELECT count(*) FROM orders")).ShouldBe(250);
        await ExecuteAsync(live, "INSERT INTO orders (reference) VALUES ('ORD-LATE')");
        clock.Advance(TimeSpan.FromMinutes(10));
        var second = await backup.BackupAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10));
        var third = await backup.BackupAsync(CancellationToken.None);

        (await CountAsync(third, "SELECT count(*) FROM orders")).ShouldBe(251);
        (await CountAsync(third, "SELECT count(*) FROM orders WHERE reference = 'ORD-LATE'")).ShouldBe(1);
        Directory.GetFiles(Path.Combine(_directory, "copies")).Select(Path.GetFileName).Order().ShouldBe([Path.GetFileName(second), Path.GetFileName(third)]);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string path, string sql)
    {
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync();
        await using var command = copy.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
