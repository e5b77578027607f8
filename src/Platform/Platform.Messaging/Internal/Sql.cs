using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Platform.Messaging.Internal;

/// <summary>
/// Hand-written SQL for the hot paths (claims with leases, conditional updates, insert-or-ignore) that LINQ
/// cannot express portably. Values always go through parameters in the representation EF uses for the
/// provider (SQLite: GUIDs as upper-case TEXT, instants as UTC ticks in INTEGER — see ModuleConventions).
/// </summary>
internal sealed class Sql(DbContext context)
{
    public bool IsPostgres { get; } = context.Database.IsNpgsql();

    public DbContext Context { get; } = context;

    /// <summary>The quoted, schema-qualified table of an entity as the module conventions named it.</summary>
    public string Table<TEntity>()
    {
        var entity = Context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{Context.GetType().Name} does not map {typeof(TEntity).Name}. Did the module call modelBuilder.AddOutbox()/AddInbox()?");
        var schema = entity.GetSchema();
        var table = entity.GetTableName();
        return schema is null ? $"\"{table}\"" : $"\"{schema}\".\"{table}\"";
    }

    /// <summary><c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL; SQLite serialises writers, so nothing is needed there.</summary>
    public string SkipLocked => IsPostgres ? " FOR UPDATE SKIP LOCKED" : "";

    public object Value(Guid value) => IsPostgres ? value : value.ToString().ToUpperInvariant();

    public object Value(DateTimeOffset value) => IsPostgres
        ? value.ToUniversalTime()
        : value.UtcTicks;

    public object Value(DateTimeOffset? value) => value is { } v ? Value(v) : DBNull.Value;

    public static object Value(string? value) => value is null ? DBNull.Value : value;

    /// <summary>A parameter list <c>(@p0, @p1, …)</c> for an IN clause.</summary>
    public (string List, (string Name, object Value)[] Parameters) InList(IReadOnlyList<Guid> ids, string prefix = "id")
    {
        var parameters = ids.Select((id, i) => ($"@{prefix}{i}", Value(id))).ToArray();
        return ("(" + string.Join(", ", parameters.Select(p => p.Item1)) + ")", parameters);
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = await CommandAsync(sql, parameters, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = await CommandAsync(sql, parameters, cancellationToken);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DBNull ? null : result;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = await CommandAsync(sql, parameters, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null
        : reader.GetFieldType(ordinal) == typeof(long) ? new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero)
        : reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();

    public static string? ReadString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private async Task<DbCommand> CommandAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        var connection = Context.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            // EF closes a connection it opened itself when the context is disposed.
            await Context.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.Transaction = Context.Database.CurrentTransaction?.GetDbTransaction();
#pragma warning disable CA2100 // Table names come from the EF model, never from input; values go through parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
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
