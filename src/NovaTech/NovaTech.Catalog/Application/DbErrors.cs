using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace NovaTech.Catalog.Application;

/// <summary>Reads which unique key a failed insert or update broke, on either engine.</summary>
internal static class DbErrors
{
    /// <summary>The constraint or column list of a unique violation (e.g. <c>IX_products_slug</c> or <c>catalog_products.slug</c>), or null.</summary>
    public static string? UniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg => pg.ConstraintName ?? "unique",
        SqliteException { SqliteErrorCode: 19 } sqlite when sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal) => sqlite.Message,
        _ => null,
    };
}
