using System.Data.Common;

namespace NovaTech.Search.Indexing;

/// <summary>The differences between the engines that the hand-written search SQL has to know about.</summary>
internal sealed class SearchSql(bool postgres)
{
    public bool Postgres { get; } = postgres;

    /// <summary>A table of the module: <c>search.documents</c> or <c>search_documents</c>.</summary>
    public string T(string table) => Postgres ? "search." + table : "search_" + table;

    /// <summary>A Guid as the engine stores it (uuid, or upper-case text as EF writes it on SQLite).</summary>
    public object Id(Guid id) => Postgres ? id : id.ToString().ToUpperInvariant();

    /// <summary>An instant as stored (timestamptz, or UTC ticks on SQLite).</summary>
    public object Time(DateTimeOffset at) => Postgres ? at.ToUniversalTime() : at.UtcTicks;

    public Guid ReadId(DbDataReader reader, int ordinal) =>
        Postgres ? reader.GetGuid(ordinal) : Guid.Parse(reader.GetString(ordinal));

    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        Postgres ? reader.GetFieldValue<DateTimeOffset>(ordinal) : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
