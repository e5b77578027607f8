using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.Persistence;

/// <summary>
/// Applies a module's versioned SQL scripts: a history table with checksums, one transaction per script
/// (script and history row commit together), and a database-wide lock so several nodes starting at once
/// apply each script exactly once (PostgreSQL advisory lock; SQLite <c>BEGIN IMMEDIATE</c>).
/// </summary>
public sealed class MigrationRunner(ILogger<MigrationRunner> logger, TimeProvider time)
{
    private const string HistoryTable = "schema_migrations";

    // Any constant works; it only has to be the same on every node.
    private const long PostgresLockKey = 0x4e4f5453_4d494752;

    /// <summary>Applies every pending script of <paramref name="module"/> to the context's database.</summary>
    /// <exception cref="MigrationChecksumException">An applied script was edited afterwards.</exception>
    public async Task<int> MigrateAsync(DbContext context, string module, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scripts);
        var postgres = context.Database.IsNpgsql();
        var connection = context.Database.GetDbConnection();
        var openedHere = connection.State != System.Data.ConnectionState.Open;
        if (openedHere)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            if (!postgres)
            {
                // WAL is a property of the file; setting it once lets readers run beside the writer.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            }

            var applied = 0;
            foreach (var script in scripts)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (postgres)
                {
                    await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey});", cancellationToken);
                }

                await ExecuteAsync(connection, transaction, CreateHistorySql(postgres), cancellationToken);
                var existing = await ScalarAsync(connection, transaction,
                    $"SELECT checksum FROM {HistoryTable} WHERE module = @module AND version = @version;",
                    cancellationToken, ("@module", module), ("@version", script.Version));
                if (existing is string checksum)
                {
                    if (!string.Equals(checksum, script.Checksum, StringComparison.Ordinal))
                    {
                        throw new MigrationChecksumException(module, script.Name, checksum, script.Checksum);
                    }

                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }

                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction,
                    $"INSERT INTO {HistoryTable} (module, version, name, checksum, applied_at) VALUES (@module, @version, @name, @checksum, @appliedAt);",
                    cancellationToken,
                    ("@module", module), ("@version", script.Version), ("@name", script.Name), ("@checksum", script.Checksum),
                    ("@appliedAt", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
                await transaction.CommitAsync(cancellationToken);
                applied++;
                logger.LogInformation("Applied migration {Module}/{Script}", module, script.Name);
            }

            return applied;
        }
        finally
        {
            if (openedHere)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static string CreateHistorySql(bool postgres) => postgres
        ? $"CREATE TABLE IF NOT EXISTS public.{HistoryTable} (module text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL, applied_at text NOT NULL, PRIMARY KEY (module, version));"
        : $"CREATE TABLE IF NOT EXISTS {HistoryTable} (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version));";

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL is the module's own embedded script or a constant; values go through parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = 300;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

/// <summary>Thrown when a script that was already applied has been edited: write a new script instead.</summary>
public sealed class MigrationChecksumException(string module, string script, string appliedChecksum, string currentChecksum)
    : InvalidOperationException($"Migration {module}/{script} was edited after it was applied (applied checksum {appliedChecksum}, file now {currentChecksum}). Add a new script instead of editing an applied one.")
{
}
