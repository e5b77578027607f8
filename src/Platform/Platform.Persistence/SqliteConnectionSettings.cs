using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Persistence;

/// <summary>
/// Per-connection SQLite settings, applied every time EF opens a connection. Microsoft.Data.Sqlite answers a locked
/// database by sleeping 150 ms between retries; SQLite's own busy handler (<c>busy_timeout</c>) waits in steps of a
/// few milliseconds, so concurrent writers queue behind each other instead of stalling for whole 150 ms slices.
/// The handler is set with the C call on the pooled native handle rather than a <c>PRAGMA</c> statement: every EF
/// query opens its connection, and a statement per open cost a parse and a step on every read.
/// </summary>
internal sealed class SqliteConnectionSettings(int busyTimeoutMilliseconds) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        var handle = ((SqliteConnection)connection).Handle;
        var result = SQLitePCL.raw.sqlite3_busy_timeout(handle, busyTimeoutMilliseconds);
        SqliteException.ThrowExceptionForRC(result, handle);
    }
}
